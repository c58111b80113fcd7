"""``facs-course cohort release|collect|grade|feedback|export WEEK``: the instructor's week.

Run in the course directory (or give it with ``--root``); each step wraps nbgrader's own
machinery (:mod:`autograder.cohort`) and can be run again: it does only what is new.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .errors import UsageError
from .options import add_course_root
from .release import check_weeks

STEPS = ("release", "collect", "grade", "feedback", "export")


def register(subparsers: argparse._SubParsersAction) -> None:
    cohort = subparsers.add_parser(
        "cohort", help="instructor: release, collect, grade, feedback and export a week"
    )
    cohort.add_argument("step", choices=STEPS)
    cohort.add_argument("week", help="e.g. week01")
    add_course_root(cohort)
    cohort.add_argument(
        "--exchange", type=Path, help="nbgrader's exchange (default: nbgrader's configuration)"
    )
    cohort.add_argument("--workers", type=int, help="grade: processes (default: one per core)")
    cohort.add_argument("--force", action="store_true", help="grade: grade every submission again")
    cohort.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from autograder.cohort import CohortError, in_course
    from autograder.keys import KeysUnavailable

    root = args.root.resolve()
    try:
        with in_course(root):
            check_weeks([args.week])
        lines, status = _step(args, root)
    except (CohortError, KeysUnavailable) as err:
        raise UsageError(str(err)) from None
    print("\n".join(lines))
    return status


def _step(args: argparse.Namespace, root: Path) -> tuple[list[str], int]:
    from autograder.cohort import steps

    if args.step == "grade":
        from autograder.cohort.grade import grade
        from autograder.keys import load_week

        summary = grade(root, args.week, workers=args.workers, force=args.force)
        week = load_week(args.week)
        points = sum(1 + item.timing for item in week.items)
        return summary.lines(points), 1 if summary.failed else 0
    if args.step == "export":
        from autograder.cohort.export import export

        return [f"Wrote {p.relative_to(root)}" for p in export(root, args.week)], 0
    step = {"release": steps.release, "collect": steps.collect, "feedback": steps.feedback}
    return step[args.step](root, args.week, args.exchange), 0
