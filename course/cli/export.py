"""``facs-course export-eaf CODING.csv --out CLIP.eaf``: a coding CSV as an ELAN file, or back."""

from __future__ import annotations

import argparse
from pathlib import Path

from .errors import UsageError, friendly


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser(
        "export-eaf",
        help="write a coding CSV as an ELAN .eaf file (or an .eaf file as a coding CSV)",
        description="Convert a clip's coding between the course's CSV (columns code,prefix,"
        "intensity,onset_frame,apex_frame,offset_frame,fps,media) and ELAN (.eaf: one tier per "
        "code, times in ms). The direction follows the file names.",
    )
    export.add_argument("coding", type=Path, help="coding.csv, or clip.eaf to convert back")
    export.add_argument("--out", type=Path, required=True, help="clip.eaf, or coding.csv")
    export.add_argument("--fps", type=float, help="frames per second (needed to read an .eaf)")
    export.set_defaults(run=friendly(run))


def run(args: argparse.Namespace) -> int:
    from ..interop import read_coding_csv, read_eaf, write_coding_csv, write_eaf

    if not args.coding.is_file():
        raise UsageError(f"there is no file {args.coding}")
    if args.coding.suffix.lower() == ".eaf":
        if not args.fps:
            raise UsageError("give the clip's frame rate to read an .eaf file, e.g. --fps 25")
        out = write_coding_csv(read_eaf(args.coding, args.fps), args.out)
    else:
        out = write_eaf(read_coding_csv(args.coding), args.out)
    print(f"Wrote {out}")
    return 0
