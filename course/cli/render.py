"""``facs-course render CODE --out face.png``: a synthetic face showing a score, as a still."""

from __future__ import annotations

import argparse
from pathlib import Path

from .errors import friendly
from .options import add_identity, add_view

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def register(subparsers: argparse._SubParsersAction) -> None:
    render = subparsers.add_parser(
        "render",
        help="draw a synthetic face showing a score, as a still image",
        description="Draw a synthetic face at the apex of a score, e.g. 1+2+5B+26; "
        '"0" draws the neutral face.',
    )
    render.add_argument("score", metavar="CODE", help='the score to show, e.g. "6+12C"')
    render.add_argument("--out", type=Path, required=True, help="the image to write, e.g. face.png")
    add_identity(render)
    render.add_argument("--size", type=int, default=320, help="width and height in pixels")
    add_view(render)
    render.set_defaults(run=friendly(run))


def run(args: argparse.Namespace) -> int:
    import cv2

    from ..face.identities import get_identity
    from ..face.render import render_score

    if args.out.suffix.lower() not in IMAGE_SUFFIXES:
        raise ValueError(f"--out must name a .png or .jpg file; got {args.out}")
    get_identity(args.identity)
    image = render_score(args.score, args.identity, args.size, args.view)
    if not args.out.parent.is_dir() or not cv2.imwrite(
        str(args.out), cv2.cvtColor(image, cv2.COLOR_RGB2BGR)
    ):
        raise ValueError(f"cannot write {args.out}: check that its folder exists and is writable")
    print(args.out)
    return 0
