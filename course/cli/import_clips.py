"""``facs-course import FOLDER --keys keys.csv``: an instructor's own clips as a practice set."""

from __future__ import annotations

import argparse
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
    parser.set_defaults(run=friendly(run))


def run(args: argparse.Namespace) -> int:
    import nbformat

    from ..imported import notebook
    from ..importer import ImportProblem, import_clips

    out = args.out or args.root.resolve() / "imported" / args.folder.resolve().name
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
