"""Zoom regions found in a video frame: OpenCV's Haar face cascade, then the course's regions.

The course's own clips know where each region is (the renderer draws them). Any other video
(an instructor's licensed clip) may show the face anywhere in the frame: the largest face the
cascade finds sets the regions, each placed relative to the face box as it lies on the course's
renders (:data:`RELATIVE`, measured on all eight identities: the cascade's box runs from just
above the brows to the mouth). No face found: ``None``, and the player keeps a centred layout.
"""

from __future__ import annotations

from functools import cache

import cv2
import numpy as np

CASCADE = "haarcascade_frontalface_default.xml"
# Each region as (x0, y0, x1, y1) in units of the detected face box (0, 0 is its top left,
# 1, 1 its bottom right), from the renderer's regions on its own faces, rounded.
RELATIVE = {
    "face": (-0.05, -0.18, 1.07, 1.35),
    "brows": (0.03, -0.10, 0.99, 0.40),
    "eyes": (0.09, 0.29, 0.94, 0.60),
    "cheeks": (0.03, 0.34, 0.99, 0.90),
    "mouth": (0.09, 0.64, 0.94, 1.40),
}
SMALLEST_FACE = 0.15  # of the frame's shorter side: smaller detections are not the face coded


@cache
def _cascade() -> cv2.CascadeClassifier:
    return cv2.CascadeClassifier(cv2.data.haarcascades + CASCADE)


def find_face(rgb: np.ndarray) -> tuple[int, int, int, int] | None:
    """The largest face in an RGB frame as a pixel box ``(x, y, width, height)``, or None."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    side = round(SMALLEST_FACE * min(gray.shape))
    faces = _cascade().detectMultiScale(gray, 1.1, 5, minSize=(side, side))
    if len(faces) == 0:
        return None
    x, y, w, h = max(faces, key=lambda f: f[2] * f[3])
    return int(x), int(y), int(w), int(h)


def face_boxes(rgb: np.ndarray) -> dict[str, tuple[float, float, float, float]] | None:
    """Zoom boxes (fractions of the frame, kept inside it) around the face in ``rgb``."""
    found = find_face(rgb)
    if found is None:
        return None
    x, y, w, h = found
    height, width = rgb.shape[:2]
    boxes = {}
    for name, (a, b, c, d) in RELATIVE.items():
        x0, x1 = max(0.0, (x + a * w) / width), min(1.0, (x + c * w) / width)
        y0, y1 = max(0.0, (y + b * h) / height), min(1.0, (y + d * h) / height)
        boxes[name] = (round(x0, 4), round(y0, 4), round(x1, 4), round(y1, 4))
    return boxes
