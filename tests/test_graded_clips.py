"""Graded clips depend on the course secret: the public renderer neither reproduces them nor
matches them to a practice clip, and their keys stay exact (issue 10, outcome 2)."""

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from autograder import keys
from autograder.keys import Week, load_week, weeks
from autograder.release import render_clips
from autograder.variation import SECRET_FILE, apply_look, look, read_secret
from course.content import practice_clips, read_items
from course.face.clip import make_clip
from course.face.video import read_frames

ROOT = Path(__file__).resolve().parent.parent
TINY = 1.0  # mean absolute difference, in 0-255 levels, below which two frames look the same


def first_item(name: str = "week01") -> Week:
    week = load_week(name)
    return replace(week, items=week.items[:1])


def test_a_graded_clip_is_not_what_the_public_renderer_draws_from_its_row(tmp_path):
    """The issue's reproduction: `facs-course clip "1C" --identity 0 --frames 60 --seed 1`
    (week 1, item 1's public row) no longer gives the graded clip."""
    (graded,) = render_clips(first_item(), tmp_path)
    public = tmp_path / "public.webm"
    command = [Path(sys.executable).parent / "facs-course", "clip", "1C", "--identity", "0"]
    command += ["--frames", "60", "--seed", "1", "--out", str(public)]
    subprocess.run(command, check=True, capture_output=True)
    assert public.read_bytes() != graded.read_bytes()
    (graded_frames, _), (public_frames, _) = read_frames(graded), read_frames(public)
    assert len(graded_frames) == len(public_frames) == 60
    apex = load_week("week01").item(1).key.apex
    difference = np.abs(graded_frames[apex].astype(float) - public_frames[apex]).mean()
    assert difference > TINY


def graded_apex(item) -> np.ndarray:
    """The apex frame of a graded item as its clip shows it (its secret look, before the
    video encoder's small loss)."""
    clip = make_clip(item.spec)
    style = look(read_secret(keys.keys_dir()), item.week, item.number)
    return next(apply_look([clip.frame(clip.key.apex)], style)).astype(np.float32)


@pytest.fixture(scope="module")
def practice_apexes():
    """Every practice clip's apex frame, redrawn by the public renderer at the graded size."""
    sizes = {item.spec.size for name in weeks() for item in load_week(name).items}
    frames = {}
    for number in range(1, 10):
        for practice in practice_clips(number):
            for size in sizes:
                clip = make_clip(replace(practice.spec, size=size))
                frame = clip.frame(clip.key.apex).astype(np.float32)
                frames.setdefault((practice.spec.identity, size), []).append((practice, frame))
    return frames


@pytest.mark.parametrize("name", weeks())
def test_no_graded_apex_looks_like_a_practice_clip(name, practice_apexes):
    compared = 0
    for item in load_week(name).items:
        frame = graded_apex(item)
        for practice, other in practice_apexes.get((item.spec.identity, item.spec.size), []):
            difference = np.abs(frame - other).mean()
            assert difference > TINY, (
                f"{name} item {item.number} looks like week {practice.week} practice clip "
                f"{practice.number} (mean difference {difference:.2f})"
            )
            compared += 1
    assert compared


@pytest.fixture
def keys_with_secret(tmp_path, monkeypatch):
    """A copy of the keys whose course secret the test sets."""
    folder = tmp_path / "keys"
    shutil.copytree(ROOT / "autograder" / "keys", folder)
    monkeypatch.setenv(keys.KEYS_ENV, str(folder))

    def use(secret: str) -> Week:
        (folder / SECRET_FILE).write_text(secret + "\n")
        load_week.cache_clear()
        return first_item()

    yield use
    monkeypatch.delenv(keys.KEYS_ENV)
    load_week.cache_clear()


def test_the_secret_decides_the_clip_and_builds_are_repeatable(keys_with_secret, tmp_path):
    def clip_bytes(secret: str, folder: str) -> bytes:
        (path,) = render_clips(keys_with_secret(secret), tmp_path / folder)
        return path.read_bytes()

    first = clip_bytes("a" * 64, "one")
    assert clip_bytes("a" * 64, "again") == first
    assert clip_bytes("b" * 64, "other") != first


def test_a_missing_secret_is_reported_with_what_to_do(keys_with_secret):
    keys_with_secret("x")
    (keys.keys_dir() / SECRET_FILE).unlink()
    load_week.cache_clear()
    with pytest.raises(keys.KeysUnavailable, match="run `facs-course release`"):
        load_week("week01")


def moving_frames(item) -> list[int]:
    """The frames on which a scored action of the item's clip is under way."""
    clip = make_clip(item.spec)
    codes = {
        action.code
        for event in clip.key.events
        if not event.distractor
        for action in clip.pose_at(event.apex)
    }
    if item.spec.blinks:
        codes.discard(45)
    return [f for f in range(len(clip)) if any(a.code in codes for a in clip.pose_at(f))]


@pytest.mark.parametrize("name", weeks())
def test_varied_timing_stays_in_the_clip_and_the_key_is_what_moves(name):
    path = keys.keys_dir() / f"{name}.toml"
    _, public = read_items(path)
    for item, row in zip(load_week(name).items, public, strict=True):
        key, expression = item.key, item.key.expression
        assert key.score == make_clip(row).key.score  # the variation never changes the answer
        assert 0 <= expression.onset < expression.apex < expression.offset < item.spec.frames
        moving = moving_frames(item)
        assert (moving[0] - 1, moving[-1] + 1) == (expression.onset, expression.offset)
        assert key.apex in moving
    if load_week(name).timing:
        items = zip(load_week(name).items, public, strict=True)
        assert any(i.key.expression != make_clip(row).key.expression for i, row in items)
