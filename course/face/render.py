"""Draw a synthetic face in any pose: the course's pictures of FACS.

``render(pose)`` starts from a cached still layer of the identity (skin, hair, resting lines),
adds the wrinkle, furrow and bulge maps of the active codes, stretches the skin of the lower
face with the jaw, lip corners and chin, draws the moving features, and finally moves the
head. Same inputs give identical pixels.
"""

from __future__ import annotations

from functools import lru_cache, partial

import cv2
import numpy as np

from .base import Base, build_base
from .features import draw_brows, draw_eyes, draw_mouth, draw_nose
from .head3d import VIEWS, Head, Motion, head_of, lowered, move
from .identities import get_identity
from .kept import kept
from .movements import FaceState, HeadMotion, face_state
from .pose import Pose, pose_from_score
from .shapes import SIGN

__all__ = ["REGIONS", "HeadMotion", "region_box", "render", "render_score"]

JAW_TURN_LEAST = 3.0  # degrees of turn or tip from which a dropped jaw's outline shows its depth

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
    """The still layer, kept on disk for the next kernel (see :mod:`.kept`)."""
    build = partial(build_base, get_identity(identity), identity, size)
    return kept(f"face still layer {identity} at {size}", build)


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
    shine = None
    for m, a in maps:
        h, w = m.delta.shape
        region = factor[m.y0 - y0 : m.y0 - y0 + h, m.x0 - x0 : m.x0 - x0 + w]
        region += m.delta * np.float32(a**0.6)
        if m.shine is not None:
            shine = np.zeros_like(factor) if shine is None else shine
            shine[m.y0 - y0 : m.y0 - y0 + h, m.x0 - x0 : m.x0 - x0 + w] += m.shine * np.float32(a)
    np.clip(factor, 0.3, 1.08, out=factor)
    # Shadows in skin are warmer than the lit skin: darken blue most, red least.
    warm = np.stack([factor**0.85, factor, factor**1.12], axis=-1)
    box = img[y0:y1, x0:x1]
    lit = box * warm
    if shine is not None:
        lit += shine[..., None]
    box[:] = np.clip(lit, 0, 255).astype(np.uint8)


def _lower_face_shift(base: Base, st: FaceState) -> tuple[np.ndarray, np.ndarray] | None:
    """How far (dx, dy pixels) the skin of the lower face moves with the jaw, the mouth
    corners and the chin, over ``base.warp``'s box; None when it does not move."""
    if not (st.jaw or st.chin_push or st.lower_lip_down or any(st.corner_out + st.corner_down)):
        return None
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
    return dx, dy


def _move_lower_face(img: np.ndarray, base: Base, shift: tuple[np.ndarray, np.ndarray]) -> None:
    """Stretch the skin of the lower face by ``shift``."""
    w, (dx, dy) = base.warp, shift
    (r0, r1), (c0, c1) = w.rows, w.cols
    img[r0:r1, c0:c1] = cv2.remap(
        img, w.grid[0] - dx, w.grid[1] - dy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )


@lru_cache(maxsize=32)
def _head(identity: int, size: int) -> Head:
    return head_of(_base(identity, size))


def _motion(st: FaceState, view: str) -> Motion:
    """The head's rigid move in this frame, seen from ``view``, and how far the lips push."""
    if view not in VIEWS:
        raise ValueError(f"Unknown view {view!r}: choose one of {', '.join(VIEWS)}.")
    yaw = VIEWS[view]
    return Motion(st.head + HeadMotion(yaw=yaw), st.pucker, st.funnel, around=yaw)


def _features(pose: Pose, identity: int, size: int, st: FaceState, shift=None) -> np.ndarray:
    """The frontal frame: the identity's still layer with its skin relief, the lower face
    moved by ``shift`` (see ``_lower_face_shift``) and the features."""
    base = _base(identity, size)
    img = base.image.copy()
    _apply_relief(img, base, st)
    if shift is not None:
        _move_lower_face(img, base, shift)
    draw_nose(img, base, st)
    draw_mouth(img, base, st)
    draw_brows(img, base, st)
    draw_eyes(img, base, st)
    return img


@lru_cache(maxsize=32)
def _rest(identity: int, size: int) -> np.ndarray:
    img = _features((), identity, size, face_state(()))
    img.flags.writeable = False
    return img


def render(
    pose: Pose,
    identity: int = 0,
    size: int = 320,
    head: HeadMotion | None = None,
    view: str = "frontal",
) -> np.ndarray:
    """An RGB uint8 picture (size x size x 3) of one identity showing ``pose``, seen from
    ``view`` ("frontal" or "three-quarter")."""
    if size < 32:
        raise ValueError(f"A face needs at least 32 pixels; {size} is too small.")
    st = face_state(pose, head)
    shift = _lower_face_shift(_base(identity, size), st) if pose else None
    # A face at rest is drawn once per identity and size (clips start and end with it).
    img = _rest(identity, size).copy() if not pose else _features(pose, identity, size, st, shift)
    motion = _motion(st, view)
    if motion.turns or motion.pucker or motion.funnel:
        solid = _head(identity, size)
        if st.jaw and max(abs(motion.head.yaw), abs(motion.head.pitch)) > JAW_TURN_LEAST:
            # The dropped jaw's outline turns with its new shape (a small sway shows none).
            w = _base(identity, size).warp
            solid = lowered(solid, w.rows, w.cols, w.grid, *shift)
        img = move(img, solid, motion)
    return img


def render_score(
    score: str, identity: int = 0, size: int = 320, view: str = "frontal"
) -> np.ndarray:
    """``render`` of a score such as ``"6+12D"``; ``"0"`` is the neutral face."""
    pose = () if score.strip() == "0" else pose_from_score(score)
    return render(pose, identity, size, view=view)
