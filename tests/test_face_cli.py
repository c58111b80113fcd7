"""The face commands of ``facs-course``: render a still, make a clip with its key, a gallery."""

from __future__ import annotations

import json
from pathlib import Path

import av
import cv2
import pytest

from course import cli


def test_render_writes_a_png_of_the_asked_size(tmp_path: Path, capsys) -> None:
    out = tmp_path / "smile.png"
    assert cli.main(["render", "6+12C", "--identity", "1", "--size", "128", "--out", str(out)]) == 0
    image = cv2.imread(str(out))
    assert image.shape == (128, 128, 3)
    neutral = tmp_path / "neutral.png"
    assert cli.main(["render", "0", "--size", "128", "--out", str(neutral)]) == 0
    assert (cv2.imread(str(neutral)) != image).any()
    assert str(out) in capsys.readouterr().out


def test_clip_json_prints_the_key_and_the_video_plays(tmp_path: Path, capsys) -> None:
    out = tmp_path / "item.webm"
    argv = ["clip", "1+2+5b", "--out", str(out), "--frames", "20", "--fps", "20"]
    argv += ["--size", "96", "--apex", "8", "--blinks", "1", "--json"]
    assert cli.main(argv) == 0
    key = json.loads(capsys.readouterr().out)
    assert key["score"] == "1+2+5B"
    assert key["apex"] == 8 and key["frames"] == 20 and key["fps"] == 20
    assert {e["code"] for e in key["events"]} == {"1", "2", "5B", "45"}
    with av.open(str(out)) as container:
        assert sum(1 for _ in container.decode(video=0)) == 20


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["render", "44", "--out", "{tmp}/a.png"], "44"),
        (["render", "12", "--identity", "99", "--out", "{tmp}/a.png"], "99"),
        (["clip", "26+27", "--out", "{tmp}/a.webm"], "cannot be scored together"),
        (["clip", "12", "--frames", "30", "--apex", "40", "--out", "{tmp}/a.webm"], "frame"),
        (["clip", "12", "--frames", "10", "--out", "{tmp}/no/such/folder/a.webm"], "folder"),
        (["render", "12", "--out", "{tmp}/a.gif"], ".png"),
        (["render", "12", "--view", "side", "--out", "{tmp}/a.png"], "three-quarter"),
        (["clip", "12", "--view", "side", "--out", "{tmp}/a.webm"], "three-quarter"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, capsys, argv, words) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert words in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not list(tmp_path.iterdir())


def test_gallery_writes_images_and_lists_them(tmp_path: Path, capsys) -> None:
    out = tmp_path / "gallery"
    assert cli.main(["gallery", "--out", str(out), "--size", "64"]) == 0
    listed = capsys.readouterr().out.split()
    assert listed and all(Path(p).is_file() for p in listed)


def test_three_quarter_view_turns_the_clip_and_the_still(tmp_path: Path) -> None:
    frames = {}
    for view in ("frontal", "three-quarter"):
        out = tmp_path / f"{view}.webm"
        argv = ["clip", "18", "--out", str(out), "--frames", "10", "--size", "96"]
        assert cli.main([*argv, "--view", view]) == 0
        with av.open(str(out)) as container:
            frames[view] = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
        still = tmp_path / f"{view}.png"
        assert cli.main(["render", "18", "--size", "96", "--view", view, "--out", str(still)]) == 0
    assert len(frames["three-quarter"]) == 10
    # The head is turned on every frame, not only where the lips move.
    for a, b in zip(frames["frontal"], frames["three-quarter"], strict=True):
        assert (abs(a.astype(int) - b.astype(int)).max(axis=2) > 40).mean() > 0.05
    front, turned = (cv2.imread(str(tmp_path / f"{v}.png")) for v in ("frontal", "three-quarter"))
    assert (abs(front.astype(int) - turned.astype(int)).max(axis=2) > 40).mean() > 0.05
