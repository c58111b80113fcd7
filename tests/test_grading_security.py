"""Grading nobody can cheat or break (issue 10) and keys found from the course directory
(issue 11, outcome 3): answers are read, never run; failures are loud and supersede the old
result; input is bounded; feedback follows the week's policy; private keys stay private.

The hostile answer cells live in ``tests/adversarial/``; each is graded in this process (fast)
and through the real ``nbgrader autograde`` (marked ``pipeline``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder import keys, selfpaced, static_grader
from autograder.keys import load_week
from autograder.release import ReleaseError, build, source_notebook

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "tests" / "adversarial").glob("*.cell"))
KEY_1 = "1C"  # week 1, item 1; the tests state it rather than trust the grader's reading
WRONG = "4"


def expectation(path: Path) -> str | None:
    """The answer string a corpus cell must be scored as, or None for unreadable."""
    first = path.read_text().splitlines()[0]
    value = first.removeprefix("# scored as: ").strip()
    return None if value == "unreadable" else json.loads(value)


def expected_score(answer: str | None) -> float:
    return {KEY_1: 1.0, WRONG: 0.0, None: 0.0}[answer]


def keys_digest(folder: Path) -> str:
    return hashlib.sha256(
        b"".join(p.read_bytes() for p in sorted(folder.glob("*.toml")))
    ).hexdigest()


def test_source(grade_id: str, week: str = "week01") -> str:
    """A test cell's source exactly as the release writes it."""
    nb = source_notebook(load_week(week))
    return next(c.source for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == grade_id)


test_source.__test__ = False


def grade_statically(answer_cell: str, week: str = "week01", grade_id: str = "item01"):
    namespace = static_grader.read_answers(answer_cell, grade_id + "-answer")
    return static_grader.test_outputs(test_source(grade_id, week), namespace, 1)


def score_of(outputs) -> float | None:
    for output in outputs:
        if output.output_type == "error":
            return 0.0
        if output.output_type == "execute_result":
            return float(output.data["text/plain"])
    return None


def text_of(outputs) -> str:
    """Everything the outputs show: printed text, errors, and each feedback section's text and HTML."""
    data = [o.get("data", {}) for o in outputs if o.output_type == "display_data"]
    shown = [d.get("text/plain", "") + d.get("text/html", "") for d in data]
    return "\n".join([*(o.get("text", "") + o.get("evalue", "") for o in outputs), *shown])


# Outcome 1: no learner code can touch grading -----------------------------------------------


@pytest.mark.parametrize("cell", CORPUS, ids=[p.stem for p in CORPUS])
def test_hostile_answer_cell_scores_only_its_answer_strings(cell: Path):
    before = keys_digest(keys.keys_dir())
    outputs = grade_statically(cell.read_text())
    assert score_of(outputs) == expected_score(expectation(cell))
    assert keys_digest(keys.keys_dir()) == before
    assert (keys.keys_dir() / "week01.toml").read_text() not in text_of(outputs)
    assert "Traceback" not in text_of(outputs)


def test_non_literal_answer_is_refused_with_a_plain_message():
    outputs = grade_statically('item_01 = str(K.load_week("week01").item(1).key.score)')
    assert outputs[-1].ename == "AnswerProblem"
    assert "only an answer typed between quotes is graded" in outputs[-1].evalue


def test_every_grade_cell_gets_an_output_even_when_the_test_is_unknown():
    outputs = static_grader.test_outputs("print('hi')\nx = 1", {}, 1)
    assert outputs[-1].output_type == "error"
    assert score_of(outputs) == 0.0


# Outcome 4: bounded resources ---------------------------------------------------------------


def test_answer_over_the_length_limit_is_refused_before_parsing():
    huge = "1+" * static_grader.MAX_ANSWER_CHARS + "2"
    outputs = grade_statically(f'item_01 = "{huge}"')
    assert outputs[-1].ename == "AnswerProblem"
    assert "characters long" in outputs[-1].evalue and huge not in outputs[-1].evalue


def test_huge_answer_cell_is_not_parsed():
    cell = 'item_01 = "' + "1+" * 5_000_000 + '2"'
    outputs = grade_statically(cell)
    assert "the answer cell is too long" in outputs[-1].evalue


def test_deeply_nested_answer_is_unreadable_not_a_crash():
    outputs = grade_statically("item_01 = " + "(" * 5000 + '"1C"' + ")" * 5000)
    assert score_of(outputs) == 0.0 and outputs[-1].ename == "AnswerProblem"


# Outcome 5: feedback policy -----------------------------------------------------------------


@pytest.fixture
def private_keys(tmp_path, monkeypatch):
    """A private keys folder ($FACS_KEYS_DIR) whose item 1 differs from the tracked keys."""
    folder = tmp_path / "private-keys"
    shutil.copytree(ROOT / "autograder" / "keys", folder)
    week01 = folder / "week01.toml"
    week01.write_text(week01.read_text().replace('score = "1C"', 'score = "4B"', 1))
    monkeypatch.setenv(keys.KEYS_ENV, str(folder))
    load_week.cache_clear()
    yield folder
    monkeypatch.delenv(keys.KEYS_ENV)
    load_week.cache_clear()


def test_score_only_feedback_names_no_code_of_the_key(private_keys):
    toml = private_keys / "week01.toml"
    full = text_of(grade_statically('item_01 = "1"'))
    assert "Missed (in the key, not in your answer): 4" in full
    toml.write_text('feedback = "score"\n' + toml.read_text())
    brief = text_of(grade_statically('item_01 = "1"'))
    assert "Agreement 0.00" in brief
    assert "Missed" not in brief and "Added" not in brief and " 4 (" not in brief


def test_score_only_timing_feedback_gives_no_key_frame(private_keys):
    toml = private_keys / "week08.toml"
    toml.write_text('feedback = "score"\n' + toml.read_text())
    key = load_week("week08").item(1).key.expression
    frames = f"frames_01 = '{key.onset}, {key.apex + 20}, {key.offset}'"
    outputs = grade_statically(frames, "week08", "item01-timing")
    assert "Agreement 0.67" in text_of(outputs) and "frames," not in text_of(outputs)
    assert score_of(outputs) == pytest.approx(0.6667, abs=1e-3)


@pytest.mark.pipeline
def test_private_keys_never_reach_the_tracked_source_notebook(private_keys, tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course)
    build(course, ["week01"], clips=False)
    source = (course / "source" / "week01" / "week01.ipynb").read_text()
    for item in load_week("week01").items:
        assert f'item_{item.number:02d} = \\"{item.key.score}\\"' not in source
    assert "private keys folder" in source

    hand_in(course, "private", answered(course))  # item 1 answered 4B, the private key
    result = autograde(course, "private")
    assert result.returncode == 0, result.stderr
    assert total(course, "private") == 8.0
    hand_in(course, "private", answered(course, {1: KEY_1}))  # the tracked key is wrong here
    assert autograde(course, "private").returncode == 0
    assert total(course, "private") == 7.0


# Outcome 3: submit refuses what cannot be graded --------------------------------------------


def fetched(tmp_path: Path) -> Path:
    folder = tmp_path / "work" / "week01"
    folder.mkdir(parents=True)
    return folder


def test_submit_refuses_a_truncated_notebook(tmp_path):
    nb = nbformat.writes(source_notebook(load_week("week01")))
    (fetched(tmp_path) / "week01.ipynb").write_text(nb[: len(nb) // 2])
    with pytest.raises(ReleaseError, match="is damaged and cannot be opened"):
        selfpaced.submit(tmp_path, "week01")


def test_submit_refuses_a_renamed_notebook(tmp_path):
    folder = fetched(tmp_path)
    nbformat.write(source_notebook(load_week("week01")), folder / "week01 (copy).ipynb")
    with pytest.raises(ReleaseError, match=r"rename your copy back to week01\.ipynb"):
        selfpaced.submit(tmp_path, "week01")


# The real nbgrader autograde -----------------------------------------------------------------


def nbgrader(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(env or os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "nbgrader_config.py", root)
    build(root, ["week01"], clips=False)
    return root


def answered(root: Path, answers: dict[int, str] | None = None) -> nbformat.NotebookNode:
    """The released week 1, every item answered with its key unless ``answers`` says otherwise."""
    nb = nbformat.read(root / "release" / "week01" / "week01.ipynb", as_version=4)
    week = load_week("week01")
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("-answer"):
            n = int(grade_id[4:6])
            value = (answers or {}).get(n, str(week.item(n).key.score))
            cell.source = value if "\n" in value or "=" in value else f'item_{n:02d} = "{value}"'
    return nb


def hand_in(root: Path, student: str, nb=None, raw: str | None = None, name="week01.ipynb"):
    folder = root / "submitted" / student / "week01"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / name).write_text(raw if raw is not None else nbformat.writes(nb))


def autograde(root: Path, student: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return nbgrader(
        "autograde", "week01", f"--student={student}", "--create", "--force", cwd=root, env=env
    )


def scores(root: Path, student: str) -> dict[str, float | None]:
    with sqlite3.connect(root / "gradebook.db") as db:
        rows = db.execute(
            "SELECT base_cell.name, grade.auto_score FROM grade"
            " JOIN base_cell ON grade.cell_id = base_cell.id"
            " JOIN submitted_notebook ON grade.notebook_id = submitted_notebook.id"
            " JOIN submitted_assignment ON submitted_notebook.assignment_id = submitted_assignment.id"
            " WHERE submitted_assignment.student_id = ?",
            (student,),
        ).fetchall()
    return dict(rows)


def total(root: Path, student: str) -> float:
    return sum(v for k, v in scores(root, student).items() if k != "summary")


@pytest.fixture(scope="module")
def hostile_course(course: Path, tmp_path_factory) -> tuple[Path, str]:
    """Every corpus cell handed in by its own learner, all graded by one ``nbgrader autograde``."""
    root = shutil.copytree(course, tmp_path_factory.mktemp("hostile") / "course")
    before = keys_digest(ROOT / "autograder" / "keys")
    for cell in CORPUS:
        hand_in(root, f"hostile-{cell.stem}", answered(root, {1: cell.read_text()}))
    result = nbgrader("autograde", "week01", "--create", "--force", cwd=root)
    assert result.returncode == 0, result.stderr
    return root, before


def outputs_text(root: Path, student: str) -> str:
    nb = nbformat.read(root / "autograded" / student / "week01" / "week01.ipynb", as_version=4)
    return text_of([o for c in nb.cells if c.cell_type == "code" for o in c.outputs])


@pytest.mark.pipeline
@pytest.mark.parametrize("cell", CORPUS, ids=[p.stem for p in CORPUS])
def test_hostile_answer_cell_through_nbgrader_autograde(hostile_course, cell: Path):
    root, before = hostile_course
    student = f"hostile-{cell.stem}"
    assert scores(root, student)["item01"] == expected_score(expectation(cell))
    assert total(root, student) == 7 + expected_score(expectation(cell))
    assert keys_digest(ROOT / "autograder" / "keys") == before
    shown = outputs_text(root, student)
    assert "noise" not in shown and 'score = "4"' not in shown and "Traceback" not in shown


@pytest.mark.pipeline
def test_hostile_answer_cells_through_cohort_grade(hostile_course, tmp_path):
    """The instructor's parallel ``cohort grade`` grades the same way: on a copy of the course
    with every score wiped, each hostile cell again scores only its answer string, and its
    feedback shows no noise, no planted score and no traceback."""
    from autograder.cohort.grade import grade

    root, before = hostile_course
    copy = shutil.copytree(root, tmp_path / "course")
    shutil.rmtree(copy / "autograded")
    with sqlite3.connect(copy / "gradebook.db") as db:
        db.execute("UPDATE grade SET auto_score = NULL")
    summary = grade(copy, "week01", force=True, progress=False)
    assert not summary.failed
    assert {g.student for g in summary.graded} >= {f"hostile-{c.stem}" for c in CORPUS}
    for cell in CORPUS:
        student = f"hostile-{cell.stem}"
        assert scores(copy, student)["item01"] == expected_score(expectation(cell)), cell.stem
        assert total(copy, student) == 7 + expected_score(expectation(cell))
        shown = outputs_text(copy, student)
        assert "noise" not in shown and 'score = "4"' not in shown and "Traceback" not in shown
    assert keys_digest(ROOT / "autograder" / "keys") == before


DAMAGES = [
    ("deleted_before_you_submit_cells", 8.0),
    ("deleted_answer_and_test_pair", 7.0),
    ("copy_pasted_answer_cell", 8.0),
    ("copy_pasted_test_cell", 8.0),
    ("edited_answer_grade_id", 8.0),
    ("edited_test_grade_id", 8.0),
]


def damaged(nb, damage: str):
    ids = {c.metadata.get("nbgrader", {}).get("grade_id"): i for i, c in enumerate(nb.cells)}
    if damage == "deleted_before_you_submit_cells":
        del nb.cells[ids["summary-title"] : ids["summary"] + 1]
    elif damage == "deleted_answer_and_test_pair":
        del nb.cells[ids["item03-answer"] : ids["item03"] + 1]
    elif damage.startswith("copy_pasted"):
        i = ids["item03-answer" if "answer" in damage else "item03"]
        copy = nbformat.from_dict(json.loads(json.dumps(nb.cells[i])))
        copy["id"] = "pasted"
        nb.cells.insert(i + 1, copy)
    else:
        i = ids["item03-answer" if "answer" in damage else "item03"]
        nb.cells[i].metadata.nbgrader["grade_id"] = "mine"
    return nb


@pytest.fixture(scope="module")
def damaged_course(course: Path, tmp_path_factory) -> Path:
    root = shutil.copytree(course, tmp_path_factory.mktemp("damaged") / "course")
    for damage, _ in DAMAGES:
        student = f"damaged-{damage}".replace("_", "-")
        hand_in(root, student, damaged(answered(root), damage))
    result = nbgrader("autograde", "week01", "--create", "--force", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.pipeline
@pytest.mark.parametrize("damage, expected", DAMAGES)
def test_damaged_cells_are_repaired_and_scored_from_the_answers(damaged_course, damage, expected):
    student = f"damaged-{damage}".replace("_", "-")
    assert total(damaged_course, student) == expected
    assert "summary" in scores(damaged_course, student)
    assert "Traceback" not in outputs_text(damaged_course, student)


@pytest.mark.pipeline
@pytest.mark.parametrize("damage", ["truncated_json", "renamed_notebook"])
def test_failed_grading_supersedes_the_old_score_and_feedback(course, damage):
    student = f"failed-{damage}".replace("_", "-")
    hand_in(course, student, answered(course))
    assert autograde(course, student).returncode == 0
    assert (
        nbgrader("generate_feedback", "week01", f"--student={student}", cwd=course).returncode == 0
    )
    assert total(course, student) == 8.0
    feedback = course / "feedback" / student / "week01"
    assert feedback.is_dir()

    raw = nbformat.writes(answered(course))
    if damage == "truncated_json":
        hand_in(course, student, raw=raw[: len(raw) // 2])
    else:
        hand_in(course, student, raw=raw, name="week01 (1).ipynb")
    result = autograde(course, student)
    assert result.returncode != 0
    cause = "is damaged" if damage == "truncated_json" else "rename your copy back"
    assert f"Cannot grade week01 of {student}:" in result.stderr and cause in result.stderr
    assert set(scores(course, student).values()) == {None}  # no score shown, old or zero
    assert not feedback.exists()


@pytest.mark.pipeline
def test_keys_found_from_the_course_directory_with_a_non_editable_install(course, tmp_path):
    """The packages imported from a site-packages-like folder without keys (as a wheel installs
    them); the keys only in <course>/autograder/keys, then nowhere, then in $FACS_KEYS_DIR."""
    course = shutil.copytree(course, tmp_path / "course")
    site = tmp_path / "site-packages"
    for package in ("autograder", "course"):
        shutil.copytree(
            ROOT / package, site / package, ignore=shutil.ignore_patterns("keys", "__pycache__")
        )
    env = {k: v for k, v in os.environ.items() if k != keys.KEYS_ENV}
    env["PYTHONPATH"] = str(site)
    probe = subprocess.run(
        [sys.executable, "-c", "import autograder; print(autograder.__file__)"],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
    )
    assert probe.stdout.startswith(str(site))

    keys_copy = course / "autograder" / "keys"
    shutil.copytree(ROOT / "autograder" / "keys", keys_copy)
    hand_in(course, "wheel", answered(course, {2: WRONG}))
    result = autograde(course, "wheel", env)
    assert result.returncode == 0, result.stderr
    assert total(course, "wheel") == 7.0

    private = tmp_path / "private"
    shutil.move(keys_copy, private)
    result = autograde(course, "wheel", env)
    assert result.returncode != 0
    assert "Cannot grade week01 of wheel: The answer keys are not available" in result.stderr
    assert keys.KEYS_ENV in result.stderr
    assert set(scores(course, "wheel").values()) == {None}  # no zero recorded

    result = autograde(course, "wheel", dict(env, **{keys.KEYS_ENV: str(private)}))
    assert result.returncode == 0, result.stderr
    assert total(course, "wheel") == 7.0


@pytest.mark.pipeline
def test_formgrader_api_grades_from_another_directory_like_the_cli(course, tmp_path):
    hand_in(course, "formgrader", answered(course, {2: WRONG, 5: "9"}))
    script = (
        "import sys\n"
        "from traitlets.config.loader import PyFileConfigLoader\n"
        "from nbgrader.apps import NbGraderAPI\n"
        "from nbgrader.coursedir import CourseDirectory\n"
        f"config = PyFileConfigLoader('nbgrader_config.py', path={str(course)!r}).load_config()\n"
        "api = NbGraderAPI(CourseDirectory(config=config), config=config)\n"
        "result = api.autograde('week01', 'formgrader', force=True, create=True)\n"
        "sys.exit(0 if result['success'] else result['log'])\n"
    )
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert total(course, "formgrader") == 6.0
