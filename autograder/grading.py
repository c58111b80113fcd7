"""Grading as nbgrader runs it: the hidden test of each item calls :func:`grade`.

The score is the item's agreement times its points, returned as the cell's last expression
(nbgrader's partial credit). The plain-language feedback is printed to stdout, never stderr.
How much it says is the week's ``feedback`` policy in its keys file: ``"full"`` (the default:
misses, adds, intensity, side, cues, timing offsets) for learning, or ``"score"`` (the agreement
and hints that name no code or frame) so that resubmitting cannot reveal the key.
"""

from __future__ import annotations

import tomllib

from course.assignment import AnswerProblem, read_answer, read_frames, variable
from course.facs import Event, compare, error_table, timing_agreement
from course.facs.agreement import TestScore
from course.facs.explain import item_lines, test_lines, timing_lines

from .keys import keys_dir, load_week

POLICIES = ("full", "score")
SCORE_ONLY_CUE = (
    "This week's feedback gives your score only; look again at the apex, code every movement "
    "you see, and compare with the course's practice clips."
)


def policy(week: str) -> str:
    """The week's feedback policy, ``"full"`` or ``"score"``, from its keys file."""
    text = (keys_dir() / f"{week}.toml").read_text("utf-8")
    value = tomllib.loads(text).get("feedback", "full")
    if value not in POLICIES:
        raise ValueError(f'{week}.toml: feedback = "{value}" should be "full" or "score"')
    return value


def grade(week: str, number: int, answer: str, points: float = 1.0) -> float:
    """Score item ``number``: agreement with the key times ``points``; prints the feedback."""
    result = compare(load_week(week).item(number).key.score, answer)
    print(f"Item {number}")
    lines = item_lines(result, show_key=False)
    if policy(week) == "score":
        lines = lines[:1] + ([] if result.agreement == 1 else [SCORE_ONLY_CUE])
    print("\n".join(lines))
    return round(result.agreement * points, 4)


def grade_timing(week: str, number: int, frames: str, points: float = 1.0) -> float:
    """Score the onset, apex and offset frames of item ``number``: share within the window."""
    key = load_week(week).item(number).key
    timing = timing_agreement(key.expression, Event(*read_frames(number, frames)), key.fps)
    print(f"Item {number}, timing of the expression")
    if policy(week) == "score":
        print(
            f"Agreement {timing.agreement:.2f}: the share of onset, apex and offset marked in time."
        )
    else:
        print("\n".join(timing_lines(timing, show_key=False)))
    return round(timing.agreement * points, 4)


def summary(week: str, namespace: dict) -> None:
    """Print the week's mean agreement, the pass/readiness verdict and the per-code errors,
    from the answers in the notebook's ``namespace``. Missing, blank or unreadable answers
    count as agreement 0."""
    loaded = load_week(week)
    results, unreadable = [], []
    for item in loaded.items:
        answer = namespace.get(variable(item.number))
        try:
            results.append(compare(item.key.score, read_answer(item.number, answer)))
        except AnswerProblem:
            unreadable.append(item.number)
    print(f"{loaded.title}: your week")
    if unreadable:
        print(f"Blank or unreadable, scored 0: item {', '.join(map(str, unreadable))}.")
    print("\n".join(test_lines(TestScore(tuple(results), unanswered=len(unreadable)))))
    if policy(week) == "score":
        return
    table = error_table(results)
    errors = table[table["errors"] > 0]
    if errors.empty:
        print("No misses or adds this week.")
    else:
        print("Your misses and adds by code (most errors first):")
        print(errors.drop(columns=["in_key"]).to_string(index=False))
