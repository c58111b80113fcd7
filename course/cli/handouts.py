"""``facs-course handouts``: write the printable handouts (PDF)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    handouts = subparsers.add_parser(
        "handouts", help="write the printable handouts (PDF) into handouts/"
    )
    handouts.add_argument("--out", type=Path, default=Path("handouts"), help="the folder to write")
    handouts.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..handouts import write_handouts

    for path in write_handouts(args.out):
        print(path)
    return 0
