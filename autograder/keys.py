"""The graded items of each week, read from the instructor-only ``keys/`` folder.

An item's clip spec *is* its key: the clip is rendered from it, and the key (the score at the
apex, and the timing) is computed from it. Neither the clip file nor its name carries the key.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from course.face.clip import ClipKey, ClipSpec, clip_spec_for, make_clip

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
    """Read ``keys/<name>.toml``; every item's spec is checked (codes, timing) on the way in."""
    path = keys_dir() / f"{name}.toml"
    if not path.is_file():
        raise KeysUnavailable(f"There are no keys for {name} in {path.parent}.")
    data = tomllib.loads(path.read_text("utf-8"))
    timing = data.get("timing", False)
    items = []
    for number, row in enumerate(data["item"], start=1):
        spec = clip_spec_for(
            row["score"],
            frames=row.get("frames", data.get("frames", 60)),
            onset=row.get("onset"),
            apex=row.get("apex"),
            offset=row.get("offset"),
            identity=row.get("identity", 0),
            seed=row.get("seed", number),
            blinks=row.get("blinks", 0),
            head_motion=row.get("head_motion", 0.0),
        )
        items.append(Item(name, number, spec, timing))
    return Week(name, data["title"], tuple(items), timing)
