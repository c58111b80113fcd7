"""A learner's progress from their record: agreement over time against the pass and readiness
marks, each code's accuracy over time, and the codes still weak.

:func:`progress` shows it in a notebook: the summary in words, and with the widget backend
(``%matplotlib widget``) a small interactive figure (ipympl). ``facs-course progress`` prints
the same words in a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .content import text
from .facs.agreement import band
from .facs.codes import catalog
from .record import Attempt, load

RECENT = 5  # a code's last tests that decide whether it is still weak
SHOWN_CODES = 5  # codes drawn in the figure


@dataclass(frozen=True)
class Point:
    """One day: the mean (agreement or a code's accuracy) and how many checks it is over."""

    day: str
    value: float
    count: int


@dataclass(frozen=True)
class Progress:
    trend: tuple[Point, ...]  # mean item agreement per day
    codes: dict[int, tuple[Point, ...]]  # per code: accuracy per day
    weak: tuple[tuple[int, float], ...]  # codes still weak, weakest first, recent accuracy
    checks: int
    pass_mark: float
    ready_mark: float

    def lines(self) -> list[str]:
        """The summary in words."""
        if not self.checks:
            return [_say("empty")]
        last = self.trend[-1]
        lines = [_say("checks", checks=self.checks, days=len(self.trend))]
        lines += [
            _say("day", day=p.day, mean=f"{p.value:.2f}", count=p.count, mark=self._mark(p.value))
            for p in self.trend
        ]
        lines.append(_say("latest", mean=f"{last.value:.2f}", mark=self._mark(last.value)))
        if self.weak:
            names = ", ".join(f"{c} {catalog().codes[c].name} ({a:.2f})" for c, a in self.weak)
            lines.append(_say("weak", codes=names))
            lines.append(_say("drill"))
        else:
            lines.append(_say("no_weak"))
        return lines

    def _mark(self, value: float) -> str:
        reached = band(value, self.pass_mark, self.ready_mark)
        if reached == "good":
            return _say("ready", mark=f"{self.ready_mark:.2f}")
        return _say("passed" if reached == "close" else "below", mark=f"{self.pass_mark:.2f}")

    def __str__(self) -> str:
        return "\n".join([_say("heading"), *self.lines()])


def summarise(attempts: Sequence[Attempt]) -> Progress:
    """Progress from the record's attempts (a pure function)."""
    days: dict[str, list[float]] = {}
    tallies: dict[int, dict[str, list[int]]] = {}  # code -> day -> [agreed, missed, added]
    history: dict[int, list[float]] = {}  # code -> accuracy of each test, oldest first
    for attempt in attempts:
        day = attempt.time[:10]
        days.setdefault(day, []).append(attempt.agreement)
        for row in attempt.codes:
            tally = tallies.setdefault(row.code, {}).setdefault(day, [0, 0, 0])
            tally[("agreed", "missed", "added").index(row.outcome)] += 1
            history.setdefault(row.code, []).append(1.0 if row.outcome == "agreed" else 0.0)
    trend = tuple(Point(d, sum(v) / len(v), len(v)) for d, v in sorted(days.items()))
    codes = {
        code: tuple(Point(d, _accuracy(*t), sum(t)) for d, t in sorted(per_day.items()))
        for code, per_day in sorted(tallies.items())
    }
    ready = catalog().ready_mark
    recent = {c: sum(h[-RECENT:]) / len(h[-RECENT:]) for c, h in history.items()}
    weak = tuple(
        sorted(((c, a) for c, a in recent.items() if a < ready), key=lambda x: (x[1], x[0]))
    )
    return Progress(trend, codes, weak, len(attempts), catalog().pass_mark, ready)


def _accuracy(agreed: int, missed: int, added: int) -> float:
    """A code's agreement over many items: Wexler's ratio counted on that code alone."""
    return 2 * agreed / (2 * agreed + missed + added) if agreed + missed + added else 1.0


def figure(progress: Progress):
    """Agreement per day against the marks (left), and the weakest codes' accuracy (right)."""
    import matplotlib.pyplot as plt

    fig, (trend, codes) = plt.subplots(1, 2, figsize=(8, 3), sharey=True, layout="constrained")
    days = [p.day for p in progress.trend]
    trend.plot(days, [p.value for p in progress.trend], "o-", color="#1565c0")
    for mark, label, style in (
        (progress.pass_mark, _say("pass_label"), "--"),
        (progress.ready_mark, _say("ready_label"), ":"),
    ):
        for ax in (trend, codes):
            ax.axhline(mark, color="#546e7a", linestyle=style, linewidth=1)
        trend.annotate(
            f"{label} {mark:.2f}",
            (0, mark),
            xycoords=("axes fraction", "data"),
            xytext=(2, 2),
            textcoords="offset points",
            fontsize=8,
        )
    trend.set(title=_say("trend_title"), ylim=(-0.05, 1.05), ylabel=_say("agreement_axis"))
    shown = [c for c, _ in progress.weak[:SHOWN_CODES]] or list(progress.codes)[:SHOWN_CODES]
    for code in shown:
        points = progress.codes[code]
        codes.plot([p.day for p in points], [p.value for p in points], "o-", label=str(code))
    codes.set(title=_say("codes_title"))
    if shown:
        codes.legend(title=_say("code_legend"), fontsize=8)
    for ax in (trend, codes):
        ax.tick_params(axis="x", labelrotation=30, labelsize=8)
    return fig


class ProgressView:
    """The progress view in a notebook: words always, the figure with the widget backend."""

    def __init__(self, progress: Progress, notice: str | None = None) -> None:
        self.progress, self.notice = progress, notice

    def __str__(self) -> str:
        return "\n".join(filter(None, [self.notice, str(self.progress)]))

    def _repr_html_(self) -> str:
        from . import html

        lines = [self.notice, *self.progress.lines()] if self.notice else self.progress.lines()
        return html.box(f"<strong>{html.escape(_say('heading'))}</strong>" + html.bullets(lines))

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        display(HTML(self._repr_html_()))
        if self.progress.checks and interactive():
            display(figure(self.progress).canvas)


def interactive() -> bool:
    """True when matplotlib draws with the widget backend (ipympl), as after %matplotlib widget."""
    import matplotlib

    backend = matplotlib.get_backend().lower()
    return "ipympl" in backend or "widget" in backend


def progress() -> ProgressView:
    """Your progress, from your record."""
    attempts, notice = load()
    return ProgressView(summarise(attempts), notice)


def _say(name: str, **values) -> str:
    return text("progress", name).format(**values)
