"""The graded items of each week, read from the instructor-only ``keys/`` folder.

An item's clip spec *is* its key: the clip is rendered from it, and the key (the score at the
apex, and the timing) is computed from it. Neither the clip file nor its name carries the key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from course.content import read_items, week
from course.face.clip import ClipKey, ClipSpec, make_clip

KEYS_ENV = "FACS_KEYS_DIR"


class KeysUnavailable(RuntimeError):
    """The answer keys are not on this machine: grading happens on the instructor's side."""


@dataclass(frozen=True)
class Item:
    """One graded clip of a week."""

    week: str
    number: int
    spec: ClipSpec
    timing: bool

    @property
    def key(self) -> ClipKey:
        return _key(self.spec)


@cache
def _key(spec: ClipSpec) -> ClipKey:
    return make_clip(spec).key


def keys_dir() -> Path:
    """Where the keys live: ``$FACS_KEYS_DIR`` if set, else ``autograder/keys`` in the repository."""
    folder = Path(os.environ.get(KEYS_ENV) or Path(__file__).parent / "keys")
    if not folder.is_dir():
        raise KeysUnavailable(
            f"The answer keys are not available here ({folder}). Grading runs on the instructor's "
            "side, in a clone of the course repository."
        )
    return folder


def weeks() -> list[str]:
    """The weeks that have graded items: ``["week01", ...]``."""
    return sorted(p.stem for p in keys_dir().glob("week*.toml"))


@dataclass(frozen=True)
class Week:
    """A week's graded assignment: its title and items."""

    name: str
    title: str
    items: tuple[Item, ...]
    timing: bool

    def item(self, number: int) -> Item:
        return self.items[number - 1]


@cache
def load_week(name: str) -> Week:
    """Read ``keys/<name>.toml`` (its title comes from ``course/weeks.toml``); every item's spec
    is checked (codes, timing) on the way in, by the course's one clip-row schema."""
    path = keys_dir() / f"{name}.toml"
    if not path.is_file():
        raise KeysUnavailable(f"There are no keys for {name} in {path.parent}.")
    options, specs = read_items(path)
    timing = options.get("timing", False)
    items = tuple(Item(name, n, spec, timing) for n, spec in enumerate(specs, start=1))
    return Week(name, week(int(name.removeprefix("week"))).assignment, items, timing)
