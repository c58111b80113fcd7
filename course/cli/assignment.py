"""``facs-course assignment fetch|submit|grade WEEK``: a self-paced learner's assignment."""

from __future__ import annotations

import argparse

from .errors import UsageError
from .options import add_course_root
from .release import check_weeks


def register(subparsers: argparse._SubParsersAction) -> None:
    assignment = subparsers.add_parser(
        "assignment", help="self-paced: fetch, submit and grade a week's assignment"
    )
    assignment.add_argument("action", choices=["fetch", "submit", "grade"])
    assignment.add_argument("week", help="e.g. week01")
    add_course_root(assignment)
    assignment.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from autograder import selfpaced
    from autograder.keys import KeysUnavailable
    from autograder.release import ReleaseError

    root = args.root.resolve()
    try:
        check_weeks([args.week])
        if args.action == "fetch":
            path = selfpaced.fetch(root, args.week)
            print(
                f"Your copy: {path.relative_to(root)}. Open it in JupyterLab and answer every item."
            )
        elif args.action == "submit":
            selfpaced.submit(root, args.week)
            print(f"Submitted {args.week}. Grade it with: facs-course assignment grade {args.week}")
        else:
            path = selfpaced.grade(root, args.week)
            print(f"Your feedback: {path.relative_to(root)} (open it in JupyterLab or a browser).")
    except (KeysUnavailable, ReleaseError) as err:
        raise UsageError(str(err)) from None
    return 0
