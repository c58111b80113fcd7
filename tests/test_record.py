"""The learner's record: a real SQLite file, where it lives, its migrations and its damage."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.keys import load_week
from autograder.selfpaced import record_grades
from course import lesson, practice, record
from course.facs import compare
from course.record import VERSION, Record

ROOT = Path(__file__).resolve().parent.parent


def test_record_lives_in_the_learners_own_space(tmp_path, monkeypatch):
    monkeypatch.setenv("FACS_RECORD", str(tmp_path / "mine.sqlite"))
    assert record.record_path() == tmp_path / "mine.sqlite"
    monkeypatch.delenv("FACS_RECORD")
    laptop = tmp_path / "course"
    laptop.mkdir()
    (laptop / "nbgrader_config.py").write_text("")
    monkeypatch.setattr(record, "course_root", lambda: laptop)
    assert record.record_path() == laptop / "work" / "facs-record.sqlite"
    # an installed course (no course folder): the learner's home, as on a hub
    monkeypatch.setattr(record, "course_root", lambda: None)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert record.record_path() == tmp_path / "home/.local/share/facs-course/record.sqlite"
    assert ROOT / "release" not in record.record_path().parents


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_course_folder_sends_the_record_home(tmp_path, monkeypatch):
    hub = tmp_path / "course"
    hub.mkdir()
    (hub / "nbgrader_config.py").write_text("")
    hub.chmod(0o555)
    monkeypatch.delenv("FACS_RECORD")
    monkeypatch.setattr(record, "course_root", lambda: hub)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert record.record_path().is_relative_to(tmp_path / "home")


def test_every_practice_check_is_kept_with_its_per_code_errors(own_record):
    lesson.check_clip(1, 3, "")  # not attempted: nothing to keep
    lesson.check_clip(1, 3, "4F")  # unreadable: nothing to keep
    lesson.check_clip(1, 3, "4B")
    practice.check("6+L12C", "7+R12B")
    first, second = Record(own_record).attempts()
    assert (first.source, first.item, first.key, first.answer) == (
        "practice",
        "week01/clip03",
        "4C",
        "4B",
    )
    assert first.codes[0].outcome == "agreed" and first.codes[0].answer_intensity == "B"
    outcomes = {(c.code, c.outcome) for c in second.codes}
    assert outcomes == {(6, "missed"), (7, "added"), (12, "agreed")}
    twelve = next(c for c in second.codes if c.code == 12)
    assert (twelve.key_side, twelve.answer_side, twelve.key_intensity) == ("L", "R", "C")
    assert second.agreement == pytest.approx(0.5)
    with sqlite3.connect(own_record) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_version_1_record_is_migrated_and_keeps_every_check(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:  # the first schema, written by hand
        db.execute(
            "CREATE TABLE checks (id INTEGER PRIMARY KEY, time TEXT NOT NULL, item TEXT NOT NULL,"
            " key TEXT, answer TEXT NOT NULL, agreement REAL NOT NULL)"
        )
        db.execute(
            "INSERT INTO checks (time, item, key, answer, agreement) VALUES "
            "('2026-01-05T10:00:00+00:00', 'week02/clip04', '6+12C', '7+12B', 0.5)"
        )
        db.execute("PRAGMA user_version = 1")
    db.close()
    (old,) = Record(path).attempts()
    assert (old.item, old.source, old.agreement) == ("week02/clip04", "practice", 0.5)
    assert {(c.code, c.outcome) for c in old.codes} == {(6, "missed"), (7, "added"), (12, "agreed")}
    Record(path).add("week02/clip05", compare("1", "1"), source="practice")
    assert [a.item for a in Record(path).attempts()] == ["week02/clip04", "week02/clip05"]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION


def test_a_record_from_a_newer_course_is_still_read_and_written(tmp_path):
    path = tmp_path / "newer.sqlite"
    Record(path).add("a", compare("1", "1"), source="drill")
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {VERSION + 3}")
        db.execute("ALTER TABLE checks ADD COLUMN mood TEXT")  # what a later course might add
    db.close()
    Record(path).add("b", compare("1", "2"), source="drill")
    assert [a.item for a in Record(path).attempts()] == ["a", "b"]


def test_a_damaged_record_is_put_aside_never_deleted_and_a_fresh_one_started(own_record):
    own_record.write_bytes(b"this is not a database, but it is the learner's file")
    feedback = practice.check("1+2", "1")
    shown = str(feedback)
    assert feedback.agreement == pytest.approx(2 / 3)
    assert "could not be read, so it was put aside as" in shown and "Traceback" not in shown
    (aside,) = own_record.parent.glob("record.sqlite.damaged-*")
    assert aside.read_bytes() == b"this is not a database, but it is the learner's file"
    assert [a.answer for a in Record(own_record).attempts()] == ["1"]
    assert "put aside" not in str(practice.check("1+2", "1"))  # said once, not at every check


def test_a_record_that_cannot_be_written_says_so_and_the_check_still_works(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("FACS_RECORD", str(blocker / "record.sqlite"))
    feedback = practice.check("1+2", "1+2")
    assert feedback.agreement == 1.0
    assert "could not be saved" in str(feedback) and "FACS_RECORD" in str(feedback)
    attempts, notice = record.load(blocker / "record.sqlite")
    assert attempts == [] and notice is None  # nothing there yet: nothing to read


WRITER = """
import sys
from course.facs import compare
from course.record import Record
for n in range(40):
    Record(sys.argv[1]).add(f"{sys.argv[2]}/{n}", compare("6", "7"), source="drill")
"""


def test_two_kernels_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "shared.sqlite"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), name], cwd=ROOT)
        for name in ("a", "b")
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    items = Record(path).items()
    assert len(items) == 80 and {"a/39", "b/39"} <= items


def test_graded_feedback_is_kept_with_the_week_and_item(tmp_path, own_record):
    nb = nbformat.read(ROOT / "release/week01/week01.ipynb", as_version=4)
    week = load_week("week01")
    answers = {1: str(week.item(1).key.score), 2: "1+2+4", 3: ""}
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        for number, answer in answers.items():
            if grade_id == f"item{number:02d}-answer":
                cell.source = f'item_{number:02d} = "{answer}"'
    graded = tmp_path / "week01.ipynb"
    nbformat.write(nb, graded)
    assert record_grades(graded, "week01") == []
    kept = Record(own_record).attempts()
    assert [a.item for a in kept] == ["week01/item01", "week01/item02"]  # item 3 is blank
    assert {a.source for a in kept} == {"graded"} and kept[0].agreement == 1.0
    assert kept[1].key == str(week.item(2).key.score)


CHECK = "from course import practice; print(practice.check('1+2', '1'))"


def _run_from(site: Path, home: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("FACS_RECORD", "XDG_DATA_HOME")}
    env |= {"PYTHONPATH": str(site), "HOME": str(home)}
    result = subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("laptop", [True, False], ids=["laptop-clone", "hub-installed"])
def test_a_learner_without_settings_writes_only_into_their_own_space(tmp_path, laptop):
    """A clone on a laptop keeps the record in its work/; an installed course (the hub's shared
    environment) keeps it in the learner's home and writes nothing beside the package."""
    site, home = tmp_path / "course-folder", tmp_path / "home"
    home.mkdir()
    shutil.copytree(ROOT / "course", site / "course", ignore=shutil.ignore_patterns("__pycache__"))
    if laptop:
        shutil.copy(ROOT / "nbgrader_config.py", site)
    before = sorted(p.relative_to(site) for p in site.rglob("*") if "__pycache__" not in p.parts)
    assert "Agreement 0.67" in _run_from(site, home)
    expected = (
        site / "work/facs-record.sqlite"
        if laptop
        else home / ".local/share/facs-course/record.sqlite"
    )
    assert [a.answer for a in Record(expected).attempts()] == ["1"]
    after = sorted(p.relative_to(site) for p in site.rglob("*") if "__pycache__" not in p.parts)
    new = [p for p in after if p not in before]
    assert all(p.parts[0] == "work" for p in new) if laptop else new == []


def test_the_mock_tests_scored_answers_are_kept(own_record):
    lesson.mock_test({1: "1+2", 2: "", 3: "4F"})
    (kept,) = Record(own_record).attempts()  # the blank and the unreadable answer are not
    assert (kept.item, kept.answer, kept.source) == ("week09/mock01", "1+2", "practice")
