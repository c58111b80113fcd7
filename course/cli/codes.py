"""``facs-course codes [CODE]``: list the FACS codes, or explain one."""

from __future__ import annotations

import argparse

from ..facs.notation import character_problem
from .errors import UsageError


def register(subparsers: argparse._SubParsersAction) -> None:
    codes = subparsers.add_parser("codes", help="list the FACS codes, or explain one")
    codes.add_argument("code", nargs="?", help="a code number, e.g. 12")
    codes.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..facs.codes import KINDS, REGIONS, all_codes, catalog, get

    if args.code is None:
        for kind, label in KINDS.items():
            print(f"{label.capitalize()}s:")
            for c in all_codes(kind):
                print(f"  {c.code:>3}  {c.name}")
        return 0
    number = code_number(args.code)
    if number in catalog().retired:
        raise UsageError(catalog().retired[number])
    try:
        c = get(number)
    except KeyError:
        raise UsageError(f"{number} is not a FACS 2002 code; run 'facs-course codes'") from None
    print(f"{c.code}  {c.name}  ({KINDS[c.kind]})")
    if c.muscles:
        print(f"Muscles: {', '.join(c.muscles)}")
    print(f"Look at: {REGIONS[c.region]}. Manual chapter {c.chapter}; course week {c.week}.")
    print("What changes:")
    for line in c.appearance:
        print(f"  - {line}")
    print(f"In a mirror: {c.mirror}")
    print(f"Intensity: {c.intensity_guide}")
    for conf in c.confusions:
        print(f"Not to be confused with {conf.other(c.code)}: {conf.cue}")
    return 0


def code_number(text: str) -> int:
    """The number in ``12`` or ``AU12``; the characters a score refuses are refused here too."""
    problem = character_problem(text.strip())
    if problem:
        raise UsageError(problem)
    digits = text.strip().upper().removeprefix("AU")
    if not digits.isdigit():
        raise UsageError(f"'{text}' is not a code number; try e.g. 12")
    return int(digits)
