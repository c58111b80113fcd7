"""The ``facs-course`` command line: one parser, one small module per verb.

Each verb module adds its arguments with ``register(subparsers)`` and imports what it needs
(the grader, the face renderer, OpenCV, PyAV, nbformat, pandas) only when it runs, so that
``facs-course codes 12`` and ``facs-course check`` start quickly.
"""

from __future__ import annotations

import argparse
import sys

from ..facs.notation import NotationError
from . import (
    assignment,
    autocoder,
    check,
    clip,
    codes,
    cohort,
    export,
    gallery,
    handouts,
    import_clips,
    progress,
    release,
    render,
    report,
)
from .errors import UsageError

VERBS = (
    check,
    codes,
    handouts,
    render,
    clip,
    gallery,
    release,
    assignment,
    cohort,
    export,
    autocoder,
    report,
    import_clips,
    progress,
)


def build_parser() -> argparse.ArgumentParser:
    """The ``facs-course`` parser with every verb."""
    parser = argparse.ArgumentParser(
        prog="facs-course", description="The ``facs-course`` command line."
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for verb in VERBS:
        verb.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one ``facs-course`` command; a mistake is one line on stderr and exit status 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        return args.run(args) or 0
    except (NotationError, UsageError) as err:
        print(f"facs-course {args.command}: {err}", file=sys.stderr)
        return 2
