"""Grade a submitted notebook by reading its answers, never by running it.

:class:`StaticGrade` takes the place of nbgrader's ``Execute`` in
``Autograde.autograde_preprocessors``. No kernel is started: a learner's cells never run with
the grader's rights (which can read, change or replace the keys and the grading functions), and
grading a week takes a fraction of a second instead of a kernel start.

The answers are read with :mod:`ast`: in notebook order, each top-level assignment of a string
literal to ``item_NN`` or ``frames_NN`` sets that answer (the last one before a test wins, as in
a kernel run top to bottom); anything else in a cell is ignored. Each grade cell's test (its
source restored from the gradebook by ``OverwriteCells``) is then evaluated by calling the same
functions the hidden test names (``check``, ``grade``, ``summary``, ...) in this process, and
the cell gets the outputs a kernel would have written: the feedback section (its HTML, for the
feedback page, and its text) and the score. Every
grade cell ends with an output, an error when it cannot be scored, because nbgrader gives full
points to a grade cell without output.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
import sys
from pathlib import Path

import nbformat
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from course.assignment import AnswerProblem, check, check_all, check_frames
from course.facs.notation import MAX_LENGTH

from . import grading, keys

MAX_ANSWER_CHARS = MAX_LENGTH
"""The longest answer read, the notation's own limit, checked here before anything is parsed."""
MAX_CELL_CHARS = 20_000
"""Longer cells are not parsed at all (an answer cell holds one short line)."""
ANSWER = re.compile(r"(item|frames)_(\d{2})")
TESTS = {
    "check": check,
    "check_frames": check_frames,
    "check_all": check_all,
    "grade": grading.grade,
    "grade_timing": grading.grade_timing,
    "summary": grading.summary,
}


class Problem(str):
    """An answer that is there but cannot be read; its text says why, in plain words."""


def _what(name: str) -> str:
    kind, number = ANSWER.fullmatch(name).groups()
    return f"Item {int(number)}" + (" (frames)" if kind == "frames" else "")


def _literal(name: str, value: ast.expr) -> str:
    if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
        return Problem(
            f"{_what(name)}: only an answer typed between quotes is graded, for example "
            f'{name} = "1+2". Put the answer back between the quotes and submit again.'
        )
    if len(value.value) > MAX_ANSWER_CHARS:
        return Problem(
            f"{_what(name)}: the answer is {len(value.value):,} characters long; an answer is a "
            f"few codes (at most {MAX_ANSWER_CHARS:,} characters). Shorten it and submit again."
        )
    return value.value


def read_answers(source: str, grade_id: str = "") -> dict[str, str]:
    """The answers a cell assigns, by variable: literal strings, or a :class:`Problem`."""
    own = re.fullmatch(r"item(\d{2})-(answer|frames)", grade_id or "")
    name = (("item_" if own.group(2) == "answer" else "frames_") + own.group(1)) if own else ""
    if len(source) > MAX_CELL_CHARS:
        return (
            {
                name: Problem(
                    f"{_what(name)}: the answer cell is too long; keep only the "
                    f'answer line, {name} = "...", and submit again.'
                )
            }
            if name
            else {}
        )
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        if not name:
            return {}
        return {
            name: Problem(
                f"{_what(name)}: the answer cell is not a line Python can read "
                f'(a quote missing?). Write it as {name} = "..." and submit again.'
            )
        }
    found = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name) and ANSWER.fullmatch(target.id):
                    found[target.id] = _literal(target.id, statement.value)
    return found


def _argument(node: ast.expr, namespace: dict):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "globals":
        return {k: ("" if isinstance(v, Problem) else v) for k, v in namespace.items()}
    if isinstance(node, ast.Name) and ANSWER.fullmatch(node.id):
        value = namespace.get(node.id)
        if isinstance(value, Problem):
            raise AnswerProblem(str(value))
        return value
    raise ValueError(f"the test cell holds {ast.unparse(node)!r}, which the grader does not know")


def _call(node: ast.stmt, namespace: dict):
    """Run one statement of a test: a call to one of :data:`TESTS` with readable arguments."""
    if isinstance(node, ast.ImportFrom | ast.Import):
        return None
    call = node.value if isinstance(node, ast.Expr) else None
    if not (
        isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in TESTS
    ):
        raise ValueError(
            f"the test cell holds {ast.unparse(node)!r}, which the grader does not know"
        )
    args = [_argument(a, namespace) for a in call.args]
    if call.func.id in ("check", "check_frames"):
        kind = "frames" if call.func.id == "check_frames" else "item"
        value = namespace.get(f"{kind}_{args[0]:02d}")
        if isinstance(value, Problem):
            raise AnswerProblem(str(value))
    return TESTS[call.func.id](*args)


def _error(name: str, message: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("error", ename=name, evalue=message, traceback=[message])


def _display(panel) -> nbformat.NotebookNode:
    return nbformat.v4.new_output(
        "display_data", {"text/plain": panel.text, "text/html": panel.html}
    )


def _item(statements: list) -> tuple[str, int] | None:
    """The week and item number the test grades (``grade("week01", 3, item_03)``), if any."""
    for node in statements:
        call = node.value if isinstance(node, ast.Expr) else None
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id in ("grade", "grade_timing")
            and len(call.args) >= 2
            and all(isinstance(a, ast.Constant) for a in call.args[:2])
        ):
            week, number = (a.value for a in call.args[:2])
            return (week, number) if isinstance(number, int) else None
    return None


def test_outputs(source: str, namespace: dict, count: int) -> list:
    """The outputs a kernel would give the test ``source``: printed text, the feedback sections
    (HTML with their text), then the value or the error. A test this grader cannot evaluate
    gets an error, never silence; an item that cannot be scored still shows its section."""
    stdout, outputs, value = io.StringIO(), [], None
    statements = []
    with grading.collect() as shown:
        try:
            statements = ast.parse(source).body
            with contextlib.redirect_stdout(stdout):
                for statement in statements:
                    value = _call(statement, namespace)
        except AnswerProblem as problem:
            item = _item(statements)
            if item and not shown:
                with contextlib.suppress(Exception):  # the error below scores it 0 anyway
                    shown.append(grading.unscored(*item, str(problem)))
            outputs.append(_error("AnswerProblem", str(problem)))
        except keys.KeysUnavailable:
            raise
        except Exception as err:  # noqa: BLE001 (any failure of one test scores that test 0)
            outputs.append(_error("GradingError", f"This test could not be scored: {err}"))
        else:
            if value is not None:
                outputs.append(
                    nbformat.v4.new_output(
                        "execute_result", {"text/plain": repr(value)}, execution_count=count
                    )
                )
    outputs[:0] = [_display(panel) for panel in shown]
    if stdout.getvalue():
        outputs.insert(0, nbformat.v4.new_output("stream", name="stdout", text=stdout.getvalue()))
    return outputs


class StaticGrade(NbGraderPreprocessor):
    """nbgrader preprocessor: write each grade cell's outputs from the answers read statically."""

    keys_dir = Unicode(
        "",
        help="Folder of the private answer keys (else $FACS_KEYS_DIR, else <course>/autograder/keys)",
    ).tag(config=True)

    def preprocess(self, nb, resources):
        root = Path(CourseDirectory(config=self.config).root)
        keys.use_course(root, self.keys_dir or None)
        try:
            keys.keys_dir()  # fails the whole autograde, saying what to set, before any score
        except keys.KeysUnavailable as err:
            info = resources["nbgrader"]
            print(f"Cannot grade {info['assignment']} of {info['student']}: {err}", file=sys.stderr)
            raise
        namespace: dict[str, str] = {}
        count = 0
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade"):
                count += 1
                cell.outputs = test_outputs(cell.source, namespace, count)
                cell.execution_count = count
                if meta.get("points", 0) and not cell.outputs:
                    cell.outputs = [_error("GradingError", "This test gave no score.")]
            else:
                namespace.update(read_answers(cell.source, meta.get("grade_id", "")))
        return nb, resources
