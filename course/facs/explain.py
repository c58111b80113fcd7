"""Plain-language feedback on a compared item or a test, shared by every place a learner reads it."""

from __future__ import annotations

from .agreement import ItemResult, TestScore, TimingResult, band
from .codes import INTENSITY_WORDS, catalog
from .notation import Entry

SIDE_WORDS = {"": "both sides", "L": "left side only", "R": "right side only", "U": "one side"}


def code_label(code: int) -> str:
    """``12 (Lip corner puller)``."""
    return f"{code} ({catalog().codes[code].name})"


def entry_words(entry: Entry) -> str:
    """One scored code in words: ``12 (Lip corner puller), intensity B (slight), left side only``."""
    words = [code_label(entry.code)]
    if entry.intensity:
        words.append(f"intensity {entry.intensity} ({INTENSITY_WORDS[entry.intensity]})")
    if entry.side:
        words.append(SIDE_WORDS[entry.side])
    if entry.lip:
        words.append("top lip only" if entry.lip == "T" else "bottom lip only")
    return ", ".join(words)


def _labels(codes) -> str:
    return ", ".join(code_label(c) for c in codes)


def item_lines(result: ItemResult, show_key: bool = True) -> list[str]:
    """Sentences a learner reads about one item: agreement, misses, adds, intensity, side, cues.

    With ``show_key=False`` the key itself is not written out (graded assignments).
    """
    detail = f"key {result.key}, your answer" if show_key else "your answer"
    lines = [f"Agreement {result.agreement:.2f} ({detail} {result.answer})."]
    if not result.missed and not result.added:
        lines.append("You scored exactly the codes in the key.")
    if result.missed:
        lines.append(f"Missed (in the key, not in your answer): {_labels(result.missed)}.")
    if result.added:
        lines.append(f"Added (in your answer, not in the key): {_labels(result.added)}.")
    for pair in result.confused:
        lines.append(f"{pair.missed} or {pair.added}? {pair.confusion.cue}")
    return lines + detail_lines(result)


def detail_lines(result: ItemResult) -> list[str]:
    """Sentences on the intensity and side of the codes both scored."""
    lines = []
    given = [p for p in result.intensity_differences if p.answer]
    for p in given:
        lines.append(f"Intensity of {p.code}: the key has {p.key}, you gave {p.answer}.")
    if len(given) < len(result.intensity_differences):
        lines.append(
            "Some codes have no intensity letter; add A (trace) to E (maximum) after a code "
            "to practise intensity too."
        )
    for p in result.side_differences:
        lines.append(
            f"Side of {p.code}: the key has {SIDE_WORDS[p.key]}, you scored {SIDE_WORDS[p.answer]}."
        )
    return lines


def timing_lines(timing: TimingResult, show_key: bool = True) -> list[str]:
    """Sentences about onset, apex and offset marks against the key."""
    window = timing.window_s * timing.fps
    lines = []
    for p in timing.phases:
        if p.marked is None:
            shown = f" (key: frame {p.key})" if show_key else ""
            lines.append(f"{p.phase.capitalize()}: not marked{shown}.")
            continue
        verdict = "agrees" if p.agrees else "outside the window"
        lines.append(
            f"{p.phase.capitalize()}: you marked frame {p.marked}"
            + (f", key frame {p.key}" if show_key else "")
            + f" ({p.difference:+d} frames, {verdict}; the window is ±{window:.0f} frames)."
        )
    return lines


def verdict(agreement: float) -> str:
    """What an agreement means against the marks, in the catalog's words."""
    return catalog().verdicts[band(agreement)]


def test_lines(score: TestScore) -> list[str]:
    """The verdict on a whole test: mean agreement against the pass and readiness marks."""
    words = catalog().verdicts[band(score.mean, score.pass_mark, score.ready_mark)]
    return [
        f"Mean agreement {score.mean:.2f} over {score.count} items: {words} "
        f"(pass {score.pass_mark:.2f}, ready {score.ready_mark:.2f})."
    ]
