"""The graded items of each week, read from the instructor-only ``keys/`` folder.

An item's clip spec *is* its key: the clip is rendered from it, and the key (the score at the
apex, and the timing) is computed from it. Neither the clip file nor its name carries the key.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from course.content import read_items, week
from course.face.clip import ClipEvent, ClipKey, ClipSpec, make_clip
from course.facs import parse
from course.facs.agreement import PHASES

from .variation import SECRET_FILE, read_secret, vary

KEYS_ENV = "FACS_KEYS_DIR"


class KeysUnavailable(RuntimeError):
    """The answer keys are not on this machine: grading happens on the instructor's side."""


@dataclass(frozen=True)
class Item:
    """One graded clip of a week: drawn from ``spec``, or an instructor's ``video`` (imported
    with ``facs-course import --graded``) whose key was ``given`` with it."""

    week: str
    number: int
    spec: ClipSpec | None
    timing: bool
    video: Path | None = None
    given: ClipKey | None = None

    @property
    def key(self) -> ClipKey:
        return self.given if self.given is not None else _key(self.spec)


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
    is checked (codes, timing) on the way in, by the course's one clip-row schema, then varied
    by the course secret kept beside the keys (:mod:`autograder.variation`)."""
    path = keys_dir() / f"{name}.toml"
    if not path.is_file():
        raise KeysUnavailable(f"There are no keys for {name} in {path.parent}.")
    table = tomllib.loads(path.read_text("utf-8"))
    if table.get("imported"):
        return _imported_week(name, table, path.parent)
    secret = read_secret(path.parent)
    if secret is None:
        raise KeysUnavailable(
            f"There is no {SECRET_FILE} beside the keys in {path.parent}: run `facs-course "
            "release`, which creates one, and keep it with the keys (the clips depend on it)."
        )
    options, specs = read_items(path)
    timing = options.get("timing", False)
    items = tuple(
        Item(name, n, vary(spec, secret, name, n), timing) for n, spec in enumerate(specs, start=1)
    )
    return Week(name, week(int(name.removeprefix("week"))).assignment, items, timing)


def _imported_week(name: str, table: dict, folder: Path) -> Week:
    """A week of an instructor's own clips: each item's video (relative to the keys folder),
    its score at the apex and, when given, the expression's onset, apex and offset frames."""
    timing = table.get("timing", False)
    items = []
    for number, row in enumerate(table["item"], start=1):
        score = parse(row["score"])
        apex = row.get("apex", row["frames"] // 2)
        onset, offset = row.get("onset", apex), row.get("offset", apex)
        events = tuple(ClipEvent(str(entry), onset, apex, offset) for entry in score)
        key = ClipKey(score, apex, events, row["fps"], row["frames"], identity=-1)
        items.append(Item(name, number, None, timing, folder / row["video"], key))
    return Week(name, table["title"], tuple(items), timing)


IMPORTED_NOTE = (
    "# Imported with `facs-course import --graded`: the keys of an instructor's own clips."
)


def write_imported_week(name: str, title: str, clips: list, clips_folder: Path) -> Path:
    """Write ``<keys folder>/<name>.toml`` for ``clips`` (:class:`course.importer.ImportedClip`,
    converted into ``clips_folder`` inside the keys folder). The week is timed when every clip
    has its onset, apex and offset. A week of generated keys is never overwritten."""
    folder = keys_dir()
    path = folder / f"{name}.toml"
    if path.is_file() and not tomllib.loads(path.read_text("utf-8")).get("imported"):
        raise KeysUnavailable(
            f"{path} holds the course's own keys for {name}; import into a new week instead "
            "(e.g. week10)."
        )
    timing = all(None not in (c.onset, c.apex, c.offset) for c in clips)
    lines = [IMPORTED_NOTE, "imported = true", f"title = {json.dumps(title)}"]
    lines += [f"timing = {json.dumps(timing)}"]
    for clip in clips:
        video = (clips_folder / clip.file).relative_to(folder).as_posix()
        lines += [
            "",
            "[[item]]",
            f"video = {json.dumps(video)}",
            f"score = {json.dumps(clip.score)}",
        ]
        lines += [f"fps = {clip.fps}", f"frames = {clip.frames}"]
        lines += [f"{p} = {getattr(clip, p)}" for p in PHASES if getattr(clip, p) is not None]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    load_week.cache_clear()
    return path
