"""How much two FACS scores agree, as the FACS literature measures it.

Item agreement is Wexler's ratio (the Dice coefficient on code occurrence):
``2 x codes scored by both / (codes in the answer + codes in the key)``.
Every number the course shows a learner comes from this module.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .codes import INTENSITIES, Confusion, catalog, confusion_between
from .notation import Score, parse

if TYPE_CHECKING:
    import pandas as pd

PHASES = ("onset", "apex", "offset")


@dataclass(frozen=True)
class IntensityPair:
    """A code both scored, with the key's and the answer's intensity letters."""

    code: int
    key: str
    answer: str

    @property
    def steps(self) -> int | None:
        """Letters apart (None when the answer gave no intensity)."""
        if not self.answer:
            return None
        return abs(INTENSITIES.index(self.key) - INTENSITIES.index(self.answer))


@dataclass(frozen=True)
class SidePair:
    """A code both scored, with the side each gave (``L``, ``R``, ``U`` or ``""`` for both)."""

    code: int
    key: str
    answer: str


@dataclass(frozen=True)
class ConfusedPair:
    """A missed code and an added code that learners often confuse."""

    missed: int
    added: int
    confusion: Confusion


@dataclass(frozen=True)
class ItemResult:
    """One item compared with its key."""

    key: Score
    answer: Score
    agreement: float
    missed: tuple[int, ...]
    added: tuple[int, ...]
    shared: tuple[int, ...]
    intensities: tuple[IntensityPair, ...]
    sides: tuple[SidePair, ...]
    confused: tuple[ConfusedPair, ...]

    @property
    def intensity_exact(self) -> float | None:
        """Share of shared, intensity-scored codes given the key's letter (None if none)."""
        return _share(p.steps == 0 for p in self.intensities)

    @property
    def intensity_within_one(self) -> float | None:
        """Share of shared, intensity-scored codes within one letter of the key."""
        return _share(p.steps is not None and p.steps <= 1 for p in self.intensities)

    @property
    def side_agreement(self) -> float | None:
        """Share of shared codes scored on the same side as the key."""
        return _share(p.key == p.answer for p in self.sides)

    @property
    def intensity_differences(self) -> tuple[IntensityPair, ...]:
        return tuple(p for p in self.intensities if p.steps != 0)

    @property
    def side_differences(self) -> tuple[SidePair, ...]:
        return tuple(p for p in self.sides if p.key != p.answer)

    @property
    def missed_text(self) -> list[str]:
        return [str(c) for c in self.missed]

    @property
    def added_text(self) -> list[str]:
        return [str(c) for c in self.added]


def _share(flags: Iterable[bool]) -> float | None:
    flags = list(flags)
    return sum(flags) / len(flags) if flags else None


def item_agreement(key: str | Score, answer: str | Score) -> float:
    """Wexler's ratio on code occurrence; a neutral key coded as neutral agrees fully (1.0)."""
    k, a = parse(key).codes, parse(answer).codes
    if not k and not a:
        return 1.0
    return 2 * len(k & a) / (len(k) + len(a))


def compare(key: str | Score, answer: str | Score) -> ItemResult:
    """Compare an answer with its key: agreement, misses, adds, intensity, side, confusions."""
    key, answer = parse(key), parse(answer)
    shared = sorted(key.codes & answer.codes)
    missed = sorted(key.codes - answer.codes)
    added = sorted(answer.codes - key.codes)
    intensities, sides = [], []
    for code in shared:
        k, a = key.entry(code), answer.entry(code)
        if k.intensity:
            intensities.append(IntensityPair(code, k.intensity, a.intensity))
        sides.append(SidePair(code, k.side, a.side))
    confused = [
        ConfusedPair(m, a, c)
        for m in missed
        for a in added
        if (c := confusion_between(m, a)) is not None
    ]
    return ItemResult(
        key=key,
        answer=answer,
        agreement=item_agreement(key, answer),
        missed=tuple(missed),
        added=tuple(added),
        shared=tuple(shared),
        intensities=tuple(intensities),
        sides=tuple(sides),
        confused=tuple(confused),
    )


# --- Timing --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """An action's timing in frames: onset (starts), apex (strongest), offset (gone)."""

    onset: int | None
    apex: int | None
    offset: int | None

    def frame(self, phase: str) -> int | None:
        return getattr(self, phase)


@dataclass(frozen=True)
class PhaseTiming:
    """One phase of an event: the key's frame, the learner's frame, and whether they agree."""

    phase: str
    key: int
    marked: int | None
    window_frames: float

    @property
    def difference(self) -> int | None:
        return None if self.marked is None else self.marked - self.key

    @property
    def agrees(self) -> bool:
        return self.marked is not None and abs(self.marked - self.key) <= self.window_frames


@dataclass(frozen=True)
class TimingResult:
    phases: tuple[PhaseTiming, ...]
    window_s: float
    fps: float

    @property
    def agreement(self) -> float:
        """Share of the key's phases that the learner marked within the window."""
        return sum(p.agrees for p in self.phases) / len(self.phases) if self.phases else 1.0


def timing_agreement(
    key: Event, marks: Event, fps: float, window_s: float | None = None
) -> TimingResult:
    """Compare onset, apex and offset frames within ``window_s`` seconds (default 1/6 s)."""
    if fps <= 0:
        raise ValueError("fps must be positive")
    window_s = catalog().timing_window_s if window_s is None else window_s
    window_frames = window_s * fps + 1e-9
    phases = tuple(
        PhaseTiming(p, key.frame(p), marks.frame(p), window_frames)
        for p in PHASES
        if key.frame(p) is not None
    )
    return TimingResult(phases, window_s, fps)


# --- Many items ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TestScore:
    """A test scored as the final test is: the mean item agreement against the marks.

    ``unanswered`` items (blank or unreadable answers) count as agreement 0.
    """

    __test__ = False  # not a pytest test class

    items: tuple[ItemResult, ...]
    unanswered: int = 0
    pass_mark: float = field(default_factory=lambda: catalog().pass_mark)
    ready_mark: float = field(default_factory=lambda: catalog().ready_mark)

    @property
    def count(self) -> int:
        return len(self.items) + self.unanswered

    @property
    def mean(self) -> float:
        return sum(i.agreement for i in self.items) / self.count if self.count else 0.0

    @property
    def passed(self) -> bool:
        return self.count > 0 and band(self.mean, self.pass_mark, self.ready_mark) != "poor"

    @property
    def ready(self) -> bool:
        return self.count > 0 and band(self.mean, self.pass_mark, self.ready_mark) == "good"


def band(agreement: float, pass_mark: float | None = None, ready_mark: float | None = None) -> str:
    """``good`` at the readiness mark, ``close`` at the pass mark, else ``poor`` (the catalog's
    marks unless others are given). A mean equal to a mark up to rounding reaches it."""
    marks = catalog()
    ready = marks.ready_mark if ready_mark is None else ready_mark
    passing = marks.pass_mark if pass_mark is None else pass_mark
    if agreement >= ready - 1e-12:
        return "good"
    return "close" if agreement >= passing - 1e-12 else "poor"


def test_score(pairs: Iterable[tuple[str | Score, str | Score]]) -> TestScore:
    """Score (key, answer) pairs; the mean agreement decides pass (0.70) and readiness (0.75)."""
    return TestScore(tuple(compare(k, a) for k, a in pairs))


test_score.__test__ = False  # not a pytest test function

ERROR_COLUMNS = ["code", "name", "in_key", "agreed", "missed", "added", "errors"]


def error_table(items: Iterable[ItemResult]) -> pd.DataFrame:
    """Per-code misses and adds over many items, most errors first: a learner's systematic errors."""
    import pandas as pd  # here, not at the top: the command line starts without pandas

    counts: dict[int, list[int]] = {}
    for item in items:
        for code in item.key.codes:
            counts.setdefault(code, [0, 0, 0, 0])[0] += 1
        for code, column in (
            [(c, 1) for c in item.shared]
            + [(c, 2) for c in item.missed]
            + [(c, 3) for c in item.added]
        ):
            counts.setdefault(code, [0, 0, 0, 0])[column] += 1
    codes = catalog().codes
    rows = [[code, codes[code].name, k, s, m, a, m + a] for code, (k, s, m, a) in counts.items()]
    table = pd.DataFrame(rows, columns=ERROR_COLUMNS)
    return table.sort_values(["errors", "code"], ascending=[False, True], ignore_index=True)


KAPPA_COLUMNS = ["code", "name", "items", "coder_a", "coder_b", "both", "agreement", "kappa"]


def kappa_per_code(coder_a: Sequence[str | Score], coder_b: Sequence[str | Score]) -> pd.DataFrame:
    """Per code, between two coders over the same items: Dice agreement and Cohen's kappa.

    Kappa is NaN where it is undefined (both coders constant on that code); with rare codes it
    is unstable, so read it beside the counts.
    """
    import pandas as pd

    if len(coder_a) != len(coder_b):
        raise ValueError(
            f"the coders scored different numbers of items ({len(coder_a)} and {len(coder_b)})"
        )
    a_sets = [parse(s).codes for s in coder_a]
    b_sets = [parse(s).codes for s in coder_b]
    n = len(a_sets)
    codes = sorted(set().union(*a_sets, *b_sets)) if n else []
    rows = []
    for code in codes:
        a = [code in s for s in a_sets]
        b = [code in s for s in b_sets]
        na, nb = sum(a), sum(b)
        both = sum(x and y for x, y in zip(a, b, strict=True))
        observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
        pa, pb = na / n, nb / n
        chance = pa * pb + (1 - pa) * (1 - pb)
        kappa = (observed - chance) / (1 - chance) if chance < 1 else math.nan
        dice = 2 * both / (na + nb)
        rows.append([code, catalog().codes[code].name, n, na, nb, both, dice, kappa])
    return pd.DataFrame(rows, columns=KAPPA_COLUMNS)
