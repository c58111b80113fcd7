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


_course: dict[str, Path | None] = {"root": None, "keys": None}


def use_course(root: Path | None, private: str | Path | None = None) -> None:
    """Look for keys in the course directory ``root`` (as nbgrader runs there), or in the
    configured ``private`` folder; called by the grader before it reads any key."""
    wanted = {"root": root and Path(root), "keys": private and Path(private)}
    if wanted != _course:
        _course.update(wanted)
        load_week.cache_clear()


def _candidates() -> list[Path]:
    """Where keys may be, first match wins: $FACS_KEYS_DIR, the configured private folder, the
    course directory's ``autograder/keys`` (the grader's course, else the current directory
    when it holds ``nbgrader_config.py``), and the keys beside this package (editable install)."""
    found = [Path(p) for p in (os.environ.get(KEYS_ENV), _course["keys"]) if p]
    roots = [_course["root"]] if _course["root"] else []
    if Path("nbgrader_config.py").is_file():
        roots.append(Path.cwd())
    return found + [r / "autograder" / "keys" for r in roots] + [Path(__file__).parent / "keys"]


def keys_dir() -> Path:
    """The folder of answer keys: see :func:`_candidates` for the search order."""
    candidates = _candidates()
    private = os.environ.get(KEYS_ENV) or _course["keys"]
    if private:
        candidates = candidates[:1]  # a configured folder that is missing is an error, not a hint
    for folder in candidates:
        if folder.is_dir():
            return folder.resolve()
    raise KeysUnavailable(
        "The answer keys are not available here (looked in "
        + ", ".join(str(c) for c in candidates)
        + "). Grading runs on the instructor's side: run nbgrader in the course directory that "
        f"holds autograder/keys, or set {KEYS_ENV} (or c.StaticGrade.keys_dir in "
        "nbgrader_config.py) to the folder of private keys."
    )


def is_private() -> bool:
    """True when the keys come from a private folder ($FACS_KEYS_DIR or the grader's config),
    not from a course repository's own ``autograder/keys``."""
    return bool(os.environ.get(KEYS_ENV) or _course["keys"])


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
