"""Faces for the handouts, drawn by the course's renderer and kept for one build."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from ..face.render import REGIONS, render_score
from ..facs.codes import Code

NEUTRAL = "0"
SHOWN_AT = "C"
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 as fractions of the image
FACE: Box = REGIONS["face"]
# The mouth region reaching up past the nose base (near 0.585 in every identity), so that the
# upper lip's rise and the nasolabial furrows show.
_X0, _Y0, _X1, _Y1 = REGIONS["mouth"]
MOUTH: Box = (_X0, min(_Y0, 0.5), _X1, _Y1)


def score_for(code: Code) -> str:
    """The score that shows ``code`` alone: at intensity C if it takes one."""
    return f"{code.code}{SHOWN_AT}" if code.intensity else str(code.code)


def region_of(code: Code) -> Box:
    """The part of the face where ``code`` shows (the catalog's region, drawn by the renderer)."""
    return MOUTH if code.region == "mouth" else REGIONS[code.region]


def widened(box: Box, aspect: float) -> Box:
    """``box`` grown about its centre to ``aspect`` (width / height), kept inside the image.

    A box that would outgrow the image is cut to fit instead, about the same centre.
    """
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    w, h = max(w, h * aspect), max(h, w / aspect)
    if w > 1 or h > 1:
        w, h = (1, 1 / aspect) if aspect >= 1 else (aspect, 1)
    cx = min(max((x0 + x1) / 2, w / 2), 1 - w / 2)
    cy = min(max((y0 + y1) / 2, h / 2), 1 - h / 2)
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


@dataclass(frozen=True)
class Picture:
    """A JPEG ready for the PDF, with its pixel size."""

    data: bytes
    width: int
    height: int


@dataclass
class Faces:
    """Rendered faces by score and identity, each drawn once per build and cropped on demand."""

    size: int = 640
    _renders: dict[tuple[str, int], np.ndarray] = field(default_factory=dict)
    _pictures: dict[tuple[str, int, Box], Picture] = field(default_factory=dict)

    def __call__(self, score: str, identity: int = 0, box: Box = FACE) -> Picture:
        key = (score, identity, box)
        if key not in self._pictures:
            if (score, identity) not in self._renders:
                image = render_score(score, identity=identity, size=self.size)
                self._renders[score, identity] = image
            x0, y0, x1, y1 = (round(v * self.size) for v in box)
            crop = Image.fromarray(self._renders[score, identity][y0:y1, x0:x1])
            buffer = io.BytesIO()
            crop.save(buffer, format="JPEG", quality=90)
            self._pictures[key] = Picture(buffer.getvalue(), crop.width, crop.height)
        return self._pictures[key]
