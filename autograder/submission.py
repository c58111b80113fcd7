"""A submission before it is graded: refuse what cannot be graded, repair what can, supersede
the old result.

- :func:`problems` says in plain words why a handed-in folder cannot be graded (the notebook is
  missing or renamed, not valid JSON, or too large); ``submit`` refuses it and the grader
  reports it by learner and week.
- :func:`supersede` (nbgrader's ``Autograde.pre_convert_hook``) removes the learner's old
  feedback and clears the old automatic scores before grading, so a grading that fails shows no
  result rather than the previous one as if it were new.
- :class:`RestoreCells` (in place of nbgrader's ``DeduplicateIds``) strips the nbgrader metadata
  from copied or re-labelled cells and puts back deleted test cells from the gradebook.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor

MAX_NOTEBOOK_BYTES = 5_000_000
"""A week's notebook is about 30 KB; anything over this is refused before it is read."""


def problems(folder: Path, week: str) -> list[str]:
    """Why the handed-in ``folder`` of ``week`` cannot be graded; empty when it can."""
    expected = folder / f"{week}.ipynb"
    if not expected.is_file():
        others = sorted(p.name for p in folder.glob("*.ipynb"))
        found = f" (found {', '.join(others)})" if others else ""
        return [
            f"There is no {expected.name} in {folder}{found}. The notebook must keep its name: "
            f"rename your copy back to {expected.name} and submit again."
        ]
    size = expected.stat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        return [
            f"{expected.name} is {size / 1e6:.1f} MB, far more than a week's answers "
            f"(the limit is {MAX_NOTEBOOK_BYTES / 1e6:.0f} MB). Remove the large cell or output "
            "you added and submit again."
        ]
    try:
        nbformat.reads(expected.read_text("utf-8"), as_version=4)
    except (ValueError, UnicodeDecodeError, json.JSONDecodeError, KeyError) as err:
        return [
            f"{expected.name} is damaged and cannot be opened as a notebook ({type(err).__name__}). "
            "Open it in JupyterLab: if it does not open, fetch a fresh copy, type your answers "
            "again, save and submit."
        ]
    return []


def supersede(assignment: str, student: str, notebooks: list[str]) -> None:
    """Before ``student``'s ``assignment`` is graded: remove the old feedback, clear the old
    automatic scores (to none, never 0: the formgrader lists them as needing grading), and
    report a submission that cannot be graded, in plain words."""
    if not notebooks:
        return
    folder = Path(notebooks[0]).parent
    root = folder.parents[2]  # <root>/submitted/<student>/<assignment>/
    shutil.rmtree(root / "feedback" / student / assignment, ignore_errors=True)
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        clear_scores(gb, assignment, student)
    for problem in problems(folder, assignment):
        print(f"Cannot grade {assignment} of {student}: {problem}", file=sys.stderr)


def clear_scores(gb: Gradebook, assignment: str, student: str) -> None:
    """Clear ``student``'s automatic scores of ``assignment`` to none (never 0), if any."""
    try:
        submission = gb.find_submission(assignment, student)
    except MissingEntry:
        return
    for notebook in submission.notebooks:
        for grade in notebook.grades:
            grade.auto_score = None
            grade.needs_manual_grade = True
    gb.db.commit()


class RestoreCells(NbGraderPreprocessor):
    """Make a submission's nbgrader cells match the gradebook: one cell per id, none missing.

    A copied cell (same metadata), a duplicate or an unknown ``grade_id`` loses its nbgrader
    metadata and stays as the learner's own cell (the last copy of an id keeps it, as with
    nbgrader's DeduplicateIds). A deleted test cell is put back from the gradebook right after
    the cell that preceded it, so the item is scored from the answers, never skipped.
    """

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            source = gb.find_notebook(info["notebook"], info["assignment"])
            cells = {cell.name: cell for cell in source.source_cells}
            order = list(cells)
            tests = {cell.name: cell for cell in source.grade_cells}
            known = set(order) | set(tests) | {cell.name for cell in source.solution_cells}
            seen = set()
            for cell in reversed(nb.cells):
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                if "nbgrader" in cell.metadata and (grade_id not in known or grade_id in seen):
                    self.log.warning(
                        "Cell %r is a copy or was re-labelled: graded as an answer "
                        "cell of the learner's own",
                        grade_id,
                    )
                    del cell.metadata["nbgrader"]
                seen.add(grade_id)
            for name in order:
                if name in tests and name not in seen:
                    self.log.warning("Test cell %r was deleted: put back from the gradebook", name)
                    restored = self._test_cell(cells[name], tests[name].max_score)
                    nb.cells.insert(self._after(nb, order, name), restored)
                    seen.add(name)
        return nb, resources

    @staticmethod
    def _after(nb, order: list[str], name: str) -> int:
        """The index just after the nearest earlier source cell still in ``nb``."""
        ids = [cell.metadata.get("nbgrader", {}).get("grade_id") for cell in nb.cells]
        for previous in reversed(order[: order.index(name)]):
            if previous in ids:
                return ids.index(previous) + 1
        return 0

    @staticmethod
    def _test_cell(cell, points: float) -> nbformat.NotebookNode:
        restored = nbformat.v4.new_code_cell(cell.source)
        restored.metadata["nbgrader"] = {
            "grade": True,
            "grade_id": cell.name,
            "locked": True,
            "points": points,
            "schema_version": 3,
            "solution": False,
            "checksum": cell.checksum,
        }
        return restored
