"""Where an identity's features sit, and height-field primitives for skin relief.

Positions are fractions of the image size; side index 0 is the person's right (image left),
1 the person's left (image right), with ``SIGN[i]`` the direction away from the midline.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import cv2
import numpy as np

from .identities import Identity

SIGN = (-1.0, 1.0)
CX = 0.5
EYE_Y = 0.445
BROW_Y = EYE_Y - 0.056


@dataclass(frozen=True)
class Layout:
    """Resting positions of one identity's features (fractions of the image size)."""

    ident: Identity

    def eye_x(self, i: int) -> float:
        return CX + SIGN[i] * self.ident.eye_sep

    def brow_y(self) -> float:
        return BROW_Y - (self.ident.brow_gap - 0.028)

    @cached_property
    def _outline(self) -> np.ndarray:
        p = self.ident
        yy = np.linspace(0.0, 1.0, 1001)
        skull = 0.236 * np.clip(1 - np.clip((0.3 - yy) / 0.245, 0, 1) ** 2.4, 0, 1) ** (1 / 2.4)
        ys = [0.3, 0.45, 0.56, 0.66, 0.74, 0.8]
        ws = [0.236, p.cheek_w, p.cheek_w - 0.008, p.jaw_w + 0.018, p.jaw_w + 0.002]
        ws.append(p.chin_w + 0.06)
        side = np.interp(yy, ys, ws)
        t = np.clip((yy - 0.8) / (p.chin_y - 0.8), 0, 1)
        chin = (p.chin_w + 0.06) * (1 - t**2.2) ** (1 / 2.2)
        w = np.where(yy < 0.3, skull, np.where(yy < 0.8, side, chin))
        k = np.exp(-0.5 * (np.arange(-60, 61) / 20.0) ** 2)
        smooth = np.convolve(np.pad(w, 60, mode="edge"), k / k.sum(), mode="valid")
        return np.where(w > 0, smooth, 0.0)

    def half_width(self, y: np.ndarray) -> np.ndarray:
        """Half-width of the head outline at heights ``y``: skull dome, cheeks, jaw, chin."""
        return np.interp(np.asarray(y, np.float64), np.linspace(0.0, 1.0, 1001), self._outline)


def gaussian(
    h: np.ndarray, size: int, x: float, y: float, sx: float, sy: float, height: float
) -> None:
    """Add an axis-aligned Gaussian bump (normalised units) to the height map ``h`` (pixels)."""
    px, py, qx, qy = x * size, y * size, max(sx * size, 0.6), max(sy * size, 0.6)
    x0, x1 = int(max(0, px - 4.5 * qx)), int(min(size, px + 4.5 * qx + 1))
    y0, y1 = int(max(0, py - 4.5 * qy)), int(min(size, py + 4.5 * qy + 1))
    if x0 >= x1 or y0 >= y1:
        return
    gx = np.exp(-(((np.arange(x0, x1) - px) / qx) ** 2) / 2)
    gy = np.exp(-(((np.arange(y0, y1) - py) / qy) ** 2) / 2)
    h[y0:y1, x0:x1] += (height * size) * np.outer(gy, gx).astype(np.float32)


def groove(
    h: np.ndarray, size: int, points: list[tuple[float, float]], depth: float, width: float
) -> None:
    """Cut a soft groove (a wrinkle or furrow) along a polyline into the height map."""
    sigma = max(width * 1.35 * size, 0.8)
    pts = np.array(points, dtype=np.float64) * size
    pad = int(5 * sigma) + 2
    x0, y0 = (np.floor(pts.min(axis=0)) - pad).astype(int)
    x1, y1 = (np.ceil(pts.max(axis=0)) + pad).astype(int)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(size, x1), min(size, y1)
    if x0 >= x1 or y0 >= y1:
        return
    canvas = np.zeros((y1 - y0, x1 - x0), np.float32)
    local = np.round((pts - (x0, y0)) * 16).astype(np.int32).reshape(-1, 1, 2)
    cv2.polylines(canvas, [local], False, 1.0, 1, cv2.LINE_AA, 4)
    canvas = cv2.GaussianBlur(canvas, (0, 0), sigma)
    h[y0:y1, x0:x1] -= canvas * (depth * size * np.sqrt(2 * np.pi) * sigma)


def curve(
    a: tuple[float, float], b: tuple[float, float], bend: float, n: int = 9
) -> list[tuple[float, float]]:
    """Points on a gentle arc from ``a`` to ``b``; ``bend`` bows it (fraction, + is down)."""
    t = np.linspace(0, 1, n)
    x = a[0] + (b[0] - a[0]) * t
    y = a[1] + (b[1] - a[1]) * t + bend * 4 * t * (1 - t)
    return list(zip(x.tolist(), y.tolist(), strict=True))


def bezier(
    a: tuple[float, float], ctrl: tuple[float, float], b: tuple[float, float], n: int = 11
) -> list[tuple[float, float]]:
    """Points on a quadratic Bezier curve from ``a`` to ``b`` pulled toward ``ctrl``."""
    t = np.linspace(0, 1, n)[:, None]
    pts = (1 - t) ** 2 * np.array(a) + 2 * t * (1 - t) * np.array(ctrl) + t**2 * np.array(b)
    return [(float(x), float(y)) for x, y in pts]
