"""Faces for the session notebooks: a score drawn on a course face, whole or zoomed to a region."""

from __future__ import annotations

from collections.abc import Iterable

import cv2
import numpy as np

from . import html
from .face.movements import DRAWN_CODES
from .face.render import region_box, render_score
from .facs import parse
from .player.fallback import png_bytes

IMAGE_SIZE = 224
ZOOM_SIZE = 480  # render size a close-up is cut from


def drawable(score: str) -> bool:
    """True when the synthetic faces can show every code of ``score``."""
    return all(e.code in DRAWN_CODES for e in parse(score))


def picture(
    score: str, identity: int = 0, region: str = "face", size: int = IMAGE_SIZE
) -> np.ndarray:
    """An RGB picture of ``score`` ("0" is neutral), the whole face or a close-up of a region."""
    if region == "face":
        return render_score(score, identity, size)
    x0, y0, x1, y1 = region_box(region, ZOOM_SIZE)
    crop = render_score(score, identity, ZOOM_SIZE)[y0:y1, x0:x1]
    scale = size / (x1 - x0)
    return cv2.resize(crop, (size, round((y1 - y0) * scale)), interpolation=cv2.INTER_AREA)


def label(score: str) -> str:
    """How a face's score is captioned: ``neutral`` for 0, else the tidy score."""
    return "neutral" if score.strip() == "0" else str(parse(score))


def face_row(scores: Iterable[tuple[str, str]], identity: int, region: str) -> str:
    """Faces side by side, one per ``(score, caption)``."""
    return html.row(_figure(score, caption, identity, region) for score, caption in scores)


def _figure(score: str, caption: str, identity: int, region: str) -> str:
    png = png_bytes(picture(score, identity, region))
    img = html.image(
        png,
        f"{caption}: face showing {score}",
        f"width:{IMAGE_SIZE}px;border-radius:6px;display:block",
    )
    return html.figure(
        img,
        html.escape(caption),
        "margin:0 8px 8px 0;text-align:center",
        "font:600 13px system-ui,sans-serif;margin-top:4px",
    )
