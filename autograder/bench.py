"""``python -m autograder.bench``: what grading adds to nbgrader's own autograde time.

Autogrades one perfect week01 submission, and a bare notebook with the same cells (every code
cell ``pass``), in a temporary course directory; both are dominated by the kernel start.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

import nbformat

from course.bench import Row

from .keys import load_week
from .release import build, nbgrader, source_notebook

ROOT = Path(__file__).resolve().parent.parent
WEEK = "week01"
RUNS = 3


def _bare(week_nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    bare = nbformat.from_dict(week_nb)
    for cell in bare.cells:
        if cell.cell_type == "code":
            cell.source = "pass"
    return bare


def _time_autograde(root: Path, name: str, notebook: nbformat.NotebookNode) -> float:
    submitted = root / "submitted" / "bench" / name
    submitted.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, submitted / f"{name}.ipynb")
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        result = nbgrader("autograde", name, "--student=bench", "--create", "--force", root=root)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise RuntimeError(f"autograde {name} failed:\n{result.stderr}")
    return statistics.median(times)


def autograde_speed() -> list[Row]:
    """Median seconds to autograde one submission, the course's and a bare one."""
    week = load_week(WEEK)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copy(ROOT / "nbgrader_config.py", root)
        build(root, [WEEK])
        answered = nbformat.read(root / "source" / WEEK / f"{WEEK}.ipynb", as_version=4)
        bare_name = "bare01"
        (root / "source" / bare_name).mkdir()
        nbformat.write(_bare(source_notebook(week)), root / "source" / bare_name / "bare01.ipynb")
        result = nbgrader("generate_assignment", bare_name, "--force", root=root)
        if result.returncode != 0:
            raise RuntimeError(f"generate_assignment {bare_name} failed:\n{result.stderr}")
        course = _time_autograde(root, WEEK, answered)
        bare = _time_autograde(
            root, bare_name, nbformat.read(root / "release" / bare_name / "bare01.ipynb", 4)
        )
    cells = len(answered.cells)
    return [
        Row(
            f"autograde one {WEEK} submission ({len(week.items)} clips, {cells} cells)", course, "s"
        ),
        Row(f"autograde a bare notebook with the same {cells} cells", bare, "s"),
        Row("what the course's grading and players add", course - bare, "s"),
    ]


def main() -> None:
    for row in autograde_speed():
        print(row, flush=True)


if __name__ == "__main__":
    main()
