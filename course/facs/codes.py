"""The catalog of FACS 2002 codes, read once from ``codes.toml`` into typed records."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

KINDS = {
    "AU": "action unit",
    "AD": "action descriptor",
    "gross": "gross behaviour",
    "head": "head position",
    "eye": "eye position",
    "visibility": "visibility code",
}


@cache
def _data() -> dict:
    """The parsed ``codes.toml`` (read once)."""
    return tomllib.loads(files("course.facs").joinpath("codes.toml").read_text("utf-8"))


REGIONS = {name: row["words"] for name, row in _data()["regions"].items()}  # words in sentences
REGION_LABELS = {name: row["label"] for name, row in _data()["regions"].items()}  # zoom buttons
INTENSITIES = "ABCDE"
INTENSITY_WORDS = {
    "A": "trace",
    "B": "slight",
    "C": "marked or pronounced",
    "D": "severe or extreme",
    "E": "maximum",
}


@dataclass(frozen=True)
class Confusion:
    """Two codes that learners confuse, and the cue that tells them apart."""

    codes: tuple[int, int]
    cue: str

    def other(self, code: int) -> int:
        return self.codes[1] if self.codes[0] == code else self.codes[0]


@dataclass(frozen=True)
class Code:
    """One FACS code with everything the course says about it."""

    code: int
    kind: str
    name: str
    muscles: tuple[str, ...]
    region: str
    chapter: int
    week: int
    intensity: bool
    sided: bool
    lips: bool
    appearance: tuple[str, ...]
    mirror: str
    intensity_guide: str

    @property
    def is_main(self) -> bool:
        """True for action units proper (kind AU)."""
        return self.kind == "AU"

    @property
    def confusions(self) -> tuple[Confusion, ...]:
        """The codes this one is confused with, each with its separating cue."""
        return tuple(c for c in catalog().confusions if self.code in c.codes)


@dataclass(frozen=True)
class Catalog:
    """All codes, the retired ones, exclusion rules, confusable pairs and the marks."""

    codes: dict[int, Code]
    retired: dict[int, str]
    exclusive: tuple[tuple[str, str], ...]
    speech_code: int
    not_scored_in_speech: frozenset[int]
    confusions: tuple[Confusion, ...]
    pass_mark: float
    ready_mark: float
    timing_window_s: float
    verdicts: dict[str, str]  # good, close, poor: see :func:`course.facs.explain.band`


@cache
def catalog() -> Catalog:
    """Load the catalog shipped with the course (cached)."""
    data = _data()
    codes = {}
    for row in data["code"]:
        if row["region"] not in REGIONS:
            raise ValueError(f"Code {row['code']}: region {row['region']!r} is not in [regions].")
        row = dict(row, muscles=tuple(row["muscles"]), appearance=tuple(row["appearance"]))
        codes[row["code"]] = Code(**row)
    exclusive = tuple(
        (a, b) for rule in data["exclusive"] for a in rule["first"] for b in rule["second"]
    )
    return Catalog(
        codes=codes,
        retired={r["code"]: r["message"] for r in data["retired"]},
        exclusive=exclusive,
        speech_code=data["speech"]["code"],
        not_scored_in_speech=frozenset(data["speech"]["not_scored"]),
        confusions=tuple(Confusion(tuple(c["codes"]), c["cue"]) for c in data["confusion"]),
        pass_mark=data["marks"]["pass"],
        ready_mark=data["marks"]["ready"],
        timing_window_s=data["marks"]["timing_window_s"],
        verdicts=dict(data["verdicts"]),
    )


def get(code: int) -> Code:
    """The record for ``code``; ``KeyError`` if FACS 2002 has no such code."""
    return catalog().codes[code]


def all_codes(kind: str | None = None) -> list[Code]:
    """Every code (or every code of one kind), in numeric order."""
    return sorted(
        (c for c in catalog().codes.values() if kind is None or c.kind == kind),
        key=lambda c: c.code,
    )


def main_codes() -> list[Code]:
    """The action units proper (kind AU), in numeric order."""
    return all_codes("AU")


def confusion_between(a: int, b: int) -> Confusion | None:
    """The confusable pair {a, b}, if the catalog lists one."""
    for c in catalog().confusions:
        if set(c.codes) == {a, b}:
            return c
    return None
