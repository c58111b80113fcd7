"""Grade a cohort's week in parallel, with nbgrader's own autograde, one gradebook writer.

nbgrader's gradebook is SQLite, which is not safe for concurrent writers, and nbgrader grades one
submission after another (its issue #174). Here a few worker processes, forked once from a
parent that has already imported nbgrader and read the keys, each grade many submissions with
nbgrader's :class:`~nbgrader.apps.NbGraderAPI` ``autograde`` against a private copy of the course
directory (in ``/dev/shm`` when there is one): its own copy of the gradebook, links to everything
else. The parent alone writes the real gradebook: as each submission is graded it copies the
submission's scores, comments, late penalty and timestamp into it (the fields nbgrader's
autograde sets) and removes the old feedback; a submission that could not be graded keeps no old scores (as
:func:`autograder.submission.supersede` does for nbgrader's own autograde).

A submission is graded when nbgrader does not count it as graded (no autograded copy, or one
older than the submission), so a resubmission is graded once, the newest; ``force`` grades all.
One that cannot be graded is reported by learner in plain words and the others go on.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import multiprocessing
import os
import shutil
import sqlite3
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from . import CohortError, api, in_course

PRIVATE = ("gradebook.db", "gradebook.db-journal", "feedback")
"""What each worker has of its own; everything else in the course directory is linked (the
workers write each learner's ``autograded/<learner>/<week>/`` straight into the course, each
learner's by one worker only)."""


@dataclass
class Graded:
    """What grading one submission gave: the gradebook fields autograde sets, or the problem."""

    student: str
    problem: str = ""
    notes: list[str] = field(default_factory=list)
    timestamp: object = None
    late: dict[str, float | None] = field(default_factory=dict)
    grades: list[tuple[str, str, float | None, bool]] = field(default_factory=list)
    comments: list[tuple[str, str, str | None]] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(g[2] or 0 for g in self.grades)


@dataclass
class Summary:
    """A grading run: what was graded, what could not be, what was already graded."""

    week: str
    graded: list[Graded]
    failed: list[Graded]
    unchanged: list[str]
    seconds: float
    workers: int

    def lines(self, max_score: float) -> list[str]:
        out = []
        if self.graded:
            scores = [g.score for g in self.graded]
            out.append(
                f"Graded {_count(len(self.graded), 'submission')} of {self.week} in "
                f"{self.seconds:.1f} s ({_count(self.workers, 'worker')}): mean {sum(scores) / len(scores):.2f} of "
                f"{max_score:g} points, lowest {min(scores):.2f}, highest {max(scores):.2f}."
            )
        if self.unchanged:
            out.append(
                f"Already graded, unchanged since: {len(self.unchanged)} "
                f"({', '.join(self.unchanged)})."
            )
        for g in self.failed:
            out.append(f"Cannot grade {g.student}: {g.problem}")
        for g in self.graded:
            out.extend(f"{g.student}: {note}" for note in g.notes)
        if not (self.graded or self.failed or self.unchanged):
            out.append(f"No submissions of {self.week} collected yet: run the collect step first.")
        return out


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _cell_notes(submitted: Path, expected: dict[str, str]) -> list[str]:
    """Plain notes on the nbgrader cells a learner deleted (by item)."""
    cells = json.loads(submitted.read_text("utf-8")).get("cells", [])
    present = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in cells}
    notes = []
    for grade_id, kind in sorted(expected.items()):
        if grade_id in present or not grade_id.startswith("item"):
            continue
        item = f"item {int(grade_id[4:6])}"
        if kind == "test":
            notes.append(f"{item}: its test cell was deleted; put back from the source and graded.")
        else:
            notes.append(f"{item}: its answer cell was deleted; scored 0.")
    return notes


def _check_schema_once() -> None:
    """Let nbgrader check its cell-metadata schema once per worker, not once per cell.

    nbgrader validates every cell's metadata with ``jsonschema.validate``, which first checks
    the schema itself, each time: about a third of grading a submission. jsonschema's own
    documentation says to use a validator object to validate many instances with one schema;
    this gives nbgrader's ``nbgraderformat`` module that, so the cells are validated exactly as
    before, and the schema (nbgrader's own, which does not change) is checked once."""
    import types

    import jsonschema
    from nbgrader.nbgraderformat import common

    validators: dict[int, object] = {}

    def validate(instance, schema, cls=None, *args, **kwargs):
        if id(schema) not in validators:
            cls = cls or jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            validators[id(schema)] = cls(schema, *args, **kwargs)
        error = jsonschema.exceptions.best_match(validators[id(schema)].iter_errors(instance))
        if error is not None:
            raise error

    common.jsonschema = types.SimpleNamespace(validate=validate)


def _one_engine_per_gradebook() -> None:
    """Let nbgrader's :class:`~nbgrader.api.Gradebook` reuse one SQLAlchemy engine per database
    in a worker.

    nbgrader opens the gradebook about a dozen times per submission, each time with a new engine,
    so SQLAlchemy compiles every query again (a quarter of grading a submission). The engine is
    only a connection factory with a cache of compiled queries; each Gradebook still opens and
    closes its own session and connections, so what is read and written is unchanged."""
    import sqlalchemy
    from nbgrader import api

    engines: dict[str, object] = {}

    def create_engine(url, *args, **kwargs):
        key = str(url)
        if key not in engines:
            engines[key] = sqlalchemy.create_engine(url, *args, **kwargs)
        return engines[key]

    api.create_engine = create_engine


def _lazy_iri_grammar() -> None:
    """Compile jsonschema's IRI grammar only when something checks an IRI.

    Importing jsonschema (which nbformat and nbgrader do) imports ``rfc3987_syntax`` when it is
    installed (Jupyter's ``jsonschema[format-nongpl]`` brings it), and that compiles a Lark
    grammar at import: 2 to 3 s, half of this command's start-up, for the ``iri`` format check,
    which neither nbformat's nor nbgrader's schemas use. Before jsonschema is first imported,
    this puts in the package's place a module with the same ``is_valid_syntax`` that imports
    the real grammar on its first call, so an IRI check, if any, gives the same answer."""
    import importlib
    import importlib.util
    import sys
    import types

    name = "rfc3987_syntax"
    if name in sys.modules or importlib.util.find_spec(name) is None:
        return
    stand_in = types.ModuleType(name)

    def is_valid_syntax(term: str, value: str) -> bool:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]  # the real package from now on
        return importlib.import_module(name).is_valid_syntax(term, value)

    stand_in.is_valid_syntax = is_valid_syntax
    sys.modules[name] = stand_in


# The worker's state, set once per forked process by _start_worker.
_worker: dict = {}


def _private_course(root: Path, base: Path) -> Path:
    """A private course directory in ``base``: a gradebook copy, links to everything else."""
    own = Path(tempfile.mkdtemp(prefix="worker-", dir=base))
    for entry in root.iterdir():
        if entry.name not in PRIVATE:
            (own / entry.name).symlink_to(entry)
    shutil.copy(base / "gradebook.db", own / "gradebook.db")
    return own


def _start_worker(root: Path, base: Path, week: str, expected: dict[str, str]) -> None:
    import logging

    gc.enable()  # its own garbage; what the parent made is frozen (see _forked)
    own = _private_course(root, base)
    _check_schema_once()
    _one_engine_per_gradebook()
    cfg = _worker["config"]
    cfg.CourseDirectory.root = str(own)
    cfg.CourseDirectory.db_url = f"sqlite:///{own / 'gradebook.db'}"
    from nbgrader.apps import NbGraderAPI

    with contextlib.redirect_stderr(io.StringIO()):
        nb = NbGraderAPI(config=cfg)
    nb.log.setLevel(logging.ERROR)
    nb.log.propagate = False
    _worker.update(root=root, own=own, api=nb, week=week, expected=expected)


def _grade_one(student: str) -> Graded:
    """In a worker: autograde ``student``'s submission in the private course, with nbgrader."""
    from nbgrader.api import Gradebook

    from autograder.submission import problems

    week, own = _worker["week"], _worker["own"]
    messages = io.StringIO()
    with contextlib.redirect_stderr(messages), contextlib.redirect_stdout(messages):
        result = _worker["api"].autograde(week, student, force=True, create=True)
    submitted = _worker["root"] / "submitted" / student / week
    if not result["success"]:
        found = problems(submitted, week)
        causes = [ln.split(": ", 1)[-1] for ln in messages.getvalue().splitlines() if ln.strip()]
        return Graded(student, problem=" ".join(found) or (causes or ["nbgrader failed"])[-1])
    graded = Graded(student)
    graded.notes = _cell_notes(submitted / f"{week}.ipynb", _worker["expected"])
    with Gradebook(f"sqlite:///{own / 'gradebook.db'}") as gb:
        submission = gb.find_submission(week, student)
        graded.timestamp = submission.timestamp
        for notebook in submission.notebooks:
            graded.late[notebook.name] = notebook.late_submission_penalty
            graded.grades += [
                (notebook.name, g.name, g.auto_score, g.needs_manual_grade) for g in notebook.grades
            ]
            graded.comments += [(notebook.name, c.name, c.auto_comment) for c in notebook.comments]
    return graded


def _merge(gb, week: str, graded: Graded, root: Path) -> None:
    """In the parent, the only writer: copy one graded submission into the real course."""
    gb.update_or_create_student(graded.student)
    extra = {"timestamp": graded.timestamp} if graded.timestamp else {}
    submission = gb.update_or_create_submission(week, graded.student, **extra)
    notebooks = {nb.name: nb for nb in submission.notebooks}
    grades = {(n, g.name): g for n, nb in notebooks.items() for g in nb.grades}
    comments = {(n, c.name): c for n, nb in notebooks.items() for c in nb.comments}
    for notebook, late in graded.late.items():
        notebooks[notebook].late_submission_penalty = late
    for notebook, cell, auto, needs in graded.grades:
        grade = grades[notebook, cell]
        grade.auto_score, grade.needs_manual_grade = auto, needs
    for notebook, cell, text in graded.comments:
        comments[notebook, cell].auto_comment = text
    gb.db.commit()


def _unmerged(gb, week: str, student: str, nb) -> None:
    """A submission that could not be graded is in the gradebook as nbgrader's autograde leaves
    it: there, with its old scores cleared to none (the formgrader lists it as needing
    grading), never zeros."""
    from autograder.submission import clear_scores

    gb.update_or_create_student(student)
    timestamp = nb.get_submitted_timestamp(week, student)
    extra = {"timestamp": timestamp} if timestamp else {}
    gb.update_or_create_submission(week, student, **extra)
    clear_scores(gb, week, student)


def _snapshot(root: Path, base: Path) -> None:
    """A consistent copy of the gradebook for the workers (SQLite's own backup)."""
    with (
        contextlib.closing(sqlite3.connect(root / "gradebook.db")) as src,
        contextlib.closing(sqlite3.connect(base / "gradebook.db")) as dst,
    ):
        src.backup(dst)


def _scratch() -> Path:
    shm = Path("/dev/shm")
    return Path(tempfile.mkdtemp(prefix="facs-grade-", dir=shm if shm.is_dir() else None))


def grade(
    root: Path,
    week: str,
    workers: int | None = None,
    force: bool = False,
    progress: bool = True,
) -> Summary:
    """Grade every collected submission of ``week`` not graded yet (all with ``force``)."""
    gc.disable()  # until the workers fork (see _forked): the start-up makes objects, no garbage
    try:
        return _grade(root, week, workers, force, progress)
    finally:
        gc.enable()


def _grade(root: Path, week: str, workers: int | None, force: bool, progress: bool) -> Summary:
    _lazy_iri_grammar()
    with _stills_aside(root, week) as stills:
        from nbgrader.api import Gradebook, MissingEntry
        from sqlalchemy.exc import SAWarning
        from tqdm import tqdm

        import autograder.static_grader  # noqa: F401 (imported once, before the workers fork)

        start = time.perf_counter()
        nb = api(root)
        with in_course(root):
            _warm(root, week, stills)
    with in_course(root):
        try:
            with nb.gradebook as gb:
                source = gb.find_notebook(week, week)
                expected = {c.name: "test" for c in source.grade_cells}
                expected |= {c.name: "answer" for c in source.solution_cells}
        except MissingEntry:
            raise CohortError(f"{week} is not in the gradebook: release it first.") from None
        submitted = sorted(nb.get_submitted_students(week))
        done = set() if force else nb.get_autograded_students(week)
        todo = [s for s in submitted if s not in done]
    graded, failed = [], []
    count = min(workers or os.cpu_count() or 1, len(todo)) or 1
    if todo:
        base = _scratch()
        try:
            _snapshot(root, base)
            (root / "autograded").mkdir(exist_ok=True)  # linked into every worker's course
            _worker["config"] = nb.config
            with (
                in_course(root),
                Gradebook(nb.coursedir.db_url, nb.course_id) as gb,
                warnings.catch_warnings(),
            ):
                # nbgrader's own add_submission warns about its autoflush; nothing is wrong
                warnings.simplefilter("ignore", SAWarning)
                bar = tqdm(
                    total=len(todo), desc=f"Grading {week}", unit="sub", disable=not progress
                )
                for result in _run(todo, count, (root, base, week, expected)):
                    # the old feedback goes, whatever the new grading gives
                    shutil.rmtree(root / "feedback" / result.student / week, True)
                    if result.problem:
                        _unmerged(gb, week, result.student, nb)
                        shutil.rmtree(root / "autograded" / result.student / week, True)
                        failed.append(result)
                    else:
                        _merge(gb, week, result, root)
                        graded.append(result)
                    bar.update()
                bar.close()
        finally:
            shutil.rmtree(base, ignore_errors=True)
    unchanged = [s for s in submitted if s not in todo]
    return Summary(week, graded, failed, unchanged, time.perf_counter() - start, count)


def _draw_stills(root: Path, week: str) -> dict:
    with in_course(root):
        from autograder import grading

        return grading.draw_stills(week)


@contextlib.contextmanager
def _stills_aside(root: Path, week: str):
    """Draw the week's feedback stills in a forked process while this one imports nbgrader
    (the start-up's longest part, on one core); gives the future of what it drew."""
    with ProcessPoolExecutor(1, multiprocessing.get_context("fork")) as aside:
        yield aside.submit(_draw_stills, root, week)


def _warm(root: Path, week: str, stills) -> None:
    """Do once, before the workers fork, what each would otherwise do for its first submission:
    read the keys and take the feedback's stills (drawn aside; any it could not draw are drawn
    here, where a problem is reported as usual), import pandas (the week's error table) and
    build nbformat's validator."""
    import nbformat
    import pandas  # noqa: F401

    from autograder import grading, keys

    with contextlib.suppress(Exception):
        grading.keep_stills(stills.result())
    for item in keys.load_week(week).items:
        grading.still(week, item.number)
    released = root / "release" / week / f"{week}.ipynb"
    if released.is_file():
        nbformat.validate(nbformat.read(released, as_version=4))


@contextlib.contextmanager
def _forked():
    """Fork the workers as CPython's :func:`gc.freeze` advises for a parent whose children
    inherit its memory: everything the parent made so far is left out of the workers' garbage
    collections (no collection walks, or copies, the inherited heap of nbgrader, pandas and
    SQLAlchemy); then the parent collects again, its start-up over."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.enable()


def _run(todo: list[str], count: int, initargs: tuple):
    """Yield each submission's :class:`Graded` as soon as a worker is done with it.

    If a worker process dies (out of memory, killed), the submissions it left are tried again
    in a fresh pool, one at a time; one that kills its worker again is reported, not retried."""
    context = multiprocessing.get_context("fork")
    left, retry = list(todo), False
    while left:
        workers = 1 if retry else count
        with ProcessPoolExecutor(workers, context, _start_worker, initargs) as pool:
            with _forked():
                futures = {pool.submit(_grade_one, s): s for s in left}  # the first forks all
            try:
                for future in as_completed(futures):
                    result = future.result()
                    left.remove(result.student)
                    yield result
            except BrokenProcessPool:
                if retry:
                    student = left.pop(0)
                    yield Graded(
                        student,
                        problem="the grading process stopped unexpectedly "
                        "(out of memory or killed) while grading this submission.",
                    )
                retry = True
