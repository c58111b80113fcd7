"""The player's Python side: sources, the code box round trip, Check, and the static fallback."""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path

import cv2
import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from course.face import kept
from course.face.clip import clip_spec_for, write_clip
from course.face.video import VideoError, write_webm
from course.facs import Event, NotationError, parse
from course.player import ClipPlayer, cache, play
from course.player.bundle import JS, player_module
from course.player.sources import load
from course.player.widget import parse_preview

WEBM_MAGIC = b"\x1a\x45\xdf\xa3"
JS_TESTS = Path(__file__).parent / "js"


def html_of(player: ClipPlayer) -> str:
    data, _ = player._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    return data["text/html"]


def still_of(html: str) -> np.ndarray:
    png = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", html).group(1))
    return cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)


def node(*args: str) -> subprocess.CompletedProcess:
    command = shutil.which("node")
    assert command, "node is missing: run `bash .ci/system-packages` (make test does)"
    return subprocess.run([command, *args], capture_output=True, text=True, timeout=120)


def test_player_js_helpers_pass_their_node_tests():
    """Zoom geometry, frame <-> time, the files URL and the key map (tests/js/)."""
    tests = sorted(str(path) for path in JS_TESTS.glob("*.test.mjs"))
    assert tests
    result = node("--test", *tests)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_the_widget_ships_one_self_contained_module(tmp_path):
    module = player_module()
    assert not re.search(r"^import ", module, re.M)
    for part in JS.glob("*.js"):
        assert module.count(f"// --- {part.name} ---") == 1
    path = tmp_path / "player.mjs"
    path.write_text(module)
    script = f"import({str(path.as_uri())!r}).then(m => console.log(typeof m.default.render))"
    result = node("--input-type=module", "-e", script)
    assert result.stdout.strip() == "function", result.stderr[-2000:]


def test_a_score_becomes_a_generated_clip():
    player = play("1+2+5B")
    assert player.clip.startswith(WEBM_MAGIC)
    assert (player.frame_count, player.fps, player.mime) == (90, 30.0, "video/webm")
    assert player.title == "Clip of 1+2+5B"
    assert not player.practice
    names = [r["name"] for r in player.regions]
    assert names == ["face", "brows", "eyes", "cheeks", "mouth"]
    for region in player.regions:
        x0, y0, x1, y1 = region["box"]
        assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1


def test_fallback_shows_the_apex_still_and_codes():
    player = play("1+2+5B")
    html = html_of(player)
    assert "Codes at the apex: 1+2+5B" in html
    assert f"90 frames at 30 fps; still of the apex (frame {player.loaded.key.apex})." in html
    assert still_of(html).shape == (320, 320, 3)


def test_practice_fallback_never_shows_the_key():
    player = play("1+2+5B", practice=True)
    assert player.title == "Practice clip" and player.practice
    html = html_of(player)
    assert "1+2+5B" not in html
    player.code = "1+2"
    assert "Your code: 1+2" in html_of(player)


def test_a_hidden_key_player_carries_no_key():
    """A test item: no Check, no Hint, and the codes nowhere in the synced state or fallback."""
    player = play("4+7+23", hide_key=True, title="Mock test · item 1 of 3")
    assert player.loaded.key is None and player.exercise is None
    state = player.get_state()
    assert not state["practice"] and state["key_events"] == []
    assert state["title"] == "Mock test · item 1 of 3"
    texts = [str(v) for name, v in state.items() if name not in ("clip", "_esm", "_css")]
    assert not any("4+7+23" in text for text in texts)
    assert state["_esm"] == player_module()
    html = html_of(player)
    assert "Codes at the apex" not in html and "4+7+23" not in html
    with pytest.raises(ValueError, match="no key"):
        player.check()
    with pytest.raises(ValueError, match="hide_key"):
        play("1+2+5B", hide_key=True, practice=True)


def test_a_score_string_is_never_taken_for_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_webm([np.zeros((32, 32, 3), np.uint8)] * 5, tmp_path / "12", 10)
    player = play("12")
    assert player.title == "Clip of 12" and player.loaded.key.score == parse("12")
    assert player.frame_count == 90
    assert play(tmp_path / "12").frame_count == 5  # a Path is always a file


def test_code_box_parses_in_python_as_you_type():
    player = play("12")
    player.code = "au 12 b + 6"
    assert player.parsed["state"] == "ok"
    assert player.parsed["canonical"] == "6+12B"
    assert player.parsed["codes"][1] == {
        "text": "12B",
        "name": "Lip corner puller",
        "detail": "B: slight",
    }
    player.code = "1+2x"
    with pytest.raises(NotationError) as error:
        parse("1+2x")
    assert player.parsed == {"state": "error", "message": str(error.value)}
    player.code = "..."
    assert player.parsed["state"] == "empty"
    assert parse_preview("0")["codes"][0]["name"] == "Neutral: no action"


def test_check_uses_the_code_box_and_the_marks():
    player = play("1+2+5B", practice=True)
    timing = player.exercise.timing
    player.code = "1+2"
    player.marks = {"onset": None, "apex": timing.apex, "offset": None}
    feedback = player.check()
    assert (player.feedback_state, player.agreement) == ("checked", "0.80")
    assert "Missed (in the key, not in your answer): 5 (Upper lid raiser)." in str(feedback)
    assert f"Apex: you marked frame {timing.apex}, key frame {timing.apex}" in player.feedback
    # All three actions share their timing, so the timeline shows one bar.
    assert player.key_events == [
        {"label": "1+2+5B", "onset": timing.onset, "apex": timing.apex, "offset": timing.offset}
    ]
    player.code = ""
    player.check()
    assert player.feedback_state == "not-attempted" and player.agreement == ""


def test_feedback_is_marked_stale_when_the_code_changes_after_a_check():
    player = play("1+2+5B", practice=True)
    player.code = "1+2"
    player.check()
    player.code = "1+2"  # the same code: still current
    assert player.feedback_state == "checked"
    player.code = "1+2+5"
    assert player.feedback_state == "stale"
    player.check()
    assert (player.feedback_state, player.agreement) == ("checked", "1.00")


def test_hints_escalate_in_the_panel():
    player = play("12", practice=True)
    assert "Hint 1 of 3" in player.next_hint().title
    assert "mouth and chin" in player.hint
    player.next_hint()
    assert "The answer: 12" in player.next_hint().title


def test_a_course_clip_with_its_key(tmp_path):
    spec = clip_spec_for("4+7", frames=40, onset=5, apex=20, offset=35)
    key = write_clip(spec, tmp_path / "item.webm")
    player = play((key, tmp_path / "item.webm"), practice=True)
    assert player.clip == (tmp_path / "item.webm").read_bytes()  # WebM passes through as is
    assert player.frame_count == 40
    assert player.exercise.timing == Event(5, 20, 35)
    player.code = "4+7"
    assert player.check().agreement == 1.0


def test_a_video_the_browser_cannot_play_is_converted(tmp_path):
    path = tmp_path / "instructor.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 25, (64, 48))
    for n in range(12):
        writer.write(np.full((48, 64, 3), n * 20, np.uint8))
    writer.release()
    player = play(path, key="12", timing=Event(2, 6, 10))
    assert player.clip.startswith(WEBM_MAGIC)
    assert (player.frame_count, player.fps) == (12, 25.0)
    assert player.practice and player.title == "Practice clip"
    html = html_of(player)
    assert still_of(html).shape == (48, 64, 3)
    assert "12 frames at 25 fps; still of frame 6." in html


def test_own_webm_keeps_its_bytes_and_frame_rate(tmp_path):
    path = write_webm([np.zeros((32, 48, 3), np.uint8)] * 7, tmp_path / "own.webm", 12)
    player = play(str(path))
    assert player.clip == path.read_bytes()
    assert (player.frame_count, player.fps, player.title) == (7, 12.0, "own")


def test_clear_errors_for_bad_sources(tmp_path):
    with pytest.raises(VideoError, match="no video file"):
        play(tmp_path / "missing.mp4")
    with pytest.raises(TypeError, match="FACS score"):
        play(42)
    with pytest.raises(ValueError, match="needs a key"):
        play(write_webm([np.zeros((32, 32, 3), np.uint8)], tmp_path / "a.webm", 30), practice=True)
    with pytest.raises(NotationError):
        play("1+2x")


def test_exported_html_shows_the_still_instead_of_a_blank(tmp_path):
    """Notebooks saved without widget state (JupyterLab's default) export the fallback."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('from course.player import play\nplay("12")')]
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        store_widget_state=False,
        resources={"metadata": {"path": tmp_path}},
    )
    client.execute()
    html, _ = HTMLExporter().from_notebook_node(nb)
    assert "facs-player-still" in html
    assert "data:image/png;base64," in html
    assert "Codes at the apex: 12" in html


def test_large_videos_stream_from_the_server_instead_of_the_kernel(tmp_path):
    webm = write_webm([np.zeros((32, 48, 3), np.uint8)] * 5, tmp_path / "big.webm", 10)
    player = play(webm, inline_limit=0)
    assert (player.clip, player.file) == (b"", str(webm.resolve()))
    assert player.frame_count == 5
    mp4 = tmp_path / "big.mp4"
    writer = cv2.VideoWriter(str(mp4), cv2.VideoWriter_fourcc(*"mp4v"), 10, (48, 32))
    for _ in range(5):
        writer.write(np.zeros((32, 48, 3), np.uint8))
    writer.release()
    player = play(mp4, inline_limit=0)
    converted = tmp_path / "big.browser.webm"
    assert player.file == str(converted.resolve())
    assert converted.read_bytes().startswith(WEBM_MAGIC)


def test_a_generated_clip_can_come_back_before_its_video():
    spec = clip_spec_for("1+2+5B")
    early = load(spec, wait=False)
    assert early.data == b"" and early.poster.startswith(b"\x89PNG")
    assert early.pending.result(timeout=120) == load(spec).data  # the same bytes, later
    assert ClipPlayer(early).wait(120).clip.startswith(WEBM_MAGIC)

    failed: Future = Future()
    player = ClipPlayer(replace(early, pending=failed))
    failed.set_exception(OSError("disk full"))
    assert player.wait(5).clip == b""
    assert player.problem == "The clip could not be drawn (disk full). Run the cell again."


def test_a_clip_shown_before_comes_from_the_clip_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FACS_CLIP_CACHE", str(tmp_path / "clips"))
    spec = clip_spec_for("1+2")
    first = load(spec, wait=False)
    video = first.pending.result(timeout=120)
    again = load(spec, wait=False)  # nothing to draw or encode: the video is in at once
    assert again.pending is None and again.data == video
    assert (again.poster, again.still) == (first.poster, first.still)
    assert ClipPlayer(again).wait(0).clip == video
    other = load(clip_spec_for("1+2", identity=1))
    assert other.data != video and other.poster != first.poster


@pytest.fixture
def drawing_code(tmp_path, monkeypatch) -> Path:
    """A stand-in for the drawing code the cache keys clips by, and a cache folder."""
    code = tmp_path / "face"
    code.mkdir()
    (code / "render.py").write_text("first version")
    monkeypatch.setenv("FACS_CLIP_CACHE", str(tmp_path / "clips"))
    monkeypatch.setattr(kept, "DRAWING_CODE", [code])
    kept.drawing_code.cache_clear()
    yield code
    kept.drawing_code.cache_clear()


def test_the_clip_cache_forgets_clips_of_changed_drawing_code(drawing_code):
    cache.write("spec", b"video", b"poster", b"still")
    assert cache.read("spec") == (b"video", b"poster", b"still")
    assert cache.read("another spec") is None
    (drawing_code / "render.py").write_text("second version")
    kept.drawing_code.cache_clear()
    assert cache.read("spec") is None


def test_the_clip_cache_keeps_the_clips_shown_last(drawing_code, monkeypatch):
    monkeypatch.setattr(cache, "KEEP", 2)
    for age, spec in enumerate(["a", "b"]):
        cache.write(spec, b"v", b"p", b"s")
        os.utime(cache._entry(spec), (1000 + age, 1000 + age))
    assert cache.read("a")  # shown again: now the newest
    cache.write("c", b"v", b"p", b"s")
    assert [bool(cache.read(spec)) for spec in "abc"] == [True, False, True]


def test_the_clip_cache_can_be_off_or_unwritable(tmp_path, monkeypatch):
    monkeypatch.setenv("FACS_CLIP_CACHE", "off")
    assert kept.folder() is None
    cache.write("spec", b"v", b"p", b"s")
    assert cache.read("spec") is None
    blocked = tmp_path / "a file"
    blocked.write_text("")
    monkeypatch.setenv("FACS_CLIP_CACHE", str(blocked / "clips"))
    cache.write("spec", b"v", b"p", b"s")  # no error: the clip is drawn again next time
    assert cache.read("spec") is None
    assert load(clip_spec_for("1")).data.startswith(WEBM_MAGIC)


@pytest.mark.slow
def test_in_a_kernel_play_shows_frame_zero_first_and_the_video_follows():
    """In a notebook, play() returns with frame 0 and the apex still; the video arrives after."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from course.player import play\n"
            'p = play("1+2+5B")\n'
            "at_return = (len(p.clip), p.poster[:4], 'data:image/png' in p._repr_mimebundle_()[0]['text/html'])\n"
            "p.wait(120)\n"
            "print(at_return, p.clip[:4] == b'\\x1a\\x45\\xdf\\xa3')"
        )
    ]
    # The encoder waits for the cell to end (not for wait()), so the first frame goes out first.
    nb.cells += [
        nbformat.v4.new_code_cell(
            'q = play("1+2")\n'
            "import time; time.sleep(0.5)\n"
            "held = not q.loaded.start.is_set() and not q.loaded.pending.done()"
        ),
        nbformat.v4.new_code_cell(
            "print(held, q.loaded.pending.result(120)[:4] == b'\\x1a\\x45\\xdf\\xa3')"
        ),
    ]
    NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    printed = nb.cells[0].outputs[0]["text"]
    assert printed.strip() == "(0, b'\\x89PNG', True) True"
    assert nb.cells[2].outputs[0]["text"].strip() == "True True"
