"""Immediate feedback in session notebooks: check an answer, ask for hints, see the solution.

A learner types codes between quotes and runs the cell; what comes back is plain language,
never a traceback. The clip player's Check and Hint buttons call the same :class:`Exercise`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from . import feedback_view, html
from .content import not_attempted as is_starter
from .content import text  # the player imports it from here
from .facs import Event, ItemResult, NotationError, Score, catalog, compare, parse
from .facs.agreement import PHASES, TimingResult, timing_agreement
from .facs.codes import REGIONS
from .facs.explain import band, entry_words, item_lines, timing_lines, verdict
from .record import save_check

HINT_LEVELS = 3

Marks = Event | Mapping[str, int | None] | None

_COLOURS = {
    "not-attempted": "#78909c",
    "invalid": "#e65100",
    **feedback_view.BAND_COLOURS,
    "hint": "#1565c0",
    "solution": "#6a1b9a",
}


@dataclass(frozen=True)
class Feedback:
    """What a learner reads after Check, Hint or Solution; shows itself as HTML in a notebook."""

    state: str  # not-attempted, invalid, checked, hint or solution
    title: str
    lines: tuple[str, ...] = ()
    agreement: float | None = None
    result: ItemResult | None = None
    timing: TimingResult | None = None

    @property
    def colour(self) -> str:
        if self.state != "checked" or self.agreement is None:
            return _COLOURS[self.state]
        return _COLOURS[band(self.agreement)]

    def __str__(self) -> str:
        return "\n".join([self.title, *self.lines])

    def _repr_html_(self) -> str:
        attributes = f'class="facs-feedback" data-state="{self.state}"'
        if self.state == "checked" and self.result is not None:
            extra = self.lines[len(item_lines(self.result)) :]  # timing, after the item's lines
            section = feedback_view.item_section(self.result, show_key=True, extra=extra)
            return f"<div {attributes}>{section.html}</div>"
        body = f"<strong>{html.escape(self.title)}</strong>{html.bullets(self.lines)}"
        return html.box(body, self.colour, attributes, padding="6px 10px")


def _event(marks: Marks) -> Event | None:
    if marks is None or isinstance(marks, Event):
        return marks
    return Event(*(marks.get(p) for p in PHASES))


@dataclass
class Exercise:
    """One practice item: the key score and, optionally, the key's timing in frames.

    ``events`` labels per-action key events for the player's timeline (e.g. ``{"12": Event}``).
    ``item`` and ``source`` name the check in the learner's record (:mod:`course.record`).
    """

    key: str | Score
    timing: Event | None = None
    fps: float = 30.0
    window_s: float | None = None
    events: Mapping[str, Event] = field(default_factory=dict)
    item: str = "practice"
    source: str = "practice"
    hints_given: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.key = parse(self.key)

    def check(self, answer: str | None, marks: Marks = None) -> Feedback:
        """Compare an answer (and onset/apex/offset marks, if given) with the key."""
        if is_starter(answer):
            return Feedback("not-attempted", _say("not_attempted"), (_say("not_attempted_help"),))
        try:
            result = compare(self.key, answer)
        except NotationError as error:
            return Feedback("invalid", _say("unreadable"), (str(error),))
        lines = item_lines(result)
        timing = None
        marked = _event(marks)
        if self.timing is not None and marked is not None:
            if all(marked.frame(p) is None for p in PHASES):
                lines.append(_say("no_timing"))
            else:
                timing = timing_agreement(self.timing, marked, self.fps, self.window_s)
                lines.extend(timing_lines(timing))
        if notice := save_check(self.item, result, self.source):
            lines.append(notice)
        title = _say(
            "checked", agreement=f"{result.agreement:.2f}", verdict=verdict(result.agreement)
        )
        return Feedback("checked", title, tuple(lines), result.agreement, result, timing)

    def hint(self) -> Feedback:
        """The next hint: first the face region to look at, then the cue, then the answer."""
        self.hints_given = min(self.hints_given + 1, HINT_LEVELS)
        if self.hints_given == HINT_LEVELS:
            return self.solution()
        codes = [catalog().codes[e.code] for e in self.key]
        if self.hints_given == 1:
            regions = list(dict.fromkeys(REGIONS[c.region] for c in codes))
            line = (
                _say("look_at", regions=_say("look_joiner").join(regions))
                if regions
                else _say("look_anywhere")
            )
            return Feedback("hint", _say("hint_where", level=1, levels=HINT_LEVELS), (line,))
        return Feedback(
            "hint",
            _say("hint_cue", level=2, levels=HINT_LEVELS),
            tuple(_cue(c) for c in codes) or (_say("nothing_moves"),),
        )

    def solution(self) -> Feedback:
        """The key in words, with its timing when the exercise has one."""
        lines = [entry_words(e) for e in self.key] or [_say("no_action")]
        if self.timing is not None:
            parts = [
                f"{p} frame {self.timing.frame(p)}"
                for p in PHASES
                if self.timing.frame(p) is not None
            ]
            lines.append(_say("timing", fps=f"{self.fps:g}", phases=", ".join(parts)))
        return Feedback("solution", _say("answer", key=self.key), tuple(lines))


def check(key: str, answer: str | None, marks: Marks = None, **timing) -> Feedback:
    """One-off check of ``answer`` against ``key`` (see :meth:`Exercise.check`)."""
    return Exercise(key, **timing).check(answer, marks)


def _cue(code) -> str:
    if code.confusions:
        return code.confusions[0].cue
    return code.appearance[0] if code.appearance else _say("movement_of", name=code.name)


def _say(name: str, **values) -> str:
    """A sentence of ``texts.toml``'s ``[practice]``, filled in."""
    return text("practice", name).format(**values)
