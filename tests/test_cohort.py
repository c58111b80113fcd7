"""The instructor's week with ``facs-course cohort``, on a real nbgrader course and exchange.

Five learners hand in week01 through nbgrader's exchange: one perfect, one partly right, one
careless (blank and malformed answers, an answer cell and a test cell deleted), one whose
notebook is damaged, and one who resubmits. Expected scores are worked out in
``tests/test_nbgrader_pipeline.py`` from the agreement formula, not from the course code.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.cohort import steps
from autograder.keys import load_week
from course.cli import main
from tests.test_nbgrader_pipeline import COURSE, ROOT, fill_in, nbgrader

pytestmark = pytest.mark.pipeline
WEEK = "week01"
NB = f"{WEEK}.ipynb"


def cohort(capsys, *args: str, root: Path, exchange: Path) -> tuple[int, str]:
    status = main(["cohort", *args, "--root", str(root), "--exchange", str(exchange)])
    out = capsys.readouterr()
    return status, out.out + out.err


def hand_in(root: Path, exchange: Path, learner: str, answers_of: str) -> float:
    """``learner`` fetches week01 (once), answers as ``answers_of`` would, and submits."""
    home = root.parent / "homes" / learner
    home.mkdir(parents=True, exist_ok=True)
    ex = f"--Exchange.root={exchange}"
    if not (home / WEEK).is_dir():
        nbgrader("fetch_assignment", WEEK, f"--course={COURSE}", ex, cwd=home, home=home)
    expected = fill_in(home / WEEK / NB, answers_of, load_week(WEEK))
    nbgrader("submit", WEEK, f"--course={COURSE}", f"--student={learner}", ex, cwd=home, home=home)
    return expected


def gradebook_rows(root: Path) -> dict[str, list[tuple]]:
    """Every row of the tables autograde writes, ids left out, sorted."""
    with sqlite3.connect(root / "gradebook.db") as db:
        queries = {
            "submissions": "SELECT s.student_id, s.timestamp FROM submitted_assignment s",
            "grades": "SELECT sa.student_id, c.name, g.auto_score, g.needs_manual_grade "
            "FROM grade g JOIN base_cell c ON g.cell_id = c.id "
            "JOIN submitted_notebook n ON g.notebook_id = n.id "
            "JOIN submitted_assignment sa ON n.assignment_id = sa.id",
            "comments": "SELECT sa.student_id, c.name, m.auto_comment FROM comment m "
            "JOIN base_cell c ON m.cell_id = c.id "
            "JOIN submitted_notebook n ON m.notebook_id = n.id "
            "JOIN submitted_assignment sa ON n.assignment_id = sa.id",
        }
        return {k: sorted(db.execute(q).fetchall(), key=repr) for k, q in queries.items()}


def scores(root: Path) -> dict[str, float]:
    with sqlite3.connect(root / "gradebook.db") as db:
        rows = db.execute(
            "SELECT sa.student_id, SUM(g.auto_score) FROM grade g "
            "JOIN submitted_notebook n ON g.notebook_id = n.id "
            "JOIN submitted_assignment sa ON n.assignment_id = sa.id GROUP BY sa.student_id"
        ).fetchall()
    return dict(rows)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    base = tmp_path_factory.mktemp("cohort")
    root, exchange = base / "course", base / "exchange"
    root.mkdir()
    exchange.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", root)
    return root, exchange


def test_the_instructors_week(course, capsys):
    root, exchange = course
    lines = steps.release(root, WEEK, exchange, clips=False)
    assert lines[-1].startswith(f"Released {WEEK} to the learners")
    assert steps.release(root, WEEK, exchange, clips=False) == [
        f"{WEEK} is already released, unchanged."
    ]

    expected = {
        learner: hand_in(root, exchange, learner, learner)
        for learner in ("perfect", "partial", "careless")
    }
    expected["late"] = hand_in(root, exchange, "late", "partial")
    hand_in(root, exchange, "damaged", "perfect")
    (damaged,) = exchange.glob(f"{COURSE}/inbound/damaged+{WEEK}+*/{NB}")
    damaged.write_text('{"cells": [', "utf-8")

    status, out = cohort(capsys, "collect", WEEK, root=root, exchange=exchange)
    assert status == 0 and "Collected 5 new: careless, damaged, late, partial, perfect." in out

    status, out = cohort(capsys, "grade", WEEK, root=root, exchange=exchange)
    assert status == 1, out  # one submission could not be graded
    assert "Graded 4 submissions of week01" in out and "(2 workers)" in out or "workers)" in out
    assert f"Cannot grade damaged: {NB} is damaged and cannot be opened as a notebook" in out
    assert "careless: item 3: its answer cell was deleted; scored 0." in out
    assert (
        "careless: item 4: its test cell was deleted; put back from the source and graded." in out
    )
    assert "Traceback" not in out
    got = scores(root)
    assert set(got) == {"perfect", "partial", "careless", "late", "damaged"}
    for learner, score in expected.items():
        assert got[learner] == pytest.approx(score, abs=2e-3), learner
    assert got["damaged"] is None  # cleared, never a silent zero: the formgrader lists it
    assert damaged.is_file() and (root / "submitted" / "damaged" / WEEK / NB).is_file()
    assert not (root / "autograded" / "damaged" / WEEK).exists()

    # Again: nothing new is graded, the gradebook is the same, the damaged one is still named.
    before = gradebook_rows(root)
    status, out = cohort(capsys, "grade", WEEK, root=root, exchange=exchange)
    assert "Already graded, unchanged since: 4 (careless, late, partial, perfect)." in out
    assert "Cannot grade damaged" in out and "Graded" not in out
    assert gradebook_rows(root) == before

    # A late resubmission (now perfect) is collected and graded once, the newest; the first
    # submission stays in the exchange.
    expected["late"] = hand_in(root, exchange, "late", "perfect")
    status, out = cohort(capsys, "collect", WEEK, root=root, exchange=exchange)
    assert "Collected 1 newer resubmissions: late." in out and "4 unchanged" in out
    assert len(list(exchange.glob(f"{COURSE}/inbound/late+{WEEK}+*"))) == 2
    status, out = cohort(capsys, "grade", WEEK, root=root, exchange=exchange)
    assert "Graded 1 submission of week01" in out, out
    after = gradebook_rows(root)
    assert len(after["submissions"]) == len(before["submissions"])
    assert len(after["grades"]) == len(before["grades"])
    assert scores(root)["late"] == pytest.approx(expected["late"], abs=2e-3)

    status, out = cohort(capsys, "feedback", WEEK, root=root, exchange=exchange)
    assert status == 0 and "Feedback for 4 learners" in out, out
    for learner in expected:
        assert (root / "feedback" / learner / WEEK / f"{WEEK}.html").is_file()
    status, out = cohort(capsys, "feedback", WEEK, root=root, exchange=exchange)
    assert status == 0, out

    status, out = cohort(capsys, "export", WEEK, root=root, exchange=exchange)
    assert status == 0 and f"Wrote exports/{WEEK}-items.csv" in out
    check_export(root, expected)


def check_export(root: Path, expected: dict[str, float]) -> None:
    """The CSV files agree with the gradebook, cell by cell."""
    with sqlite3.connect(root / "gradebook.db") as db:
        cells = {
            (s, name): (auto, points)
            for s, name, auto, points in db.execute(
                "SELECT sa.student_id, c.name, g.auto_score, gc.max_score FROM grade g "
                "JOIN base_cell c ON g.cell_id = c.id JOIN grade_cells gc ON gc.id = c.id "
                "JOIN submitted_notebook n ON g.notebook_id = n.id "
                "JOIN submitted_assignment sa ON n.assignment_id = sa.id"
            )
        }
    with open(root / "exports" / f"{WEEK}-items.csv") as f:
        items = list(csv.DictReader(f))
    week = load_week(WEEK)
    graded = sorted(expected)
    assert sorted({r["learner"] for r in items}) == sorted([*graded, "damaged"])
    for row in items:
        auto, points = cells[row["learner"], f"item{int(row['item']):02d}"]
        if auto is None:
            assert row["agreement"] == ""
        else:
            assert float(row["agreement"]) == pytest.approx(auto / points, abs=1e-4)
    with open(root / "exports" / f"{WEEK}-scores.csv") as f:
        week_scores = {r["learner"]: r for r in csv.DictReader(f)}
    for learner in graded:
        row = week_scores[learner]
        assert float(row["score"]) == pytest.approx(expected[learner], abs=2e-3)
        assert float(row["max_score"]) == len(week.items)
        mean = sum(cells[learner, f"item{i.number:02d}"][0] for i in week.items) / len(week.items)
        assert float(row["mean_agreement"]) == pytest.approx(mean, abs=1e-4)
        assert row["passed"] == str(mean >= 0.70)
    assert week_scores["perfect"]["ready"] == "True"
    damaged = week_scores["damaged"]
    assert damaged["score"] == damaged["mean_agreement"] == damaged["passed"] == ""
    assert week_scores["damaged"]["needs_manual_grade"] == "True"
    with open(root / "grades.csv") as f:
        grades = {r["student_id"]: r for r in csv.DictReader(f) if r["assignment"] == WEEK}
    for learner in graded:
        assert float(grades[learner]["raw_score"]) == pytest.approx(expected[learner], abs=2e-3)


@pytest.mark.slow
def test_parallel_grade_gives_nbgraders_serial_scores(course, tmp_path, capsys):
    """The same submissions, graded by serial ``nbgrader autograde`` and by ``cohort grade``:
    every cell's score equal to the last digit."""
    root, exchange = course
    if not (root / "submitted").is_dir():
        pytest.skip("needs the course of test_the_instructors_week")
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    for copy in (serial, parallel):
        shutil.copytree(root, copy, symlinks=True, ignore=shutil.ignore_patterns("autograded"))
        shutil.rmtree(copy / "submitted" / "damaged")
    nbgrader("autograde", WEEK, "--create", "--force", cwd=serial)
    status, out = cohort(capsys, "grade", WEEK, "--force", root=parallel, exchange=exchange)
    assert status == 0, out
    assert gradebook_rows(serial)["grades"] == gradebook_rows(parallel)["grades"]
    for learner in ("perfect", "partial", "careless", "late"):
        a, b = (
            nbformat.read(c / "autograded" / learner / WEEK / NB, 4) for c in (serial, parallel)
        )
        for cell in a.cells + b.cells:  # a test cell put back gets a new random id
            del cell["id"]
        assert a == b, learner


IRI_CHECK = """
import sys
from autograder.cohort.grade import _lazy_iri_grammar
_lazy_iri_grammar()
import jsonschema
compiled = "rfc3987_syntax.syntax_helpers" in sys.modules
check = jsonschema.FormatChecker()
print(compiled, check.conforms("https://例え.jp/パス?q=1", "iri"), check.conforms("no scheme", "iri"),
      check.conforms("a b", "iri-reference"), check.conforms("../up#x", "iri-reference"))
"""


def test_iri_grammar_compiled_only_when_an_iri_is_checked():
    """cohort grade's start-up skips jsonschema's IRI grammar, yet IRIs are checked as before."""
    out = subprocess.run(
        [sys.executable, "-c", IRI_CHECK], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    assert out == ["False", "True", "False", "False", "True"]
