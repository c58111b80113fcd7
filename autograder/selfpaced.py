"""Graded assignments for a self-paced learner on one machine: fetch, submit, grade.

The course repository is the nbgrader course directory; the exchange lives in ``.exchange/``
and the learner's own copies in ``work/``. Rebuilding the release never touches either.
"""

from __future__ import annotations

import getpass
from pathlib import Path

from .keys import load_week
from .release import ReleaseError, nbgrader
from .submission import problems

COURSE_ID = "facs-course"


def _exchange(root: Path) -> str:
    folder = root / ".exchange"
    folder.mkdir(exist_ok=True)
    return f"--Exchange.root={folder}"


def _run(*args: str, root: Path, cwd: Path | None = None) -> str:
    result = nbgrader(*args, root=cwd or root)
    if result.returncode != 0:
        raise ReleaseError(f"nbgrader {args[0]} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def fetch(root: Path, week: str) -> Path:
    """Copy ``week`` into ``work/<week>/`` for the learner; an existing copy is kept as it is."""
    load_week(week)  # a clear message for an unknown week
    if not (root / "release" / week / f"{week}.ipynb").is_file():
        raise ReleaseError(f"{week} has not been built yet: run `make release` first.")
    work = root / "work"
    work.mkdir(exist_ok=True)
    target = work / week / f"{week}.ipynb"
    if target.is_file():
        return target
    exchange = _exchange(root)
    _run("release_assignment", week, "--force", exchange, root=root)
    _run("fetch_assignment", week, f"--course={COURSE_ID}", exchange, root=root, cwd=work)
    return target


def submit(root: Path, week: str) -> str:
    """Hand in ``work/<week>/``; returns nbgrader's confirmation."""
    if not (root / "work" / week).is_dir():
        raise ReleaseError(f"There is no work/{week}/ to submit: fetch it first.")
    found = problems(root / "work" / week, week)
    if found:
        raise ReleaseError(f"{week} was not submitted. " + " ".join(found))
    exchange = _exchange(root)
    return _run("submit", week, f"--course={COURSE_ID}", exchange, root=root, cwd=root / "work")


def grade(root: Path, week: str) -> Path:
    """Collect, autograde and write feedback for this learner's last submission of ``week``."""
    exchange = _exchange(root)
    student = getpass.getuser()
    _run("collect", week, "--update", exchange, root=root)
    result = nbgrader("autograde", week, f"--student={student}", "--create", "--force", root=root)
    if result.returncode != 0:
        causes = [line for line in result.stderr.splitlines() if line.startswith("Cannot grade")]
        raise ReleaseError(
            "\n".join(
                causes or [f"Cannot grade {week} of {student}: nbgrader failed:\n{result.stderr}"]
            )
            + "\nYour previous feedback for this week was removed; it does not count any more."
        )
    _run("generate_feedback", week, f"--student={student}", "--force", root=root)
    for notice in record_grades(root / "autograded" / student / week / f"{week}.ipynb", week):
        print(notice)
    return root / "feedback" / student / week / f"{week}.html"


def record_grades(graded: Path, week: str) -> list[str]:
    """Keep each graded item's result in the learner's record, as the feedback gave it (with
    no key in a score-only week); returns what the learner should read, if anything."""
    import nbformat

    from course.assignment import AnswerProblem, read_answer, variable
    from course.facs import compare
    from course.record import Record, RecordProblem

    from .grading import policy
    from .static_grader import Problem, read_answers

    answers: dict[str, str] = {}
    for cell in nbformat.read(graded, as_version=4).cells:
        if cell.cell_type == "code" and not cell.metadata.get("nbgrader", {}).get("grade"):
            answers.update(
                read_answers(cell.source, cell.metadata.get("nbgrader", {}).get("grade_id", ""))
            )
    answers = {k: v for k, v in answers.items() if not isinstance(v, Problem)}
    record, full = Record(), policy(week) == "full"
    try:
        for item in load_week(week).items:
            try:
                result = compare(
                    item.key.score, read_answer(item.number, answers.get(variable(item.number)))
                )
            except AnswerProblem:
                continue  # blank or unreadable: the feedback says so, there is nothing to keep
            record.add(f"{week}/item{item.number:02d}", result, source="graded", show_key=full)
    except RecordProblem as problem:
        return [str(problem)]
    return [record.notice] if record.notice else []
