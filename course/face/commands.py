"""The ``facs-course`` commands that draw faces: ``render``, ``clip`` and ``gallery``.

Drawing and video modules are imported when a command runs, so that the other commands of
the command line start quickly.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``render``, ``clip`` and ``gallery`` to the ``facs-course`` command line."""
    render = subparsers.add_parser(
        "render",
        help="draw a synthetic face showing a score, as a still image",
        description="Draw a synthetic face at the apex of a score, e.g. 1+2+5B+26; "
        '"0" draws the neutral face.',
    )
    render.add_argument("score", metavar="CODE", help='the score to show, e.g. "6+12C"')
    render.add_argument("--out", type=Path, required=True, help="the image to write, e.g. face.png")
    render.add_argument("--identity", type=int, default=0, help="which face (default 0)")
    render.add_argument("--size", type=int, default=320, help="width and height in pixels")
    render.set_defaults(run=_friendly(_render))

    clip = subparsers.add_parser(
        "clip",
        help="make a video clip of a face moving from neutral to a score and back",
        description="Make a WebM clip in which a face rises from neutral to the apex of a score "
        "and relaxes. The answer key is never stored in the video; --json prints it.",
    )
    clip.add_argument("score", metavar="CODE", help='the score at the apex, e.g. "1+2+5B+26"')
    clip.add_argument("--out", type=Path, required=True, help="the video to write, e.g. item.webm")
    clip.add_argument("--identity", type=int, default=0, help="which face (default 0)")
    clip.add_argument("--fps", type=float, default=30.0, help="frames a second (default 30)")
    clip.add_argument("--frames", type=int, default=90, help="length in frames (default 90)")
    clip.add_argument("--onset", type=int, help="first frame of the movement")
    clip.add_argument("--apex", type=int, help="frame of the strongest movement")
    clip.add_argument("--offset", type=int, help="frame by which the face is neutral again")
    clip.add_argument("--size", type=int, default=320, help="width and height in pixels")
    clip.add_argument("--seed", type=int, default=0, help="seed for the distractors")
    clip.add_argument("--blinks", type=int, default=0, help="quick blinks away from the apex")
    clip.add_argument(
        "--head-motion", type=float, default=0.0, metavar="DEG", help="small head movement"
    )
    clip.add_argument("--json", action="store_true", help="print the answer key as JSON")
    clip.set_defaults(run=_friendly(_clip))

    gallery = subparsers.add_parser(
        "gallery", help="draw every code on the synthetic faces, as image files"
    )
    gallery.add_argument("--out", type=Path, required=True, help="the folder to write into")
    gallery.add_argument("--size", type=int, default=256, help="width and height in pixels")
    gallery.set_defaults(run=_friendly(_gallery))


def _friendly(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Report a mistake in the input or a file that cannot be written in one line, exit 2."""

    def wrapped(args: argparse.Namespace) -> int:
        # Imported here: course.cli imports this module while it builds its parser.
        from ..cli import UsageError

        try:
            return run(args)
        except (ValueError, OSError) as err:
            raise UsageError(_one_line(err)) from None

    return wrapped


def _one_line(err: Exception) -> str:
    if isinstance(err, OSError) and err.filename:
        return f"cannot write {err.filename}: {err.strerror or err}"
    return " ".join(str(err).split())


def _render(args: argparse.Namespace) -> int:
    import cv2

    from .identities import get_identity
    from .render import render_score

    if args.out.suffix.lower() not in IMAGE_SUFFIXES:
        raise ValueError(f"--out must name a .png or .jpg file; got {args.out}")
    get_identity(args.identity)
    image = render_score(args.score, args.identity, args.size)
    if not args.out.parent.is_dir() or not cv2.imwrite(
        str(args.out), cv2.cvtColor(image, cv2.COLOR_RGB2BGR)
    ):
        raise ValueError(f"cannot write {args.out}: check that its folder exists and is writable")
    print(args.out)
    return 0


def _clip(args: argparse.Namespace) -> int:
    from .clip import clip_spec_for, write_clip

    if args.out.suffix.lower() != ".webm":
        raise ValueError(f"--out must name a .webm file; got {args.out}")
    spec = clip_spec_for(
        args.score,
        frames=args.frames,
        fps=int(args.fps) if args.fps.is_integer() else args.fps,
        onset=args.onset,
        apex=args.apex,
        offset=args.offset,
        identity=args.identity,
        seed=args.seed,
        size=args.size,
        blinks=args.blinks,
        head_motion=args.head_motion,
    )
    key = write_clip(spec, args.out)
    if args.json:
        print(json.dumps({"file": str(args.out), **key.to_dict()}, indent=2))
    else:
        print(f"{args.out}: {key.frames} frames at {key.fps:g} fps, apex at frame {key.apex}")
    return 0


def _gallery(args: argparse.Namespace) -> int:
    from .gallery import write_gallery

    args.out.mkdir(parents=True, exist_ok=True)
    for path in write_gallery(args.out, args.size):
        print(path)
    return 0
