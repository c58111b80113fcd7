"""``python -m autograder.bench``: what grading adds to nbgrader's own autograde time, and
serial ``nbgrader autograde`` beside ``facs-course cohort grade`` on one cohort's week.

Autogrades one perfect week01 submission, and a bare notebook with the same cells (every code
cell ``pass``), in a temporary course directory. Then 18 generated submissions of week01 (each
learner's answers a different mix of right, partly right, blank and malformed) are graded in fresh
copies of one course directory, by nbgrader's serial autograde and by the parallel cohort grade,
each as a fresh command, in three rounds of alternating order (the machine may be shared: the
speed-up is the median of the rounds' ratios, printed with their spread, the load average and
each command's CPU time); the two gradebooks must hold the same score for every cell.
"""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
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
COHORT = 18
ROUNDS = 3
"""Rounds of the cohort comparison: the machine may be shared, so one pair of runs says little."""


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


def _answers(learner: int, week) -> dict[int, str]:
    """Learner ``learner``'s answers: per item the key, its first code, another item's key,
    a blank or a malformed answer, in a mix that differs from learner to learner."""
    answers = {}
    for item in week.items:
        key = item.key.score
        other = week.items[(item.number + learner) % len(week.items)].key.score
        choices = (str(key), str(key).split("+")[0], str(other), "", "1+41")
        answers[item.number] = choices[(learner * 3 + item.number) % len(choices)]
    return answers


def _cohort_course(root: Path) -> None:
    """A course directory with ``COHORT`` collected submissions of ``WEEK``."""
    root.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", root)
    build(root, [WEEK])
    week = load_week(WEEK)
    released = nbformat.read(root / "release" / WEEK / f"{WEEK}.ipynb", as_version=4)
    for learner in range(COHORT):
        answers = _answers(learner, week)
        notebook = nbformat.from_dict(released)
        for cell in notebook.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            if grade_id.endswith("-answer"):
                n = int(grade_id[4:6])
                cell.source = f'item_{n:02d} = "{answers[n]}"'
        folder = root / "submitted" / f"learner{learner + 1:02d}" / WEEK
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / f"{WEEK}.ipynb")
        (folder / "timestamp.txt").write_text(f"2026-12-0{1 + learner % 3} 10:00:00.000000 UTC")


def _scores(root: Path) -> list[tuple]:
    with sqlite3.connect(root / "gradebook.db") as db:
        return sorted(
            db.execute(
                "SELECT sa.student_id, c.name, g.auto_score FROM grade g "
                "JOIN base_cell c ON g.cell_id = c.id "
                "JOIN submitted_notebook n ON g.notebook_id = n.id "
                "JOIN submitted_assignment sa ON n.assignment_id = sa.id"
            ).fetchall(),
            key=repr,
        )


def _timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user and system, its processes and theirs) of ``command``."""
    bin_dir = str(Path(sys.executable).parent)
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, cpu


def cohort_speed() -> list[Row]:
    """Serial ``nbgrader autograde`` and ``facs-course cohort grade`` on the same submissions,
    ``ROUNDS`` times each on fresh copies, one after the other in alternating order, so that
    both meet much the same load on a shared machine; the medians and each round's ratio."""
    python = sys.executable
    commands = {
        "serial": [python, "-m", "nbgrader", "autograde", WEEK, "--create"],
        "parallel": [python, "-m", "course.cli", "cohort", "grade", WEEK],
    }
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    same, loads = True, []
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        _cohort_course(base / "course")
        for round_ in range(ROUNDS):
            order = list(commands) if round_ % 2 == 0 else list(commands)[::-1]
            for name in order:
                copy = base / f"{name}{round_}"
                shutil.copytree(base / "course", copy, symlinks=True)
                seconds, used = _timed(commands[name], copy)
                wall[name].append(seconds)
                cpu[name].append(used)
            loads.append(os.getloadavg()[0])
            scores = [_scores(base / f"{name}{round_}") for name in commands]
            same = same and scores[0] == scores[1] and len(scores[0]) > 0
        cells = len(_scores(base / "serial0"))
    ratios = sorted(s / p for s, p in zip(wall["serial"], wall["parallel"], strict=True))
    slow, fast = (statistics.median(wall[name]) for name in commands)
    cores = os.cpu_count() or 1
    spread = f"{ratios[0]:.2f} to {ratios[-1]:.2f} x"
    load = f"load average {min(loads):.1f} to {max(loads):.1f}"
    return [
        Row(f"nbgrader autograde, serial: {COHORT} {WEEK} submissions (median)", slow, "s"),
        Row(
            f"facs-course cohort grade on {cores} cores: the same {COHORT} (median)",
            fast,
            "s",
            at_most=60,
        ),
        Row(
            f"cohort grade speed-up over serial autograde (median of {ROUNDS} rounds: "
            f"{spread}, {load})",
            statistics.median(ratios),
            "x",
            at_least=1.8,
        ),
        Row(
            "CPU time (user and system), serial autograde (median)",
            statistics.median(cpu["serial"]),
            "s",
        ),
        Row(
            "CPU time (user and system), cohort grade (median)",
            statistics.median(cpu["parallel"]),
            "s",
        ),
        Row(f"cells with the same score in both gradebooks (of {cells})", cells * same, "cells"),
    ]


def main() -> None:
    for row in autograde_speed():
        print(row, flush=True)
    for row in cohort_speed():
        print(row, flush=True)


if __name__ == "__main__":
    main()
