"""The whole nbgrader pipeline, in a temporary course directory, as three learners.

generate -> release -> fetch -> submit -> collect -> autograde -> generate_feedback -> export,
with exact expected scores worked out here from the agreement formula, not from the course code.
One OS account plays the three learners: each has a home folder and submits with nbgrader's own
``--student`` option (nbgrader otherwise names a submission after the OS user).

The pipeline runs for the weeks that differ in kind: a plain week, the timing week and the mock
test. Every week's committed release is also checked, cheaply, against the items of its keys.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.keys import load_week, weeks
from autograder.release import build
from course.facs import NotationError, parse

ROOT = Path(__file__).resolve().parent.parent
COURSE = "facs-course"
LEARNERS = ("perfect", "partial", "careless")
FULL_PIPELINE = ("week01", "week08", "week09")  # plain, timing, mock test


def nbgrader(*args, cwd: Path, home: Path | None = None, check=True) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    if home:
        env["HOME"] = str(home)
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    if check:
        assert result.returncode == 0, (
            f"nbgrader {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        )
    return result


def add_code(key: str) -> str:
    """A code to add to ``key`` that the notation accepts beside it."""
    for extra in ("38", "14", "11", "21"):
        try:
            if int(extra) not in parse(key).codes:
                parse(f"{key}+{extra}")
                return extra
        except NotationError:
            continue
    raise AssertionError(f"no code can be added to {key}")


def answers_for(learner: str, week) -> tuple[dict, dict, float]:
    """The learner's answers and frames per item, and the score they must get."""
    answers, frames, expected = {}, {}, 0.0
    for item in week.items:
        n, key = item.number, item.key
        codes = [str(e) for e in key.score]
        scored = [e for e in key.events if not e.distractor]
        true_frames = (min(e.onset for e in scored), key.apex, max(e.offset for e in scored))
        if learner == "perfect":
            answers[n] = str(key.score)
            frames[n] = ", ".join(map(str, true_frames))
            expected += 2 if item.timing else 1
        elif learner == "partial":
            k = len(codes)
            if n % 2:  # only the first code: agreement 2 x 1 / (k + 1)
                answers[n] = codes[0]
                expected += round(2 / (k + 1), 4)
            else:  # every code plus one more: 2k / (2k + 1)
                answers[n] = f"{key.score}+{add_code(str(key.score))}"
                expected += round(2 * k / (2 * k + 1), 4)
            if item.timing:  # apex 10 frames late: onset and offset agree, 2 of 3
                frames[n] = f"{true_frames[0]}, {true_frames[1] + 10}, {true_frames[2]}"
                expected += round(2 / 3, 4)
        else:  # careless: item 1 blank, 2 malformed, 3 answer cell deleted, 4 test cell deleted
            answers[n] = {1: "", 2: "1+41"}.get(n, str(key.score))
            frames[n] = "" if n <= 3 else ", ".join(map(str, true_frames))
            if n > 3:
                expected += 2 if item.timing else 1
    return answers, frames, expected


def fill_in(path: Path, learner: str, week) -> float:
    nb = nbformat.read(path, as_version=4)
    answers, frames, expected = answers_for(learner, week)
    keep = []
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("-answer"):
            n = int(grade_id[4:6])
            cell.source = f'item_{n:02d} = "{answers[n]}"'
        elif grade_id.endswith("-frames"):
            n = int(grade_id[4:6])
            cell.source = f'frames_{n:02d} = "{frames[n]}"'
        if learner == "careless" and grade_id in ("item03-answer", "item04"):
            continue
        keep.append(cell)
    nb.cells = keep
    nbformat.write(nb, path)
    return expected


@pytest.fixture(scope="module")
def course_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "nbgrader_config.py", root)
    return root


def test_the_full_pipeline_weeks_are_weeks_of_the_course():
    assert set(FULL_PIPELINE) <= set(weeks())
    assert [load_week(n).timing for n in FULL_PIPELINE] == [False, True, False]
    assert len(load_week("week09").items) > 2 * len(load_week("week01").items)


@pytest.mark.parametrize("name", weeks())
def test_committed_release_has_the_cells_of_its_keys(name):
    """Per item: a title, a clip that shows it, an empty answer cell, a graded test worth one
    point (and frames and a timing test in a timing week); then a summary worth nothing."""
    week = load_week(name)
    nb = nbformat.read(ROOT / "release" / name / f"{name}.ipynb", as_version=4)
    cells = {c.metadata.nbgrader["grade_id"]: c for c in nb.cells}
    assert len(cells) == len(nb.cells), "grade ids repeat"
    expected = ["intro", "setup"]
    for item in week.items:
        n = f"item{item.number:02d}"
        expected += [f"{n}-title", f"{n}-clip", f"{n}-answer", n]
        expected += [f"{n}-frames", f"{n}-timing"] if item.timing else []
    assert [c.metadata.nbgrader["grade_id"] for c in nb.cells] == [
        *expected,
        "summary-title",
        "summary",
    ]

    points = {
        g: c.metadata.nbgrader.get("points")
        for g, c in cells.items()
        if c.metadata.nbgrader["grade"]
    }
    graded = {
        f"item{i.number:02d}{suffix}": 1
        for i in week.items
        for suffix in ("", "-timing")[: 1 + i.timing]
    }
    assert points == {**graded, "summary": 0}
    answer_ids = set()
    for item in week.items:
        n = f"{item.number:02d}"
        assert re.search(rf"\b{item.number}\b", cells[f"item{n}-clip"].source)
        answer_ids |= {f"item{n}-answer"} | ({f"item{n}-frames"} if item.timing else set())
    for grade_id, cell in cells.items():
        meta = cell.metadata.nbgrader
        if grade_id in answer_ids:
            assert meta["solution"] and not meta["locked"], grade_id
            assert re.match(r'^(item|frames)_\d\d = ""', cell.source), cell.source
        else:
            assert meta["locked"] and not meta["solution"], grade_id
        assert not cell.get("outputs"), grade_id


@pytest.mark.pipeline
@pytest.mark.parametrize("name", FULL_PIPELINE)
def test_pipeline(course_dir: Path, name: str, tmp_path: Path):
    week = load_week(name)
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    ex = f"--Exchange.root={exchange}"
    build(course_dir, [name])
    nb_name = f"{name}.ipynb"
    source, release = (
        course_dir / "source" / name / nb_name,
        course_dir / "release" / name / nb_name,
    )

    # The source validates; the released version fails every item's test until answered.
    assert "Success" in nbgrader("validate", str(source), cwd=course_dir).stdout
    blank = nbgrader("validate", str(release), cwd=course_dir, check=False).stdout
    assert f"VALIDATION FAILED ON {len(week.items) * (1 + week.timing) + 1} CELL(S)" in blank
    for item in week.items:
        assert f"Item {item.number} is not answered yet" in blank
    inverted = nbgrader("validate", "--invert", str(release), cwd=course_dir).stdout
    assert "NOTEBOOK PASSED ON 1 CELL(S)" in inverted  # only the 0-point summary cell

    # No key material reaches learners: not in the notebook, the clip names or the clip files.
    released = release.read_text()
    for item in week.items:
        assert f'item_{item.number:02d} = "{item.key.score}"' not in released
    assert "BEGIN SOLUTION" not in released and "grade(" not in released
    clips = sorted((course_dir / "release" / name / "clips").iterdir())
    assert [c.name for c in clips] == [f"item{i.number:02d}.webm" for i in week.items]
    written_keys = [str(i.key.score).encode() for i in week.items if len(str(i.key.score)) >= 4]
    for clip in clips:
        data = clip.read_bytes()
        assert not any(key in data for key in written_keys), clip

    nbgrader("release_assignment", name, ex, cwd=course_dir)
    expected = {}
    for learner in LEARNERS:
        home = tmp_path / learner
        home.mkdir()
        nbgrader("fetch_assignment", name, f"--course={COURSE}", ex, cwd=home, home=home)
        expected[learner] = fill_in(home / name / nb_name, learner, week)
        nbgrader(
            "submit", name, f"--course={COURSE}", f"--student={learner}", ex, cwd=home, home=home
        )

    # Validate names blank and malformed answers in plain words, and gives nothing away.
    careless = nbgrader(
        "validate", str(tmp_path / "careless" / name / nb_name), cwd=course_dir, check=False
    )
    assert "Item 1 is not answered yet" in careless.stdout
    assert "Item 2: 41 (lid droop) was merged into 43" in careless.stdout
    assert "Traceback" not in careless.stdout

    nbgrader("collect", name, ex, "--CollectApp.check_owner=False", cwd=course_dir)
    for learner in LEARNERS:
        nbgrader("autograde", name, f"--student={learner}", "--create", cwd=course_dir)
    nbgrader("generate_feedback", name, cwd=course_dir)
    nbgrader("export", cwd=course_dir)

    with open(course_dir / "grades.csv") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f) if r["assignment"] == name}
    for learner in LEARNERS:
        assert float(rows[learner]["raw_score"]) == pytest.approx(expected[learner], abs=2e-3), (
            learner
        )
    points = sum(2 if i.timing else 1 for i in week.items)
    assert float(rows["perfect"]["max_score"]) == points

    for learner in LEARNERS:
        graded = nbformat.read(course_dir / "autograded" / learner / name / nb_name, as_version=4)
        errors = [
            (c.metadata.nbgrader["grade_id"], o.ename)
            for c in graded.cells
            for o in c.get("outputs", [])
            if o.output_type == "error"
        ]
        expected_errors = {
            "careless": [("item01", "AnswerProblem"), ("item02", "AnswerProblem")]
            + [("item03", "AnswerProblem")]
            + (
                [("item01-timing", "AnswerProblem"), ("item02-timing", "AnswerProblem")]
                + [("item03-timing", "AnswerProblem")]
                if week.timing
                else []
            )
            + [("summary", "AnswerProblem")],
        }
        assert sorted(errors) == sorted(expected_errors.get(learner, [])), learner
        feedback = (course_dir / "feedback" / learner / name / f"{name}.html").read_text()
        assert "Mean agreement" in feedback and "Item 1" in feedback
        assert "most recent call last" not in feedback
    partial = (course_dir / "feedback" / "partial" / name / f"{name}.html").read_text()
    assert 'class="facs-code facs-added"' in partial
    assert 'class="facs-code facs-missed"' in partial or all(
        len(i.key.score) == 1 for i in week.items[::2]
    )
    for item in week.items:
        assert f'item_{item.number:02d} = "{item.key.score}"' not in partial
        assert f"key {item.key.score}" not in partial
    key_file = json.dumps([str(i.key.score) for i in week.items])
    assert key_file not in partial
