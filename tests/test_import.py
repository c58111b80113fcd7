"""``facs-course import``: an instructor's clips, as a stranger's files would be, into a practice set.

The clips are drawn by the course and written to disk the way someone else's camera or editor
would: H.264 MP4 through PyAV, odd frame sizes, 25 and 30 fps, the face away from the centre.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from fractions import Fraction
from pathlib import Path

import av
import nbformat
import numpy as np
import pytest
from nbgrader.api import Gradebook

from autograder.release import nbgrader
from course.face.clip import clip_spec_for, make_clip
from course.face.identities import IDENTITIES
from course.face.render import REGIONS, render_score
from course.player.facebox import face_boxes

pytestmark = pytest.mark.slow

SIZE = 200  # the face's render size, pasted into a larger frame
PLACES = {  # file: score, fps, frame count, frame width and height, where the face's top left is
    "smile.mp4": ("6C+12D", 25, 40, 413, 301, (30, 60)),
    "brows.mp4": ("1C+2C", 30, 36, 480, 270, (250, 40)),
}


def write_h264(path: Path, frames: list[np.ndarray], fps: int) -> Path:
    """Frames as an H.264 MP4 (4:4:4, so that odd sizes need no padding), as a camera writes."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=Fraction(fps))
        stream.height, stream.width = frames[0].shape[:2]
        stream.pix_fmt = "yuv444p"
        for frame in frames:
            container.mux(stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")))
        container.mux(stream.encode())
    return path


def stranger_clip(path: Path, score: str, fps: int, count: int, width: int, height: int, at):
    """A course clip of ``score`` pasted at ``at`` into a grey frame of an odd size."""
    clip = make_clip(clip_spec_for(score, frames=count, fps=fps, size=SIZE))
    x, y = at
    frames = []
    for face in clip.frames():
        frame = np.full((height, width, 3), 96, np.uint8)
        frame[y : y + SIZE, x : x + SIZE] = face
        frames.append(frame)
    return write_h264(path, frames, fps), clip.key


def facs_course(*args: str, **env: str) -> subprocess.CompletedProcess:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        [sys.executable, "-m", "course.cli", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ, PATH=path, **env),
    )


@pytest.fixture(scope="module")
def licensed(tmp_path_factory) -> Path:
    """The instructor's folder: two good clips, and copies for the rows that go wrong."""
    folder = tmp_path_factory.mktemp("licensed")
    for name, (score, fps, count, width, height, at) in PLACES.items():
        stranger_clip(folder / name, score, fps, count, width, height, at)
    return folder


@pytest.fixture(scope="module")
def imported(licensed, tmp_path_factory):
    folder = licensed
    shutil.copy(folder / "brows.mp4", folder / "brows2.mp4")
    shutil.copy(folder / "smile.mp4", folder / "late.mp4")
    (folder / "broken.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + os.urandom(4000))
    keys = folder.parent / "keys.csv"
    keys.write_text(
        "file,score,onset,apex,offset\n"
        "smile.mp4,6+12D,4,20,36\n"
        "brows.mp4,1C+2C,,,\n"
        "missing.mp4,12C,,,\n"
        "brows2.mp4,1+99,,,\n"
        "late.mp4,12C,,40,\n"
        "broken.mp4,12C,,,\n"
    )
    root = tmp_path_factory.mktemp("course")
    done = facs_course("import", str(folder), "--keys", str(keys), "--root", str(root))
    return done, root / "imported" / folder.name


def test_good_rows_import_and_every_bad_row_is_named_with_its_fix(imported):
    done, out = imported
    assert done.returncode == 1, done.stderr
    problems = done.stderr.splitlines()
    assert len(problems) == 4, done.stderr
    assert problems[0].startswith("Row 4 (missing.mp4): there is no file missing.mp4")
    assert problems[1].startswith("Row 5 (brows2.mp4): the score cannot be read")
    assert "99" in problems[1]
    assert problems[2] == (
        "Row 6 (late.mp4): apex 40 is past the end: the clip has 40 frames (0 to 39). "
        "Check the frame numbers (the first frame is 0)."
    )
    assert problems[3].startswith("Row 7 (broken.mp4): Cannot read")
    assert "Traceback" not in done.stderr
    assert "smile.mp4: 40 frames at 25 fps, key 6+12D" in done.stdout
    assert "brows.mp4: 36 frames at 30 fps, key 1C+2C" in done.stdout
    assert "Imported 2 of 6 clips" in done.stdout

    practice = tomllib.loads((out / "practice.toml").read_text())
    assert [(c["source"], c["fps"], c["frames"]) for c in practice["clip"]] == [
        ("smile.mp4", 25.0, 40),
        ("brows.mp4", 30.0, 36),
    ]
    assert practice["clip"][0]["apex"] == 20 and "apex" not in practice["clip"][1]
    assert sorted(p.name for p in (out / "clips").iterdir()) == ["brows.webm", "smile.webm"]
    with av.open(str(out / "clips" / "smile.webm")) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "vp9"  # what every Chromium plays
        assert (stream.width, stream.height) == (414, 302)  # padded to even by one edge pixel


def test_the_face_cascade_finds_the_renderers_own_regions():
    """On the course's own faces, the boxes from the cascade land on the renderer's regions."""
    size = 320
    for identity in range(len(IDENTITIES)):
        boxes = face_boxes(render_score("1C+2C+12C", identity, size))
        assert boxes is not None, identity
        for name, expected in REGIONS.items():
            assert np.abs(np.array(boxes[name]) - np.clip(expected, 0, 1)).max() < 0.08, (
                identity,
                name,
            )


def test_the_player_zooms_where_the_face_is(imported):
    from course.imported import PracticeSet

    _, out = imported
    clips = PracticeSet(out)
    assert len(clips) == 2
    for number, name in enumerate(PLACES, start=1):
        _, _, _, width, height, (x, y) = PLACES[name]
        player = clips.play(number)
        boxes = {r["name"]: r["box"] for r in player.regions}
        x0, y0, x1, y1 = REGIONS["eyes"]  # where the renderer drew the eyes, in this frame
        expected = ((x + x0 * SIZE) / width, (y + y0 * SIZE) / height)
        expected += ((x + x1 * SIZE) / width, (y + y1 * SIZE) / height)
        assert np.abs(np.array(boxes["eyes"]) - expected).max() < 0.06, (name, boxes["eyes"])
        assert player.fps == PLACES[name][1] and player.frame_count == PLACES[name][2]

    smile = clips.play(1)
    smile.code = "6C+12D"
    smile.marks = {"onset": 4, "apex": 20, "offset": 36}
    assert smile.check().agreement == 1
    assert "clip 1 of 2" in smile.title
    notebook = (out / f"{out.name}.ipynb").read_text()
    assert "clips.play(2)" in notebook and "6+12D" not in notebook  # the key stays in the set


@pytest.mark.pipeline
def test_a_graded_week_of_imported_clips_keeps_its_keys_with_the_instructor(
    licensed, tmp_path, monkeypatch
):
    keys_dir, root = tmp_path / "private-keys", tmp_path / "course"
    keys_dir.mkdir()
    root.mkdir()
    shutil.copy(Path(__file__).resolve().parent.parent / "nbgrader_config.py", root)
    monkeypatch.setenv("FACS_KEYS_DIR", str(keys_dir))
    keys = tmp_path / "graded.csv"
    keys.write_text(
        "file,score,onset,apex,offset\nsmile.mp4,6+12D,4,20,36\nbrows.mp4,1C+2C,4,18,31\n"
    )

    done = facs_course("import", str(licensed), "--keys", str(keys), "--graded", "week10")
    assert done.returncode == 0, done.stderr
    assert f"Wrote the keys of week10 (2 items) to {keys_dir / 'week10.toml'}" in done.stdout
    done = facs_course("release", "week10", "--root", str(root))
    assert done.returncode == 0, done.stderr

    release = root / "release" / "week10"
    released = (release / "week10.ipynb").read_text()
    assert "6+12D" not in released and "1C+2C" not in released
    assert "6+12D" not in (root / "source" / "week10" / "week10.ipynb").read_text()
    assert sorted(p.name for p in (release / "clips").iterdir()) == ["item01.webm", "item02.webm"]
    converted = keys_dir / "week10-import" / "clips" / "smile.webm"
    assert (release / "clips" / "item01.webm").read_bytes() == converted.read_bytes()

    notebook = nbformat.read(release / "week10.ipynb", as_version=4)
    answers = {"item01-answer": 'item_01 = "6+12D"', "item01-frames": 'frames_01 = "4, 20, 36"'}
    answers |= {"item02-answer": 'item_02 = "1C"', "item02-frames": 'frames_02 = "4, 18, 40"'}
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell.source = answers.get(grade_id, cell.source)
    (root / "submitted" / "ana" / "week10").mkdir(parents=True)
    nbformat.write(notebook, root / "submitted" / "ana" / "week10" / "week10.ipynb")
    graded = nbgrader("autograde", "week10", "--create", root=root)
    assert graded.returncode == 0, graded.stderr

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        scores = {g.name: g.score for g in gb.find_submission("week10", "ana").notebooks[0].grades}
    # item 2: 1 of 1+2 codes (2/3); its offset 9 frames late at 30 fps (2 of 3 phases in time)
    assert scores["item01"] == 1 and scores["item01-timing"] == 1
    assert scores["item02"] == pytest.approx(2 / 3, abs=1e-4)
    assert scores["item02-timing"] == pytest.approx(2 / 3, abs=1e-4)


def test_the_set_notebook_runs_in_a_kernel(imported):
    from nbclient import NotebookClient

    _, out = imported
    book = nbformat.read(out / f"{out.name}.ipynb", as_version=4)
    NotebookClient(book, timeout=300, resources={"metadata": {"path": str(out)}}).execute()
    outputs = [o for c in book.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    players = [
        o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert len(players) == 2
    assert "36 frames at 30 fps" in str(players[1]["data"]["text/html"])
