"""``facs-course compare-auto TOOL.csv --key "1+2"``: an automatic coder against a person."""

from __future__ import annotations

import argparse
from pathlib import Path

from .errors import UsageError, friendly


def register(subparsers: argparse._SubParsersAction) -> None:
    auto = subparsers.add_parser(
        "compare-auto",
        help="compare OpenFace 2 or py-feat output with a person's coding",
        description="Read an OpenFace 2 or py-feat CSV and compare it with a person's coding "
        "(taken as the key): at the apex, frame by frame and each code's timing.",
    )
    auto.add_argument("csv", type=Path, help="the automatic coder's CSV file")
    auto.add_argument("--key", help='the person\'s score at the apex, e.g. "1+2+12C"')
    auto.add_argument("--coding", type=Path, help="the person's coding: coding.csv or clip.eaf")
    auto.add_argument("--fps", type=float, help="frames per second (needed with an .eaf coding)")
    auto.add_argument("--tool", choices=("openface", "py-feat"), help="default: from the columns")
    auto.add_argument("--presence", type=float, help="OpenFace intensity counted as present")
    auto.add_argument("--probability", type=float, help="py-feat probability counted as present")
    auto.add_argument("--cuts", help="OpenFace 0-5 cut points A|B,B|C,C|D,D|E, e.g. 1,2,3,4")
    auto.add_argument("--min-confidence", type=float, help="OpenFace frames below are left out")
    auto.set_defaults(run=friendly(run))


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from ..facs.explain import item_lines, timing_lines
    from ..interop import Thresholds, compare_auto, read_autocoder, read_coding_csv, read_eaf

    if bool(args.key) == bool(args.coding):
        raise UsageError('give the person\'s coding with --key "1+2+12C" or --coding FILE')
    for path in (args.csv, args.coding):
        if path is not None and not path.is_file():
            raise UsageError(f"there is no file {path}")
    changes = {
        name: getattr(args, name)
        for name in ("presence", "probability", "min_confidence")
        if getattr(args, name) is not None
    }
    if args.cuts:
        try:
            changes["cuts"] = tuple(float(c) for c in args.cuts.split(","))
        except ValueError:
            changes["cuts"] = ()
        if len(changes["cuts"]) != 4 or list(changes["cuts"]) != sorted(changes["cuts"]):
            raise UsageError("--cuts takes four rising numbers on the 0-5 scale, e.g. 1,2,3,4")
    auto = read_autocoder(args.csv, replace(Thresholds(), **changes), args.tool or "")
    person = args.key
    if args.coding and args.coding.suffix.lower() == ".eaf":
        if not args.fps:
            raise UsageError("give the clip's frame rate to read an .eaf file, e.g. --fps 25")
        person = read_eaf(args.coding, args.fps)
    elif args.coding:
        person = read_coding_csv(args.coding)
    result = compare_auto(person, auto)
    print(f"The person's coding is the key; the answer is {auto.tool}'s.")
    if result.at_apex is None:
        print(f"At the apex (frame {result.apex_frame}) {auto.tool} has no score for the face.")
    else:
        print(f"At the apex (frame {result.apex_frame}):")
        print("\n".join("  " + line for line in item_lines(result.at_apex)))
    if result.frame_agreement is not None:
        print(
            f"Frame by frame: mean agreement {result.frame_agreement:.2f} "
            f"over {len(result.frames)} frames."
        )
    for code, timing in result.timing.items():
        print(f"Timing of {code}:")
        print("\n".join("  " + line for line in timing_lines(timing)))
    return 0
