"""Clips: a timeline of actions becomes frames rising to an apex and relaxing, with an exact key."""

from __future__ import annotations

import json
from pathlib import Path

import av
import numpy as np
import pytest

from course.face.clip import (
    APEX_CLEARANCE,
    ClipError,
    ClipEvent,
    ClipKey,
    ClipSpec,
    clip_spec_for,
    make_clip,
    write_clip,
)
from course.face.pose import pose_from_score
from course.face.render import render
from course.facs import NotationError

SIZE = 96


def _difference(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a.astype(int) - b).mean())


def _changed_pixels(a: np.ndarray, b: np.ndarray) -> int:
    return int((np.abs(a.astype(int) - b).max(axis=2) > 40).sum())


def test_same_spec_and_seed_give_identical_frames() -> None:
    spec = clip_spec_for("1+2+5B", frames=30, size=SIZE, seed=7, blinks=2, head_motion=2.0)
    first, second = make_clip(spec), make_clip(spec)
    assert first.key == second.key
    for a, b in zip(first.frames(), second.frames(), strict=True):
        assert np.array_equal(a, b)


def test_another_seed_moves_the_distractors() -> None:
    placements = {
        tuple((e.onset, e.offset) for e in make_clip(spec).events if e.distractor)
        for seed in range(4)
        for spec in [clip_spec_for("12", frames=60, size=SIZE, seed=seed, blinks=2)]
    }
    assert len(placements) > 1


def test_first_frame_is_the_neutral_face_even_with_distractors() -> None:
    spec = clip_spec_for("6+12D", frames=30, size=SIZE, identity=2, blinks=1, head_motion=3.0)
    clip = make_clip(spec)
    assert np.array_equal(clip.frame(0), render((), 2, SIZE))


def test_apex_frame_is_the_face_of_the_key() -> None:
    clip = make_clip(clip_spec_for("1+2+5B+26", frames=30, size=SIZE, blinks=2))
    assert str(clip.key.score) == "1+2+5B+26"
    apex_face = render(pose_from_score(clip.key.score), 0, SIZE)
    assert np.array_equal(clip.frame(clip.key.apex), apex_face)


def test_movement_rises_to_the_apex_and_relaxes_to_neutral() -> None:
    clip = make_clip(clip_spec_for("4C+26", frames=40, size=SIZE, onset=5, apex=20, offset=35))
    neutral = clip.frame(0)
    change = [_difference(clip.frame(i), neutral) for i in range(40)]
    assert change[5] == 0 and change[35] == 0 and change[39] == 0
    assert change[8] < change[12] < change[16] < change[20]
    assert change[20] > change[24] > change[28] > change[32]
    assert change[20] == max(change)


def test_key_lists_scored_codes_in_canonical_form_with_timing() -> None:
    spec = clip_spec_for("12c + 6", frames=60, fps=25, onset=6, apex=30, offset=50, identity=1)
    key = make_clip(spec).key
    assert str(key.score) == "6+12C"
    assert key.apex == 30 and key.fps == 25 and key.frames == 60 and key.identity == 1
    assert [(e.code, e.onset, e.apex, e.offset) for e in key.events] == [
        ("6", 6, 30, 50),
        ("12C", 6, 30, 50),
    ]


def test_default_timing_rises_from_12_percent_to_the_middle_and_ends_by_88() -> None:
    event = clip_spec_for("12", frames=90).events[0]
    assert (event.onset, event.apex, event.offset) == (11, 44, 78)
    late = clip_spec_for("12", frames=90, apex=85).events[0]
    assert late.onset < late.apex < late.offset <= 89


def test_key_holds_only_actions_visible_at_the_apex() -> None:
    events = [
        ClipEvent("1B", 2, 8, 14),  # over before the main apex
        ClipEvent("L12C", 10, 30, 50),
        ClipEvent("25", 20, 30, 45),
        ClipEvent("R14A", 40, 45, 55),  # starts after it
    ]
    key = make_clip(ClipSpec(events, frames=60, size=SIZE)).key
    assert str(key.score) == "L12C+25"
    assert key.apex == 30
    assert [e.code for e in key.events] == ["1B", "L12C", "25", "R14A"]


def test_an_action_caught_mid_rise_is_scored_at_the_intensity_shown() -> None:
    events = [ClipEvent("12E", 10, 30, 40), ClipEvent("6D", 10, 40, 50)]
    key = make_clip(ClipSpec(events, frames=60, size=SIZE)).key
    # At frame 30 (where the two together are strongest) 6 is two thirds of the way up:
    # eased, 0.74 of D's 0.8 is 0.59, nearest to C (0.55).
    assert key.apex == 30
    assert str(key.score) == "6C+12E"


def test_neutral_clip_stays_neutral_and_its_key_is_0() -> None:
    clip = make_clip(clip_spec_for("0", frames=12, size=SIZE))
    assert str(clip.key.score) == "0" and clip.key.events == ()
    neutral = render((), 0, SIZE)
    assert all(np.array_equal(frame, neutral) for frame in clip.frames())


def test_key_survives_json() -> None:
    key = make_clip(clip_spec_for("1+4+15B", frames=30, size=SIZE, blinks=1)).key
    again = ClipKey.from_dict(json.loads(json.dumps(key.to_dict())))
    assert again == key
    assert key.to_dict()["score"] == "1+4+15B"


@pytest.mark.parametrize("score", ["26+27", "5+43", "24+25", "L12+R12"])
def test_combinations_that_cannot_be_scored_together_are_refused(score: str) -> None:
    with pytest.raises(NotationError):
        clip_spec_for(score, frames=30, size=SIZE)


def test_exclusive_actions_at_different_times_are_allowed() -> None:
    events = [ClipEvent("26", 2, 8, 14), ClipEvent("27", 16, 22, 28)]
    key = make_clip(ClipSpec(events, frames=30, size=SIZE)).key
    assert str(key.score) == "26"


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (lambda: ClipEvent("12", 30, 20, 40), ClipError, "in that order"),
        (lambda: ClipEvent("1+2", 0, 5, 9), NotationError, "one code"),
        (lambda: ClipEvent("44", 0, 5, 9), NotationError, "44"),
        (lambda: clip_spec_for("12", frames=30, apex=40), ClipError, "frames 0 to 29"),
        (lambda: clip_spec_for("12", frames=30, onset=-1), ClipError, "frame 0 or later"),
        (lambda: clip_spec_for("12", identity=99), ClipError, "face number 99"),
        (lambda: clip_spec_for("12", frames=20, blinks=5), ClipError, "blinks"),
    ],
)
def test_impossible_clips_are_refused_in_plain_words(make, error, words) -> None:
    with pytest.raises(error, match=words) as caught:
        make()
    assert isinstance(caught.value, ValueError)


def test_blinks_show_in_the_frames_but_not_in_the_apex_score() -> None:
    plain = make_clip(clip_spec_for("1+2", frames=60, size=SIZE))
    blinking = make_clip(clip_spec_for("1+2", frames=60, size=SIZE, blinks=3, seed=3))
    blinks = [e for e in blinking.key.events if e.distractor]
    assert [e.code for e in blinks] == ["45", "45", "45"]
    assert all(5 <= e.offset - e.onset <= 7 for e in blinks)
    apex = blinking.key.apex
    assert not any(e.onset - APEX_CLEARANCE <= apex <= e.offset + APEX_CLEARANCE for e in blinks)
    assert blinking.key.score == plain.key.score
    assert np.array_equal(blinking.frame(blinking.key.apex), plain.frame(plain.key.apex))
    for blink in blinks:
        assert _changed_pixels(blinking.frame(blink.apex), plain.frame(blink.apex)) > 20


def test_head_motion_moves_the_face_but_not_the_key() -> None:
    still = make_clip(clip_spec_for("12C", frames=40, size=SIZE))
    moving = make_clip(clip_spec_for("12C", frames=40, size=SIZE, head_motion=3.0))
    assert moving.key == still.key
    assert np.array_equal(moving.frame(0), still.frame(0))
    assert max(_changed_pixels(moving.frame(i), still.frame(i)) for i in (10, 20, 30)) > 20


def test_written_clip_plays_back_as_the_frames_it_was_made_of(tmp_path: Path) -> None:
    spec = clip_spec_for("1+2+5B+26", frames=24, fps=24, size=SIZE, blinks=1)
    path = tmp_path / "item07.webm"
    key = write_clip(spec, path)
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert stream.average_rate == 24
        assert set(container.metadata) <= {"encoder"}
        decoded = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
    assert len(decoded) == 24 and decoded[0].shape == (SIZE, SIZE, 3)
    assert _difference(decoded[key.apex], make_clip(spec).frame(key.apex)) < 4
    data = path.read_bytes()
    for text in (str(key.score), "score", "apex"):  # long enough not to occur by chance
        assert text.encode() not in data
    assert [p.name for p in tmp_path.iterdir()] == ["item07.webm"]


def test_the_expression_spans_first_onset_to_last_offset_without_distractors() -> None:
    events = (ClipEvent("6B", 12, 30, 50), ClipEvent("12C", 8, 30, 60))
    key = make_clip(ClipSpec(events, frames=70, size=SIZE, blinks=2)).key
    assert (key.expression.onset, key.expression.apex, key.expression.offset) == (8, 30, 60)
    assert make_clip(clip_spec_for("0", frames=20, size=SIZE)).key.expression is None
