"""``facs-course release``: render the clips and build every week's student version."""

from __future__ import annotations

import argparse

from .errors import UsageError
from .options import add_course_root


def register(subparsers: argparse._SubParsersAction) -> None:
    release = subparsers.add_parser(
        "release",
        help="render the clips and generate every week's student version into release/",
    )
    release.add_argument("weeks", nargs="*", help="weeks to build, e.g. week01 (default: all)")
    add_course_root(release)
    release.add_argument(
        "--force", action="store_true", help="regenerate every student version, changed or not"
    )
    release.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from autograder.keys import KeysUnavailable
    from autograder.release import ReleaseError, build

    root = args.root.resolve()
    try:
        check_weeks(args.weeks)
        written = build(root, args.weeks or None, force=args.force)
    except (KeysUnavailable, ReleaseError) as err:
        raise UsageError(str(err)) from None
    for path in written:
        print(path.relative_to(root))
    if not written:
        print("Everything is up to date.")
    return 0


def check_weeks(names: list[str]) -> None:
    """Refuse week names the keys do not have, listing the ones they do."""
    from autograder.keys import weeks

    unknown = sorted(set(names) - set(weeks()))
    if unknown:
        raise UsageError(f"no such week: {', '.join(unknown)}; the weeks are {', '.join(weeks())}")
