"""``facs-course clip CODE --out clip.webm``: a face moving from neutral to a score and back."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .errors import friendly
from .options import add_identity, add_view


def register(subparsers: argparse._SubParsersAction) -> None:
    clip = subparsers.add_parser(
        "clip",
        help="make a video clip of a face moving from neutral to a score and back",
        description="Make a WebM clip in which a face rises from neutral to the apex of a score "
        "and relaxes. The answer key is never stored in the video; --json prints it.",
    )
    clip.add_argument("score", metavar="CODE", help='the score at the apex, e.g. "1+2+5B+26"')
    clip.add_argument("--out", type=Path, required=True, help="the video to write, e.g. item.webm")
    add_identity(clip)
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
    add_view(clip)
    clip.add_argument("--json", action="store_true", help="print the answer key as JSON")
    clip.set_defaults(run=friendly(run))


def run(args: argparse.Namespace) -> int:
    from ..face.clip import clip_spec_for, write_clip

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
        view=args.view,
    )
    key = write_clip(spec, args.out)
    if args.json:
        print(json.dumps({"file": str(args.out), **key.to_dict()}, indent=2))
    else:
        print(f"{args.out}: {key.frames} frames at {key.fps:g} fps, apex at frame {key.apex}")
    return 0
