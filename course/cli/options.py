"""Options several verbs share, each defined once."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_course_root(parser: argparse.ArgumentParser) -> None:
    """``--root``: the course directory the verb works in (default: the current one)."""
    parser.add_argument(
        "--root", type=Path, default=Path.cwd(), help="the course directory (default: here)"
    )


def add_identity(parser: argparse.ArgumentParser) -> None:
    """``--identity``: which of the course's faces to draw."""
    parser.add_argument("--identity", type=int, default=0, help="which face (default 0)")


def add_view(parser: argparse.ArgumentParser) -> None:
    """``--view``: where the camera stands, in front of the face or at three-quarters (the
    renderer names the views it has when given another)."""
    parser.add_argument(
        "--view", default="frontal", help='"frontal" (the default) or "three-quarter"'
    )
