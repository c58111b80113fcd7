"""``facs-course import FOLDER --keys keys.csv``: an instructor's own clips as a practice set."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .errors import UsageError, friendly
from .options import add_course_root


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="turn your own clips and a keys CSV into a practice set learners open in a notebook",
        description="Convert every clip named in the keys file (columns file,score and "
        "optionally onset,apex,offset frames, the first frame 0) into a WebM the browser plays "
        "and write a practice set: clips/, practice.toml (the keys) and a session notebook. "
        "Rows that cannot be imported are listed with what to fix; the others still import.",
    )
    parser.add_argument("folder", type=Path, help="the folder that holds the clips")
    parser.add_argument("--keys", type=Path, required=True, help="the keys CSV file")
    add_course_root(parser)
    parser.add_argument(
        "--out", type=Path, help="the practice set's folder (default: imported/FOLDER-NAME)"
    )
    parser.add_argument(
        "--graded",
        metavar="WEEK",
        help="make a graded assignment week (e.g. week10) instead: its keys and clips go into "
        "the keys folder, on the instructor's side; build it with `facs-course release WEEK`",
    )
    parser.set_defaults(run=friendly(run))


def run(args: argparse.Namespace) -> int:
    import nbformat

    from ..imported import notebook

    if args.graded:
        return _graded(args)
    out = args.out or args.root.resolve() / "imported" / args.folder.resolve().name
    clips, problems = _import(args, out)
    book = out / f"{out.name}.ipynb"
    if book.exists():
        print(f"Kept {book} (remove it to have it written afresh).")
    else:
        nbformat.write(notebook(args.folder.resolve().name, len(clips)), book)
    print(
        f"Imported {len(clips)} of {len(clips) + len(problems)} clips into {out}; learners open {book.name}."
    )
    if problems:
        print(f"Fix the {len(problems)} rows above in {args.keys} and run again to add them.")
        return 1
    return 0


def _import(args: argparse.Namespace, out: Path) -> tuple[list, list[str]]:
    """Import the good rows into ``out``, printing a message for every bad one."""
    from ..importer import ImportProblem, import_clips

    try:
        clips, problems = import_clips(args.folder, args.keys, out)
    except ImportProblem as err:
        raise UsageError(str(err)) from None
    for problem in problems:
        print(problem, file=sys.stderr)
    if not clips:
        raise UsageError(f"no clip was imported: fix the rows above in {args.keys} and run again")
    for clip in clips:
        print(f"{clip.source}: {clip.frames} frames at {clip.fps:g} fps, key {clip.score}")
    return clips, problems


def _graded(args: argparse.Namespace) -> int:
    """``--graded WEEK``: the clips and keys into the keys folder, never beside the learners'."""
    from autograder import keys

    week = args.graded
    if not re.fullmatch(r"week\d\d", week):
        raise UsageError(f"{week!r} is not a week name: give one such as week10")
    keys.use_course(args.root.resolve())
    try:
        folder = keys.keys_dir()
        clips, problems = _import(args, folder / f"{week}-import")
        path = keys.write_imported_week(
            week, args.folder.resolve().name, clips, folder / f"{week}-import"
        )
    except keys.KeysUnavailable as err:
        raise UsageError(str(err)) from None
    print(f"Wrote the keys of {week} ({len(clips)} items) to {path}.")
    if not keys.is_private():
        print(
            f"These keys are in the course repository's {folder}: for credit, keep them private "
            f"(set {keys.KEYS_ENV} to a folder learners cannot read) and import again."
        )
    print(f"Build the assignment with: facs-course release {week}")
    return 1 if problems else 0
