"""``facs-course`` verbs for instructors and self-paced learners: release and assignments."""

from __future__ import annotations

import argparse
from pathlib import Path

from course.cli import UsageError

from . import selfpaced
from .keys import KeysUnavailable, weeks
from .release import ReleaseError, build


def register(sub: argparse._SubParsersAction) -> None:
    release = sub.add_parser(
        "release",
        help="render the clips and generate every week's student version into release/",
    )
    release.add_argument("weeks", nargs="*", help="weeks to build, e.g. week01 (default: all)")
    release.add_argument("--root", type=Path, default=Path.cwd(), help="the course directory")
    release.add_argument(
        "--force", action="store_true", help="regenerate every student version, changed or not"
    )
    release.set_defaults(run=_release)

    assignment = sub.add_parser(
        "assignment", help="self-paced: fetch, submit and grade a week's assignment"
    )
    assignment.add_argument("action", choices=["fetch", "submit", "grade"])
    assignment.add_argument("week", help="e.g. week01")
    assignment.add_argument("--root", type=Path, default=Path.cwd(), help="the course directory")
    assignment.set_defaults(run=_assignment)


def _check_weeks(names: list[str]) -> None:
    unknown = sorted(set(names) - set(weeks()))
    if unknown:
        raise UsageError(f"no such week: {', '.join(unknown)}; the weeks are {', '.join(weeks())}")


def _release(args) -> int:
    try:
        _check_weeks(args.weeks)
        written = build(args.root.resolve(), args.weeks or None, force=args.force)
        for path in written:
            print(path.relative_to(args.root.resolve()))
        if not written:
            print("Everything is up to date.")
    except (KeysUnavailable, ReleaseError) as err:
        raise UsageError(str(err)) from None
    return 0


def _assignment(args) -> int:
    root = args.root.resolve()
    try:
        _check_weeks([args.week])
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
