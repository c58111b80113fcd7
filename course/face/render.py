"""Draw a synthetic face in any pose: the course's pictures of FACS.

``render(pose)`` starts from a cached still layer of the identity (skin, hair, resting lines),
adds the wrinkle, furrow and bulge maps of the active codes, drops the jaw, draws the moving
features, and finally moves the head. Same inputs give identical pixels.
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


def _drop_jaw(img: np.ndarray, base: Base, drop: float) -> None:
    r0, c0, c1 = base.jaw_rows, base.jaw_cols[0], base.jaw_cols[1]
    map_y = base.jaw_grid[1] - np.float32(drop * base.size) * base.jaw_weight
    img[r0:, c0:c1] = cv2.remap(
        img, base.jaw_grid[0], map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )


@lru_cache(maxsize=16)
def _head_fields(size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Pixel grids, a bump that is 1 at the face centre and falls off toward the outline, and
    how much each row belongs to the moving head rather than the shoulders."""
    g = (np.arange(size, dtype=np.float32) + 0.5) / size
    gx, gy = np.meshgrid(g, g)
    bump = np.exp(-(((gx - 0.5) / 0.2) ** 2 + ((gy - 0.52) / 0.26) ** 2) / 2).astype(np.float32)
    body = np.clip((0.91 - gy) / 0.12, 0, 1).astype(np.float32)  # shoulders stay put
    return gx, gy, bump, body


def _turn(x: np.ndarray, radius: float, angle: float) -> np.ndarray:
    """Displacement that rotates points on a circle of ``radius`` by ``angle`` (radians),
    fading out beyond the circle so the background only follows a little."""
    u = np.clip(x / radius, -0.95, 0.95)
    shift = radius * (np.sin(np.arcsin(u) + angle) - u)
    fade = np.clip(1 - (np.abs(x) - radius) / 0.1, 0, 1)
    return shift * fade


def _move_head(img: np.ndarray, head: HeadMotion) -> np.ndarray:
    """Turn, tilt, nod and shift the whole head by warping the finished image."""
    s = img.shape[0]
    gx, gy, bump, body = _head_fields(s)
    cx, cy = 0.5 + head.dx, 0.56 + head.dy
    # Output -> source: undo shift, scale and roll about the neck-centre, then the turn/nod.
    ang = np.deg2rad(head.roll)
    ca, sa = np.cos(ang), np.sin(ang)
    x = (gx - cx) / head.scale
    y = (gy - cy) / head.scale
    xr = ca * x + sa * y
    yr = -sa * x + ca * y
    # Turning and nodding rotate a rounded head: points are moved along a circle of the
    # head's radius, so the side turning away is foreshortened; the nose moves a little more.
    yaw, pitch = np.deg2rad(head.yaw), np.deg2rad(head.pitch)
    sx = xr + _turn(xr, 0.26, -yaw) - 0.05 * np.sin(yaw) * bump
    sy = yr + _turn(yr + 0.06, 0.34, pitch) + 0.04 * np.sin(pitch) * bump
    map_x = ((gx + body * (sx + 0.5 - gx)) * s - 0.5).astype(np.float32)
    map_y = ((gy + body * (sy + 0.56 - gy)) * s - 0.5).astype(np.float32)
    return cv2.remap(img, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


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
    if st.jaw > 0:
        _drop_jaw(img, base, st.jaw)
    draw_nose(img, base, st)
    draw_mouth(img, base, st)
    draw_brows(img, base, st)
    draw_eyes(img, base, st)
    if not st.head.is_still:
        img = _move_head(img, st.head)
    return img


def render_score(score: str, identity: int = 0, size: int = 320) -> np.ndarray:
    """``render`` of a score such as ``"6+12D"``; ``"0"`` is the neutral face."""
    pose = () if score.strip() == "0" else pose_from_score(score)
    return render(pose, identity, size)
