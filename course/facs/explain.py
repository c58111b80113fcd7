"""Plain-language feedback on a compared item or a test, shared by every place a learner reads it."""

from __future__ import annotations

from .agreement import ItemResult, TestScore, TimingResult
from .codes import catalog

SIDE_WORDS = {"": "both sides", "L": "left side only", "R": "right side only", "U": "one side"}


def code_label(code: int) -> str:
    """``12 (Lip corner puller)``."""
    return f"{code} ({catalog().codes[code].name})"


def _labels(codes) -> str:
    return ", ".join(code_label(c) for c in codes)


def item_lines(result: ItemResult) -> list[str]:
    """Sentences a learner reads about one item: agreement, misses, adds, intensity, side, cues."""
    lines = [f"Agreement {result.agreement:.2f} (key {result.key}, your answer {result.answer})."]
    if not result.missed and not result.added:
        lines.append("You scored exactly the codes in the key.")
    if result.missed:
        lines.append(f"Missed (in the key, not in your answer): {_labels(result.missed)}.")
    if result.added:
        lines.append(f"Added (in your answer, not in the key): {_labels(result.added)}.")
    for pair in result.confused:
        lines.append(f"{pair.missed} or {pair.added}? {pair.confusion.cue}")
    for p in result.intensity_differences:
        given = f"you gave {p.answer}" if p.answer else "you gave no intensity"
        lines.append(f"Intensity of {p.code}: the key has {p.key}, {given}.")
    for p in result.side_differences:
        lines.append(
            f"Side of {p.code}: the key has {SIDE_WORDS[p.key]}, you scored {SIDE_WORDS[p.answer]}."
        )
    return lines


def timing_lines(timing: TimingResult) -> list[str]:
    """Sentences about onset, apex and offset marks against the key."""
    window = timing.window_s * timing.fps
    lines = []
    for p in timing.phases:
        if p.marked is None:
            lines.append(f"{p.phase.capitalize()}: not marked (key: frame {p.key}).")
            continue
        verdict = "agrees" if p.agrees else "outside the window"
        lines.append(
            f"{p.phase.capitalize()}: you marked frame {p.marked}, key frame {p.key} "
            f"({p.difference:+d} frames, {verdict}; the window is ±{window:.0f} frames)."
        )
    return lines


def test_lines(score: TestScore) -> list[str]:
    """The verdict on a whole test: mean agreement against the pass and readiness marks."""
    verdict = (
        "ready for the final test"
        if score.ready
        else "a pass, but below the readiness mark"
        if score.passed
        else "below the pass mark"
    )
    return [
        f"Mean agreement {score.mean:.2f} over {len(score.items)} items: {verdict} "
        f"(pass {score.pass_mark:.2f}, ready {score.ready_mark:.2f})."
    ]
