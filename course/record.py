"""A learner's record: every practice check, drill and graded result, in one SQLite file.

The file lives in the learner's own space (:func:`record_path`) and nothing the course builds
(``release/``, ``source/``, a refetch) ever writes it. Its schema has a version
(``PRAGMA user_version``) and every older version is migrated in place. A file that is not a
readable database is renamed aside, never deleted, and a fresh record is started; the learner
reads why in plain words. Two kernels may write at once: the file uses WAL and waits for locks.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .content import text
from .facs import ItemResult, NotationError, compare

RECORD_ENV = "FACS_RECORD"
FILE_NAME = "facs-record.sqlite"
HOME_PATH = Path(".local", "share", "facs-course", "record.sqlite")
TIMEOUT_S = 10.0
SOURCES = ("practice", "drill", "graded")

# Each migration takes the file from version n to n + 1. Version 1 kept agreement only;
# version 2 added where a check came from, and one row per code (misses, adds, intensity, side).
_V1 = """
CREATE TABLE checks (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    item TEXT NOT NULL,
    key TEXT,
    answer TEXT NOT NULL,
    agreement REAL NOT NULL
);
"""
_V2 = """
ALTER TABLE checks ADD COLUMN source TEXT NOT NULL DEFAULT 'practice';
CREATE TABLE codes (
    check_id INTEGER NOT NULL REFERENCES checks(id),
    code INTEGER NOT NULL,
    outcome TEXT NOT NULL,  -- agreed, missed or added
    key_intensity TEXT NOT NULL DEFAULT '',
    answer_intensity TEXT NOT NULL DEFAULT '',
    key_side TEXT NOT NULL DEFAULT '',
    answer_side TEXT NOT NULL DEFAULT ''
);
CREATE INDEX codes_by_code ON codes(code);
"""


def _backfill_codes(db: sqlite3.Connection) -> None:
    """Version 1 stored key and answer: compute the per-code rows the agreement module gives."""
    for check_id, key, answer in db.execute("SELECT id, key, answer FROM checks").fetchall():
        try:
            result = compare(key, answer) if key is not None else None
        except NotationError:
            continue
        if result is not None:
            _insert_codes(db, check_id, result)


def _run(db: sqlite3.Connection, script: str) -> None:
    """Each statement of ``script`` inside the open transaction (``executescript`` commits)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    lambda db: _run(db, _V1),
    lambda db: (_run(db, _V2), _backfill_codes(db)),
)
VERSION = len(MIGRATIONS)


class RecordProblem(RuntimeError):
    """The record cannot be read or written; the message says so in plain words."""


def _say(name: str, **values) -> str:
    return text("record", name).format(**values)


def course_root() -> Path | None:
    """The course folder this package runs from (a clone, an editable install), if any."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "nbgrader_config.py").is_file() else None


def record_path() -> Path:
    """Where the record lives: ``$FACS_RECORD``; else ``work/`` of the course folder when the
    learner may write there (a laptop); else the learner's home (a hub, a read-only course)."""
    if os.environ.get(RECORD_ENV):
        return Path(os.environ[RECORD_ENV]).expanduser()
    root = course_root()
    if root is not None:
        work = root / "work"
        if os.access(work if work.is_dir() else root, os.W_OK):
            return work / FILE_NAME
    data = os.environ.get("XDG_DATA_HOME")
    if data:
        return Path(data) / HOME_PATH.relative_to(".local/share")
    return Path.home() / HOME_PATH


def in_home(path: Path) -> bool:
    """True for a record kept in the learner's home, outside any course folder (a hub): the
    graded feedback they fetch lands there too. A laptop's grader writes the record itself."""
    root = course_root()
    return (
        not os.environ.get(RECORD_ENV)
        and path.is_relative_to(Path.home())
        and (root is None or not path.is_relative_to(root))
    )


@dataclass(frozen=True)
class CodeRow:
    """One code of a check: agreed, missed or added, with intensity letters and sides."""

    code: int
    outcome: str
    key_intensity: str = ""
    answer_intensity: str = ""
    key_side: str = ""
    answer_side: str = ""


@dataclass(frozen=True)
class Attempt:
    """One check as the record keeps it. ``key`` is None when the feedback withheld it."""

    id: int
    time: str
    source: str
    item: str
    key: str | None
    answer: str
    agreement: float
    codes: tuple[CodeRow, ...]

    @property
    def result(self) -> ItemResult | None:
        """The comparison again, from the agreement module (None without a key)."""
        return None if self.key is None else compare(self.key, self.answer)


class Record:
    """The record file at ``path``; each call opens and closes its own connection."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else record_path()
        self.notice: str | None = None  # what the learner should read about this file, if any

    def _connect(self, retry: bool = True) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=TIMEOUT_S, isolation_level=None)
        except (OSError, sqlite3.Error) as err:
            raise RecordProblem(_say("unwritable", path=self.path, error=err)) from None
        # Setting up a new file (WAL, the schema) can find it locked by another kernel doing the
        # same, and SQLite does not always wait then: try again until the usual wait is over.
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            try:
                db.execute("PRAGMA journal_mode=WAL")
                if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise sqlite3.DatabaseError("damaged")
                self._migrate(db)
                break
            except sqlite3.OperationalError as err:  # locked, read-only, disk full: not damage
                locked = "locked" in str(err)
                if locked and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                db.close()
                raise RecordProblem(
                    _say("busy" if locked else "unwritable", path=self.path, error=err)
                ) from None
            except sqlite3.DatabaseError:  # not a database, or a malformed one
                db.close()
                if not retry:
                    raise RecordProblem(
                        _say("unreadable", path=self.path, error="damaged")
                    ) from None
                self._set_aside()
                return self._connect(retry=False)
        return db

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version >= VERSION:
            return  # a newer course may have added to it; what this one reads is still there
        db.execute("BEGIN IMMEDIATE")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]  # another kernel's work?
            for step in MIGRATIONS[version:]:
                step(db)
            db.execute(f"PRAGMA user_version = {VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _set_aside(self) -> None:
        """Rename a damaged file (and its WAL companions) aside and say so; never delete it."""
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{n}")
        try:
            self.path.rename(aside)
            for suffix in ("-wal", "-shm"):
                companion = self.path.with_name(self.path.name + suffix)
                if companion.exists():
                    companion.rename(aside.with_name(aside.name + suffix))
        except OSError as err:
            raise RecordProblem(_say("unwritable", path=self.path, error=err)) from None
        self.notice = _say("damaged", path=self.path, aside=aside.name)

    def add(
        self,
        item: str,
        result: ItemResult | None,
        answer: str = "",
        *,
        source: str,
        agreement: float | None = None,
        show_key: bool = True,
        when: str | None = None,
    ) -> int:
        """Keep one check: ``result`` is the comparison the learner was shown. With
        ``show_key=False`` (a score-only graded week) only the agreement is kept."""
        if source not in SOURCES:
            raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
        when = when or datetime.now(UTC).isoformat(timespec="seconds")
        key = str(result.key) if result is not None and show_key else None
        answer = str(result.answer) if result is not None else answer
        value = result.agreement if result is not None else agreement
        db = self._connect()
        try:
            db.execute("BEGIN IMMEDIATE")
            cursor = db.execute(
                "INSERT INTO checks (time, source, item, key, answer, agreement) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (when, source, item, key, answer, value),
            )
            if key is not None:
                _insert_codes(db, cursor.lastrowid, result)
            db.execute("COMMIT")
            return cursor.lastrowid
        except sqlite3.Error as err:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise RecordProblem(_say("unwritable", path=self.path, error=err)) from None
        finally:
            db.close()

    def attempts(self) -> list[Attempt]:
        """Every check, oldest first, with its per-code rows."""
        if not self.path.exists():
            return []
        db = self._connect()
        try:
            codes: dict[int, list[CodeRow]] = {}
            for row in db.execute(
                "SELECT check_id, code, outcome, key_intensity, answer_intensity, key_side, "
                "answer_side FROM codes ORDER BY rowid"
            ):
                codes.setdefault(row[0], []).append(CodeRow(*row[1:]))
            rows = db.execute(
                "SELECT id, time, source, item, key, answer, agreement FROM checks ORDER BY id"
            ).fetchall()
        except sqlite3.Error as err:
            raise RecordProblem(_say("unreadable", path=self.path, error=err)) from None
        finally:
            db.close()
        return [Attempt(*row, tuple(codes.get(row[0], ()))) for row in rows]

    def has(self, source: str, item: str, when: str) -> bool:
        """Whether the record holds ``item`` from ``source`` at time ``when`` already."""
        if not self.path.exists():
            return False
        db = self._connect()
        try:
            row = db.execute(
                "SELECT 1 FROM checks WHERE source = ? AND item = ? AND time = ? LIMIT 1",
                (source, item, when),
            ).fetchone()
        finally:
            db.close()
        return row is not None

    def items(self) -> set[str]:
        """The item names already in the record (a drill never repeats one)."""
        return {a.item for a in self.attempts()}


def _insert_codes(db: sqlite3.Connection, check_id: int, result: ItemResult) -> None:
    rows = [CodeRow(c, "missed") for c in result.missed]
    rows += [CodeRow(c, "added") for c in result.added]
    intensities = {p.code: p for p in result.intensities}
    for side in result.sides:
        pair = intensities.get(side.code)
        rows.append(
            CodeRow(
                side.code,
                "agreed",
                pair.key if pair else "",
                pair.answer if pair else "",
                side.key,
                side.answer,
            )
        )
    db.executemany(
        "INSERT INTO codes VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                check_id,
                r.code,
                r.outcome,
                r.key_intensity,
                r.answer_intensity,
                r.key_side,
                r.answer_side,
            )
            for r in rows
        ],
    )


_told: set[str] = set()  # notices already shown in this kernel


def save_check(item: str, result: ItemResult, source: str = "practice") -> str | None:
    """Keep a check in the learner's record. Never raises: returns a sentence for the learner
    when the record had to be started afresh or cannot be written (once per kernel)."""
    record = Record()
    try:
        record.add(item, result, source=source)
    except RecordProblem as problem:
        return _once(str(problem))
    except OSError as err:  # a disk full or a folder gone while writing
        return _once(_say("unwritable", path=record.path, error=err))
    return _once(record.notice) if record.notice else None


def _once(message: str) -> str | None:
    if message in _told:
        return None
    _told.add(message)
    return message


def load(path: Path | str | None = None) -> tuple[list[Attempt], str | None]:
    """Every attempt in the record and a sentence for the learner, if the file needed one;
    never raises (a record that cannot be read gives no attempts and says why)."""
    record = Record(path)
    try:
        if path is None and in_home(record.path):
            take_in(record, Path.home())  # a hub learner's fetched feedback pages
        return record.attempts(), record.notice
    except RecordProblem as problem:
        return [], str(problem)
    except OSError as err:  # a folder on the way that this account may not read
        return [], _say("unreadable", path=record.path, error=err.strerror or err)


def take_in(record: Record, home: Path) -> int:
    """Add the results of the graded feedback pages fetched into ``home`` that the record has
    not seen (:mod:`course.fetched_feedback`); how many were added."""
    from .fetched_feedback import PAGES, results

    added = 0
    for page in sorted(home.glob(PAGES)):
        when = page.parent.name  # nbgrader's time stamp of that feedback
        try:
            text = page.read_text("utf-8", errors="replace")
        except OSError:
            continue
        for data in results(text):
            if record.has("graded", data["item"], when):
                continue
            key = data.get("key")
            try:
                result = compare(key, data["answer"]) if key else None
            except NotationError:
                result = None
            record.add(
                data["item"],
                result,
                str(data["answer"]),
                source="graded",
                agreement=float(data["agreement"]),
                show_key=result is not None,
                when=when,
            )
            added += 1
    return added
