"""``facs-course gallery --out DIR``: every code drawn on the synthetic faces, as images."""

from __future__ import annotations

import argparse
from pathlib import Path

from .errors import friendly
from .options import add_view


def register(subparsers: argparse._SubParsersAction) -> None:
    gallery = subparsers.add_parser(
        "gallery", help="draw every code on the synthetic faces, as image files"
    )
    gallery.add_argument("--out", type=Path, required=True, help="the folder to write into")
    gallery.add_argument("--size", type=int, default=256, help="width and height in pixels")
    add_view(gallery)
    gallery.set_defaults(run=friendly(run))


def run(args: argparse.Namespace) -> int:
    from ..content import emotions
    from ..face.gallery import write_gallery

    args.out.mkdir(parents=True, exist_ok=True)
    prototypes = [emotion.examples[0] for emotion in emotions()]
    for path in write_gallery(args.out, args.size, prototypes, args.view):
        print(path)
    return 0
