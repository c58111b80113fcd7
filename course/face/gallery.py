"""Contact sheets of the synthetic faces: every code per identity, A-E strips, emotion
prototypes, confusable pairs.

Instructors and course authors use them to check at a glance that each movement reads as
the code it claims to be; learners can use them as a visual index.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np

from ..facs.codes import catalog
from .identities import IDENTITIES
from .movements import DRAWN_CODES
from .pose import INTENSITY_AMOUNT, Action, Pose, pose_from_score
from .render import render

CODES = sorted(DRAWN_CODES)
# One-sided codes (the person's own side: their left is the viewer's right) and the head
# and eye positions, each beside the neutral face.
ONE_SIDED = ("L1", "R1", "L2", "R2", "L12", "R12", "L14", "R14", "L20", "R20")
POSITIONS = ("51", "52", "53", "54", "55", "56", "57", "58", "61", "62", "63", "64")
# Seen from three-quarters: lips pushed forward (18, 22), and movements whose depth shows.
THREE_QUARTER = ("18D", "22D", "12D", "26D", "9D", "53D", "54D")
FONT = cv2.FONT_HERSHEY_SIMPLEX
_VIEW = ["frontal"]  # the view of the gallery being written


def _tile(pose: Pose, label: str, identity: int, size: int, view: str = "") -> np.ndarray:
    """A render with its label on a white band above it, seen from ``view`` (by default the
    gallery's own)."""
    band = max(14, size // 12)
    tile = np.full((size + band, size, 3), 255, np.uint8)
    tile[band:] = render(pose, identity, size, view=view or _VIEW[0])
    scale = band / 40
    cv2.putText(tile, label, (4, band - band // 4), FONT, scale, (0, 0, 0), 1, cv2.LINE_AA)
    return tile


def _sheet(tiles: list[np.ndarray], columns: int) -> np.ndarray:
    blank = np.full_like(tiles[0], 255)
    tiles = tiles + [blank] * (-len(tiles) % columns)
    rows = [np.hstack(tiles[i : i + columns]) for i in range(0, len(tiles), columns)]
    return np.vstack(rows)


def _caption(sheet: np.ndarray, text: str, size: int) -> np.ndarray:
    """Add wrapped text under a sheet."""
    scale = max(0.35, size / 640)
    width = max(20, int(sheet.shape[1] / (19 * scale)))
    lines = textwrap.wrap(text, width)
    line_h = int(30 * scale) + 4
    band = np.full((line_h * len(lines) + 8, sheet.shape[1], 3), 255, np.uint8)
    for k, line in enumerate(lines):
        y = line_h * (k + 1)
        cv2.putText(band, line, (6, y), FONT, scale, (0, 0, 0), 1, cv2.LINE_AA)
    return np.vstack([sheet, band])


def _write(path: Path, rgb: np.ndarray) -> Path:
    cv2.imwrite(str(path), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    return path


def _action(code: int, letter: str = "C") -> Action:
    return Action(code, INTENSITY_AMOUNT[letter])


def write_gallery(
    out_dir: Path, size: int = 256, prototypes: Sequence[str] = (), view: str = "frontal"
) -> list[Path]:
    """Write the contact sheets as PNG files under ``out_dir``, seen from ``view``, and a
    sheet of every identity in three-quarter view; return their paths."""
    render((), 0, 32, view=view)  # an unknown view is refused before anything is written
    _VIEW[0] = view
    try:
        return _write_sheets(Path(out_dir), size, prototypes)
    finally:
        _VIEW[0] = "frontal"


def _write_sheets(out_dir: Path, size: int, prototypes: Sequence[str]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for index, person in enumerate(IDENTITIES):
        tiles = [_tile((), f"{person.name}: neutral", index, size)]
        tiles += [_tile((_action(code),), f"{code}C", index, size) for code in CODES]
        path = out_dir / f"identity_{index}_{person.name.lower()}.png"
        written.append(_write(path, _sheet(tiles, 8)))
    for code in CODES:
        rows = []
        for i in (0, 3):
            row = [_tile((), "neutral", i, size)]
            row += [_tile((_action(code, x),), f"{code}{x}", i, size) for x in "ABCDE"]
            rows.append(np.hstack(row))
        written.append(_write(out_dir / f"au_{code:02d}_a_to_e.png", np.vstack(rows)))
    if prototypes:  # emotion prototypes: a check that codes combine into faces people read
        rows = []
        for i in (0, 3, 6):
            row = [_tile((), "neutral", i, size)]
            row += [_tile(pose_from_score(score), score, i, size) for score in prototypes]
            rows.append(np.hstack(row))
        written.append(_write(out_dir / "prototypes.png", np.vstack(rows)))
    for name, scores in (("one_sided", ONE_SIDED), ("head_and_eye_positions", POSITIONS)):
        rows = []
        for i in (0, 3):
            row = [_tile((), "neutral", i, size)]
            row += [_tile(pose_from_score(f"{s}D"), f"{s}D", i, size) for s in scores]
            rows.append(np.hstack(row))
        written.append(_write(out_dir / f"{name}.png", np.vstack(rows)))
    rows = []
    for index, person in enumerate(IDENTITIES):
        row = [_tile((), f"{person.name}: three-quarter", index, size, "three-quarter")]
        row += [_tile(pose_from_score(s), s, index, size, "three-quarter") for s in THREE_QUARTER]
        rows.append(np.hstack(row))
    written.append(_write(out_dir / "three_quarter.png", np.vstack(rows)))
    for pair in catalog().confusions:
        a, b = pair.codes
        tiles = [
            _tile((), "neutral", 0, size),
            _tile((_action(a),), f"{a}", 0, size),
            _tile((_action(b),), f"{b}", 0, size),
        ]
        sheet = _caption(np.hstack(tiles), pair.cue, size)
        written.append(_write(out_dir / f"pair_{a:02d}_vs_{b:02d}.png", sheet))
    return written
