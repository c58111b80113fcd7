"""``facs-course report WEEK``: where the cohort errs this week, as one HTML file and a notebook."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from .errors import UsageError, friendly
from .options import add_course_root


def register(subparsers: argparse._SubParsersAction) -> None:
    report = subparsers.add_parser(
        "report",
        help="the cohort report of a graded week: one self-contained HTML file and a notebook",
        description="Read the gradebook and the autograded notebooks of WEEK and write the "
        "cohort report: misses and adds per code, confusions, intensity and side errors, item "
        "difficulty, progress across weeks and what to reteach. Also writes the same report as "
        "a notebook beside the HTML file (kept if it is already there).",
    )
    report.add_argument("week", help="e.g. week02")
    add_course_root(report)
    report.add_argument(
        "--out", type=Path, help="the HTML file (default: reports/WEEK-cohort.html in the root)"
    )
    report.set_defaults(run=friendly(run))


def run(args: argparse.Namespace) -> int:
    import nbformat

    from autograder.report import ReportError, load
    from autograder.report_page import notebook, write_page

    root = args.root.resolve()
    out = args.out or root / "reports" / f"{args.week}-cohort.html"
    try:
        cohort = load(root, args.week)
    except ReportError as err:
        raise UsageError(str(err)) from None
    print(f"Wrote {write_page(cohort, out)}")
    nb_path = out.with_suffix(".ipynb")
    if nb_path.exists():
        print(f"Kept {nb_path} (remove it to have it written afresh).")
    else:
        nbformat.write(notebook(args.week, Path(os.path.relpath(root, nb_path.parent))), nb_path)
        print(f"Wrote {nb_path}")
    return 0
