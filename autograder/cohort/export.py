"""The week's results as CSV, from the real gradebook: per learner and item, and per learner.

``exports/<week>-items.csv``: learner, item, agreement (the item's score over its points) and,
in a timing week, the timing agreement. ``exports/<week>-scores.csv``: learner, score, points,
mean agreement and whether it reaches the pass (0.70) and readiness (0.75) marks (blank when
not graded). nbgrader's own
``grades.csv`` (every assignment, as ``nbgrader export`` writes it) is written beside them.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from . import api, in_course

ITEM = re.compile(r"item(\d{2})(-timing)?")


def _rows(gb, week: str) -> tuple[list[dict], list[dict]]:
    from course.facs import catalog

    marks = catalog()
    items, scores = [], []
    for submission in sorted(gb.assignment_submissions(week), key=lambda s: s.student.id):
        by_item: dict[int, dict] = {}
        for notebook in submission.notebooks:
            for g in notebook.grades:
                found = ITEM.fullmatch(g.name)
                if not found or not g.max_score:
                    continue
                row = by_item.setdefault(
                    int(found.group(1)), {"learner": submission.student.id, "item": 0}
                )
                row["item"] = int(found.group(1))
                kind = "timing_agreement" if found.group(2) else "agreement"
                ungraded = g.auto_score is None and g.manual_score is None
                row[kind] = None if ungraded else round(g.score / g.max_score, 4)
        rows = [by_item[n] for n in sorted(by_item)]
        items += rows
        agreements = [r.get("agreement") for r in rows]
        graded = bool(agreements) and None not in agreements
        mean = round(sum(agreements) / len(agreements), 4) if graded else None
        scores.append(
            {
                "learner": submission.student.id,
                "score": round(submission.score, 4) if graded else None,
                "max_score": submission.max_score,
                "mean_agreement": mean,
                "passed": None if mean is None else mean >= marks.pass_mark,
                "ready": None if mean is None else mean >= marks.ready_mark,
                "needs_manual_grade": submission.needs_manual_grade,
            }
        )
    return items, scores


def _write(path: Path, rows: list[dict], columns: list[str]) -> None:
    partial = path.with_suffix(".partial")
    with open(partial, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    partial.replace(path)


def export(root: Path, week: str) -> list[Path]:
    """Write the two CSV files of ``week`` and nbgrader's ``grades.csv``; return their paths."""
    from nbgrader.plugins.export import CsvExportPlugin

    nb = api(root)
    folder = root / "exports"
    folder.mkdir(exist_ok=True)
    with in_course(root), nb.gradebook as gb:
        items, scores = _rows(gb, week)
        columns = ["learner", "item", "agreement"]
        if any("timing_agreement" in r for r in items):
            columns.append("timing_agreement")
        written = [folder / f"{week}-items.csv", folder / f"{week}-scores.csv"]
        _write(written[0], items, columns)
        _write(written[1], scores, list(scores[0]) if scores else ["learner", "score"])
        grades = root / "grades.csv"
        CsvExportPlugin(to=str(grades), parent=nb).export(gb)
    return [*written, grades]
