"""Draw a synthetic face in any pose: the course's pictures of FACS.

``render(pose)`` starts from a cached still layer of the identity (skin, hair, resting lines),
adds the wrinkle, furrow and bulge maps of the active codes, stretches the skin of the lower
face with the jaw, lip corners and chin, draws the moving features, and finally moves the
head. Same inputs give identical pixels.
"""

from __future__ import annotations

from functools import lru_cache

import cv2
import numpy as np

from .base import Base, build_base
from .features import draw_brows, draw_eyes, draw_mouth, draw_nose
from .identities import get_identity
from .movements import FaceState, HeadMotion, face_state
from .pose import Pose, pose_from_score
from .shapes import SIGN

__all__ = ["REGIONS", "HeadMotion", "region_box", "render", "render_score"]

# Face regions as fractions of the image: x0, y0, x1, y1 (the same for every identity).
REGIONS: dict[str, tuple[float, float, float, float]] = {
    "brows": (0.24, 0.16, 0.76, 0.43),
    "eyes": (0.27, 0.37, 0.73, 0.54),
    "cheeks": (0.24, 0.4, 0.76, 0.7),
    "mouth": (0.27, 0.56, 0.73, 0.97),
    "face": (0.2, 0.12, 0.8, 0.94),
}


def region_box(region: str, size: int) -> tuple[int, int, int, int]:
    """Pixel box ``(x0, y0, x1, y1)`` of a face region ("brows", "eyes", "cheeks", "mouth",
    "face") in a ``size`` x ``size`` render."""
    if region not in REGIONS:
        raise ValueError(f"Unknown face region {region!r}: choose one of {', '.join(REGIONS)}.")
    x0, y0, x1, y1 = REGIONS[region]
    return round(x0 * size), round(y0 * size), round(x1 * size), round(y1 * size)


@lru_cache(maxsize=32)
def _base(identity: int, size: int) -> Base:
    return build_base(get_identity(identity), identity, size)


def _apply_relief(img: np.ndarray, base: Base, st: FaceState) -> None:
    maps = []
    for layer, pair in st.relief.items():
        for side in (0, 1):
            if pair[side] > 0:
                m = base.relief(layer, side)
                if m is not None:
                    maps.append((m, pair[side]))
    if not maps:
        return
    x0 = min(m.x0 for m, _ in maps)
    y0 = min(m.y0 for m, _ in maps)
    x1 = max(m.x0 + m.delta.shape[1] for m, _ in maps)
    y1 = max(m.y0 + m.delta.shape[0] for m, _ in maps)
    factor = np.ones((y1 - y0, x1 - x0), np.float32)
    for m, a in maps:
        h, w = m.delta.shape
        region = factor[m.y0 - y0 : m.y0 - y0 + h, m.x0 - x0 : m.x0 - x0 + w]
        region += m.delta * np.float32(a**0.6)
    np.clip(factor, 0.3, 1.08, out=factor)
    # Shadows in skin are warmer than the lit skin: darken blue most, red least.
    warm = np.stack([factor**0.85, factor, factor**1.12], axis=-1)
    box = img[y0:y1, x0:x1]
    box[:] = np.clip(box * warm, 0, 255).astype(np.uint8)


def _move_lower_face(img: np.ndarray, base: Base, st: FaceState) -> None:
    """Stretch the skin of the lower face with the jaw, the mouth corners and the chin."""
    w, s = base.warp, base.size
    dy = w.jaw * np.float32(st.jaw * s)
    dx = np.zeros_like(dy)
    for i in (0, 1):
        out, down = st.corner_out[i], st.corner_down[i]
        if out or down:
            dx += w.corners[i] * np.float32(SIGN[i] * 0.8 * out * s)
            dy += w.corners[i] * np.float32(0.8 * down * s)
    if st.chin_push:
        dy -= w.chin * np.float32(1.2 * st.chin_push * s)
    if st.lower_lip_down:
        dy += w.below_lip * np.float32(0.6 * st.lower_lip_down * s)
    (r0, r1), (c0, c1) = w.rows, w.cols
    img[r0:r1, c0:c1] = cv2.remap(
        img, w.grid[0] - dx, w.grid[1] - dy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )


HEAD_GRID = 8  # pixels between the samples of the head warp; it is smooth between them
HEAD_HALF_WIDTH = 0.31  # the head, hair and ears lie within this distance of the midline
SMALL_TURN = 5.0  # degrees; up to this the background beside the head barely moves
FORESHORTEN = 0.35  # how much a tipped face shortens, per unit sine of the tip
NOD_RADIUS, NOD_RADIUS_UP = 0.34, 0.42  # the circles the face turns along nodding down, up


@lru_cache(maxsize=16)
def _pixel_grid(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Pixel coordinates (x, y) of the rows above the shoulders, which the head warp moves."""
    rows = min(size, int(np.ceil(0.91 * size)) + 1)
    px, py = np.meshgrid(np.arange(size, dtype=np.float32), np.arange(rows, dtype=np.float32))
    return px, py


def _turn(x: np.ndarray, radius: float, angle: float) -> np.ndarray:
    """Displacement that rotates points on a circle of ``radius`` by ``angle`` (radians),
    fading out beyond the circle so the background only follows a little."""
    u = np.clip(x / radius, -0.95, 0.95)
    shift = radius * (np.sin(np.arcsin(u) + angle) - u)
    fade = np.clip(1 - (np.abs(x) - radius) / 0.1, 0, 1)
    return shift * fade


def _move_head(img: np.ndarray, head: HeadMotion) -> None:
    """Turn, tilt, nod and shift the head by warping the finished image in place.

    The warp is worked out on a coarse grid and interpolated to every pixel; for small
    movements only a box around the head moves, and the shoulders always stay as they are."""
    s = img.shape[0]
    px, py = _pixel_grid(s)
    rows = px.shape[0]
    yaw, pitch, roll = np.deg2rad(head.yaw), np.deg2rad(head.pitch), np.deg2rad(head.roll)
    reach = (
        HEAD_HALF_WIDTH * head.scale
        + 0.35 * (abs(np.sin(yaw)) + abs(np.sin(pitch)) + abs(np.sin(roll)))
        + abs(head.dx) + abs(head.dy) + 0.02
    )  # fmt: skip
    if max(abs(head.yaw), abs(head.pitch), abs(head.roll)) > SMALL_TURN:
        reach = 1.0  # a large turn moves the background visibly too: warp all of it
    c0, c1 = max(0, int((0.5 - reach) * s)), min(s, int(np.ceil((0.5 + reach) * s)))
    nx, ny = max(2, -(-(c1 - c0) // HEAD_GRID)), max(2, -(-rows // HEAD_GRID))
    gx = ((c0 + (np.arange(nx, dtype=np.float32) + 0.5) * (c1 - c0) / nx) / s)[None, :]
    gy = (((np.arange(ny, dtype=np.float32) + 0.5) * rows / ny) / s)[:, None]
    bump = np.exp(-(((gx - 0.5) / 0.2) ** 2 + ((gy - 0.52) / 0.26) ** 2) / 2)
    body = np.clip((0.91 - gy) / 0.12, 0, 1)  # shoulders stay put
    # Output -> source: undo shift, scale and roll about the neck-centre, then the turn/nod.
    ca, sa = np.cos(roll), np.sin(roll)
    x = (gx - 0.5 - head.dx) / head.scale
    y = (gy - 0.56 - head.dy) / head.scale
    xr = ca * x + sa * y
    yr = -sa * x + ca * y
    # Turning and nodding rotate a rounded head: points are moved along a circle of the
    # head's radius, so the side turning away is foreshortened; the nose moves a little more.
    sx = xr + _turn(xr, 0.26, -yaw) - 0.05 * np.sin(yaw) * bump
    # Tipping either way also foreshortens the face from brow to chin.
    sy = yr * (1 + FORESHORTEN * abs(np.sin(pitch)) * bump)
    # Raising the chin turns it along a wider circle, so it does not stretch into a point.
    nod = NOD_RADIUS_UP if pitch > 0 else NOD_RADIUS
    sy = sy + _turn(yr + 0.06, nod, pitch) + 0.04 * np.sin(pitch) * bump
    size = (c1 - c0, rows)
    shift_x = cv2.resize((body * (sx + 0.5 - gx) * s).astype(np.float32), size)
    shift_y = cv2.resize((body * (sy + 0.56 - gy) * s).astype(np.float32), size)
    map_x, map_y = px[:, c0:c1] + shift_x, py[:, c0:c1] + shift_y
    img[:rows, c0:c1] = cv2.remap(
        img, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )


def render(
    pose: Pose, identity: int = 0, size: int = 320, head: HeadMotion | None = None
) -> np.ndarray:
    """An RGB uint8 picture (size x size x 3) of one identity showing ``pose``."""
    if size < 32:
        raise ValueError(f"A face needs at least 32 pixels; {size} is too small.")
    base = _base(identity, size)
    st = face_state(pose, head)
    img = base.image.copy()
    _apply_relief(img, base, st)
    if st.jaw or st.chin_push or st.lower_lip_down or any(st.corner_out + st.corner_down):
        _move_lower_face(img, base, st)
    draw_nose(img, base, st)
    draw_mouth(img, base, st)
    draw_brows(img, base, st)
    draw_eyes(img, base, st)
    if not st.head.is_still:
        _move_head(img, st.head)
    return img


def render_score(score: str, identity: int = 0, size: int = 320) -> np.ndarray:
    """``render`` of a score such as ``"6+12D"``; ``"0"`` is the neutral face."""
    pose = () if score.strip() == "0" else pose_from_score(score)
    return render(pose, identity, size)
