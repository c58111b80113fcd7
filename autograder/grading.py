"""Grading as nbgrader runs it: the hidden test of each item calls :func:`grade`.

The score is the item's agreement times its points, returned as the cell's last expression
(nbgrader's partial credit). The feedback is a section of :mod:`course.feedback_view` (the apex
still, the agreement bar, misses and adds in colour, the week's table): the static grader writes
it as the cell's HTML output, with its plain text beside it; anywhere else its text is printed
to stdout, never stderr.
How much it says is the week's ``feedback`` policy in its keys file: ``"full"`` (the default:
misses, adds, intensity, side, cues, timing offsets) for learning, or ``"score"`` (the agreement
and hints that name no code or frame) so that resubmitting cannot reveal the key.
"""

from __future__ import annotations

import contextlib
import tomllib
from contextvars import ContextVar
from pathlib import Path

from course import feedback_view
from course.assignment import AnswerProblem, read_answer, read_frames, variable
from course.face.clip import make_clip
from course.face.video import read_frame
from course.facs import Event, compare, timing_agreement
from course.facs.agreement import TestScore
from course.facs.explain import timing_lines
from course.fetched_feedback import result_tag
from course.html import Panel

from .keys import keys_dir, load_week
from .variation import apply_look, look, read_secret

_shown: ContextVar[list[Panel] | None] = ContextVar("shown", default=None)


@contextlib.contextmanager
def collect():
    """Within this block the feedback sections are kept in the list it gives, not printed:
    the static grader writes each one as a cell output with its HTML and its text."""
    token = _shown.set([])
    try:
        yield _shown.get()
    finally:
        _shown.reset(token)


def show(panel: Panel) -> None:
    """Give a learner a feedback section: kept while :func:`collect` runs, else printed."""
    shown = _shown.get()
    if shown is None:
        print(panel.text)
    else:
        shown.append(panel)


_stills: dict[tuple[Path, str, int], str] = {}
"""The stills drawn so far, by keys folder, week and item."""


def still(week: str, number: int) -> str:
    """Item ``number``'s apex, drawn in its clip's secret look, as a small JPEG data URI
    (drawn once per keys folder, week and item: every learner's feedback shows the same)."""
    key = (keys_dir(), week, number)
    if key not in _stills:
        _stills[key] = _draw_still(*key)
    return _stills[key]


def draw_stills(week: str) -> dict[tuple[Path, str, int], str]:
    """Every item's still of ``week`` (as :func:`still` gives them), for :func:`keep_stills`
    in another process."""
    folder = keys_dir()
    return {(folder, week, item.number): still(week, item.number) for item in load_week(week).items}


def keep_stills(drawn: dict[tuple[Path, str, int], str]) -> None:
    """Take the stills :func:`draw_stills` gave in another process: the same pictures, not
    drawn again here."""
    _stills.update(drawn)


def _draw_still(folder: Path, week: str, number: int) -> str:
    item = load_week(week).item(number)
    if item.video is not None:  # an instructor's clip (imported): its own apex frame
        return feedback_view.jpeg_uri(read_frame(item.video, item.key.apex))
    clip = make_clip(item.spec)
    style = look(read_secret(folder), week, number)
    return feedback_view.jpeg_uri(next(apply_look([clip.frame(clip.key.apex)], style)))


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
    """Score item ``number``: agreement with the key times ``points``; shows the feedback."""
    result = compare(load_week(week).item(number).key.score, answer)
    full = policy(week) == "full"
    note = "" if full or result.agreement == 1 else SCORE_ONLY_CUE
    section = feedback_view.item_section(
        result, f"Item {number}", still=still(week, number), full=full, note=note
    )
    kept = result_tag(
        f"{week}/item{number:02d}",
        str(result.answer),
        result.agreement,
        str(result.key) if full else None,
    )
    show(Panel(section.html + kept, section.text))  # the block: for the learner's record
    return round(result.agreement * points, 4)


def unscored(week: str, number: int, message: str) -> Panel:
    """The section of an item whose answer is blank or unreadable: the still and the message."""
    return feedback_view.problem_section(f"Item {number}", message, still(week, number))


def grade_timing(week: str, number: int, frames: str, points: float = 1.0) -> float:
    """Score the onset, apex and offset frames of item ``number``: share within the window."""
    key = load_week(week).item(number).key
    timing = timing_agreement(key.expression, Event(*read_frames(number, frames)), key.fps)
    if policy(week) == "score":
        lines = [
            f"Agreement {timing.agreement:.2f}: the share of onset, apex and offset marked in time."
        ]
    else:
        lines = timing_lines(timing, show_key=False)
    show(feedback_view.timing_section(f"Item {number}, timing of the expression", timing, lines))
    return round(timing.agreement * points, 4)


def summary(week: str, namespace: dict) -> None:
    """Show the week's mean agreement, the pass/readiness verdict, the per-code errors and what
    to practise next, from the answers in the notebook's ``namespace``. Missing, blank or
    unreadable answers count as agreement 0."""
    loaded = load_week(week)
    results, unreadable = [], []
    for item in loaded.items:
        answer = namespace.get(variable(item.number))
        try:
            results.append(compare(item.key.score, read_answer(item.number, answer)))
        except AnswerProblem:
            unreadable.append(item.number)
    score = TestScore(tuple(results), unanswered=len(unreadable))
    full = policy(week) == "full"
    section = feedback_view.week_section(
        loaded.title, score, results, unreadable, full=full, on_page=True
    )
    show(section)
