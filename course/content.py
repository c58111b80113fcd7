"""The course's content, read from its data files by one loader.

``weeks.toml`` holds the nine weeks (title, chapters, topics, tasks), ``practice_items.toml``
the session notebooks' practice clips, ``texts.toml`` the sentences a learner reads,
``emotions.toml`` the emotion prototypes; the graded items (``autograder/keys/``) are read with
the same clip-row schema, :func:`clip_from_row`. The codes each week teaches come from the
catalog (``course/facs/codes.toml``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .facs.codes import Code, catalog

if TYPE_CHECKING:
    from .face.clip import ClipSpec

HERE = Path(__file__).parent
# The clip-row schema: every field a row (or a file's shared options) may set, and its default.
# ``seed`` defaults to the row's number in its file, so that no two clips share their randomness.
CLIP_DEFAULTS = {
    "identity": 0,
    "fps": 30,
    "frames": 60,
    "size": 320,
    "blinks": 0,
    "head_motion": 0.0,
}
TIMING = ("onset", "apex", "offset")


@cache
def data(name: str) -> dict:
    """The parsed TOML file ``name`` next to this module (cached)."""
    return tomllib.loads((HERE / name).read_text("utf-8"))


def text(section: str, name: str) -> str:
    """A learner-facing sentence from ``texts.toml``."""
    return data("texts.toml")[section][name]


def starters() -> tuple[str, ...]:
    """The answers that mean "not attempted yet" (``""``, ``"..."``, ...)."""
    return tuple(data("texts.toml")["starters"])


def not_attempted(answer: object) -> bool:
    """True for no answer, or one left as a starter such as ``""`` or ``"..."``."""
    return answer is None or (isinstance(answer, str) and answer.strip() in starters())


# ---- clips --------------------------------------------------------------------------------


def clip_from_row(row: Mapping, number: int, options: Mapping | None = None) -> ClipSpec:
    """The clip a data row describes: ``score`` (every code rises and relaxes together, with
    optional onset / apex / offset) or ``events`` (each code with its own timing), plus any
    field of :data:`CLIP_DEFAULTS` and ``seed``; ``options`` are the file's shared values."""
    from .face.clip import ClipEvent, ClipSpec, clip_spec_for  # drawing code, only when needed

    values = {**CLIP_DEFAULTS, "seed": number, **(options or {}), **row}
    common = {name: values[name] for name in (*CLIP_DEFAULTS, "seed")}
    if "events" in row:
        events = tuple(
            ClipEvent(e["code"], e["onset"], e["apex"], e["offset"]) for e in row["events"]
        )
        return ClipSpec(events, **common)
    timing = {name: values[name] for name in TIMING if name in values}
    return clip_spec_for(row["score"], **timing, **common)


def clip_options(table: Mapping) -> dict:
    """The clip fields a file sets for all its rows (its other keys are not clip fields)."""
    return {k: v for k, v in table.items() if k in CLIP_DEFAULTS or k == "seed"}


@dataclass(frozen=True)
class PracticeClip:
    """One practice clip of a session notebook: how to draw it, and how hard it is."""

    week: int
    number: int
    level: str
    spec: ClipSpec
    timed: bool


@cache
def practice_clips(week: int) -> tuple[PracticeClip, ...]:
    """The practice clips of ``week``, in the order the notebook shows them."""
    table = data("practice_items.toml")
    options = clip_options(table["defaults"])
    rows = [row for row in table["clip"] if row["week"] == week]
    return tuple(
        PracticeClip(week, n, row["level"], clip_from_row(row, n, options), row.get("timed", False))
        for n, row in enumerate(rows, start=1)
    )


def read_items(path: Path) -> tuple[dict, tuple[ClipSpec, ...]]:
    """A graded keys file: its per-week options (e.g. ``timing``) and each item's clip."""
    table = tomllib.loads(Path(path).read_text("utf-8"))
    options = clip_options(table)
    specs = tuple(clip_from_row(row, n, options) for n, row in enumerate(table["item"], 1))
    return {k: v for k, v in table.items() if k != "item"}, specs


# ---- weeks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    """One week of the course: its theme, the manual chapters it reads, its tasks."""

    number: int
    title: str
    assignment: str
    topics: str
    chapters: tuple[int, ...]
    practise: str
    hand_in: str
    mock_test: bool = False

    @property
    def codes(self) -> list[Code]:
        """The codes the catalog says this week teaches, main codes first, then by number."""
        codes = [c for c in catalog().codes.values() if c.week == self.number]
        return sorted(codes, key=lambda c: (not c.is_main, c.code))


@cache
def weeks() -> tuple[Week, ...]:
    """The nine weeks, in order."""
    rows = data("weeks.toml")["week"]
    return tuple(
        Week(n, **dict(row, chapters=tuple(row["chapters"]))) for n, row in enumerate(rows, 1)
    )


def week(number: int) -> Week:
    """The week with this number (1 to 9)."""
    if not 1 <= number <= len(weeks()):
        raise ValueError(f"The course has weeks 1 to {len(weeks())}; there is no week {number}.")
    return weeks()[number - 1]


@cache
def chapters() -> dict[int, str]:
    """The manual's chapters by number, as the course names them."""
    return {int(n): name for n, name in data("weeks.toml")["chapters"].items()}


# ---- interpretation -----------------------------------------------------------------------


@dataclass(frozen=True)
class Emotion:
    """An emotion prototype: example scores and a note, for interpretation after coding."""

    name: str
    examples: tuple[str, ...]
    note: str


def emotions() -> tuple[Emotion, ...]:
    """The emotion prototypes of ``emotions.toml``."""
    rows = data("emotions.toml")["emotion"]
    return tuple(Emotion(r["name"], tuple(r["examples"]), r["note"]) for r in rows)


def emotions_note() -> str:
    """What the prototypes are for (and not for)."""
    return data("emotions.toml")["note"]
