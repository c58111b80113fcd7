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

    @property
    def skull_w(self) -> float:
        """Half-width of the skull at the temples: wider on a wider face."""
        return 0.236 + 0.6 * (self.ident.cheek_w - 0.245)

    def ear(self, i: int) -> tuple[float, float, float, float]:
        """Side ``i``'s ear as an ellipse: centre x, y and half-width, half-height."""
        return CX + SIGN[i] * (self.skull_w + 0.002), 0.475, 0.024, 0.058

    @cached_property
    def outline_points(self) -> np.ndarray:
        """The head's outline on the image-right side, top of the skull to the chin's
        lowest point, as (x, y) points along a smooth curve (corner-cut control points)."""
        p = self.ident
        yy = np.linspace(0.0, 0.3, 61)
        sw = self.skull_w
        skull = sw * np.clip(1 - np.clip((0.3 - yy) / 0.245, 0, 1) ** 2.4, 0, 1) ** (1 / 2.4)
        keep = skull > 0
        top = np.stack([CX + skull[keep], yy[keep]], 1)
        cy = p.chin_y
        # Cheekbone, the jaw's long line to its angle, then round under the chin.
        ctrl = np.array([
            (sw, 0.3), (sw, 0.36), (p.cheek_w, 0.45), (p.cheek_w - 0.004, 0.54),
            (p.jaw_w + 0.016, 0.65), (p.jaw_w + 0.006, 0.73), (p.jaw_w - 0.012, 0.78),
            (p.chin_w + 0.045, cy - 0.036), (p.chin_w + 0.012, cy - 0.008),
            (p.chin_w * 0.5, cy), (0.0, cy + 0.001),
        ])  # fmt: skip
        both = np.concatenate([ctrl, ctrl[-2::-1] * [-1, 1]])
        for _ in range(5):  # Chaikin corner cutting: a smooth quadratic B-spline
            a, b = both[:-1], both[1:]
            both = np.concatenate([both[:1], np.stack([0.75 * a + 0.25 * b,
                                   0.25 * a + 0.75 * b], 1).reshape(-1, 2), both[-1:]])  # fmt: skip
        half = both[: len(both) // 2 + 1]
        half = half[half[:, 0] >= 0]
        lower = np.stack([CX + half[:, 0], half[:, 1]], 1)
        return np.concatenate([top, lower[1:]])

    @cached_property
    def _outline(self) -> tuple[np.ndarray, np.ndarray]:
        pts = self.outline_points
        ys = np.maximum.accumulate(pts[:, 1])
        return ys, pts[:, 0] - CX

    def half_width(self, y: np.ndarray) -> np.ndarray:
        """Half-width of the head outline at heights ``y``: skull dome, cheeks, jaw, chin."""
        ys, ws = self._outline
        return np.interp(np.asarray(y, np.float64), ys, ws, left=0.0, right=0.0)

    def outline(self) -> np.ndarray:
        """The whole head outline, a closed polygon (fractions of the size)."""
        right = self.outline_points
        left = right[::-1] * [-1, 1] + [2 * CX, 0]
        return np.concatenate([right, left[1:]])


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
