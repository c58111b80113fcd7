"""``facs-course progress``: a learner's progress from their record, in words."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    progress = subparsers.add_parser(
        "progress",
        help="your progress: agreement over time, per-code accuracy, codes still weak",
        description="Read your record of practice checks, drills and graded results and show "
        "your mean agreement per day against the pass and readiness marks, and the codes "
        "still weak.",
    )
    progress.add_argument(
        "--record", type=Path, help="the record file (default: $FACS_RECORD or your own space)"
    )
    progress.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..progress_view import ProgressView, summarise
    from ..record import load, record_path

    path = args.record or record_path()
    attempts, notice = load(path)
    print(ProgressView(summarise(attempts), notice))
    print(f"(record: {path})")
    return 0
