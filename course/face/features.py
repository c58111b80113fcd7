"""The moving features, drawn each frame with anti-aliased polygons: brows, eyes, nose, mouth.

All functions draw into an RGB uint8 image in place, from a :class:`FaceState` and the face's
:class:`Base`. Coordinates are turned into fixed-point pixels (4 fractional bits) for cv2.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .base import Base
from .movements import FaceState
from .shapes import CX, EYE_Y, SIGN

SHIFT = 4
ONE = 1 << SHIFT
AA = cv2.LINE_AA
U13 = np.linspace(0.0, 1.0, 13)
T = np.linspace(-1.0, 1.0, 29)
ABS_T = np.abs(T)
LIP_SHADOW = 0.004  # depth of the shadow the upper lip casts on the teeth


def _fx(points: np.ndarray) -> np.ndarray:
    return np.round(points * ONE).astype(np.int32).reshape(-1, 1, 2)


def _fill(img: np.ndarray, pts: np.ndarray, colour) -> None:
    cv2.fillPoly(img, [_fx(pts)], _c(colour), AA, SHIFT)


def _line(img: np.ndarray, pts: np.ndarray, colour, thick: int, closed: bool = False) -> None:
    cv2.polylines(img, [_fx(pts)], closed, _c(colour), max(1, thick), AA, SHIFT)


def _c(colour) -> tuple[float, float, float]:
    r, g, b = (min(255.0, max(0.0, float(v))) for v in colour)
    return (r, g, b)


def _box(img: np.ndarray, pts: np.ndarray, pad: float) -> tuple[int, int, int, int]:
    h, w = img.shape[:2]
    x0 = max(0, int(pts[:, 0].min() - pad))
    y0 = max(0, int(pts[:, 1].min() - pad))
    x1 = min(w, int(pts[:, 0].max() + pad) + 1)
    y1 = min(h, int(pts[:, 1].max() + pad) + 1)
    return x0, y0, x1, y1


def _soft(img: np.ndarray, shapes: list[tuple[str, np.ndarray, object]], alpha: float) -> None:
    """Draw ``shapes`` (("fill" | "line", points, colour)) and blend them in with ``alpha``."""
    pts = np.concatenate([q for _, q, _ in shapes])
    x0, y0, x1, y1 = _box(img, pts, 4)
    if x0 >= x1 or y0 >= y1 or alpha <= 0:
        return
    roi = img[y0:y1, x0:x1]
    layer = roi.copy()
    off = np.array([x0, y0], np.float64)
    for kind, q, colour in shapes:
        if kind == "fill":
            _fill(layer, q - off, colour)
        else:
            _line(layer, q - off, colour, 1)
    cv2.addWeighted(layer, alpha, roi, 1 - alpha, 0, dst=roi)


# --- Brows ---------------------------------------------------------------------------------


def draw_brows(img: np.ndarray, base: Base, st: FaceState) -> None:
    p, s = base.layout.ident, base.size
    colour = np.asarray(p.brows, np.float64)
    shapes: list[tuple[str, np.ndarray, object]] = []
    halo: list[tuple[str, np.ndarray, object]] = []
    for i in (0, 1):
        sx = SIGN[i]
        u = U13
        start = p.eye_sep - p.eye_w * 0.95
        x = CX + sx * (start + u * p.eye_w * 2.35) - sx * st.brow_in[i] * (1 - u) ** 0.7
        y = base.layout.brow_y() - p.brow_arch * np.sin(np.pi * u**1.6) + 0.004 * u**2
        y = y + st.brow_inner[i] * (1 - u) ** 1.2 + st.brow_outer[i] * u**1.6
        y = y + st.brow_mid[i] * np.sin(np.pi * u)
        thick = p.brow_thick * (1.2 - 0.75 * u**1.4)
        top = np.stack([x, y - thick * 0.55], 1) * s
        bottom = np.stack([x, y + thick * 0.45], 1) * s
        outline = np.concatenate([top, bottom[::-1]])

        core = (top * 0.6 + bottom * 0.4)[1:-3]
        shapes += [("fill", outline, colour), ("line", core, colour * 0.75)]
        halo.append(("line", np.concatenate([outline, outline[:1]]), colour))
    _soft(img, halo, 0.3)
    _soft(img, shapes, 0.82)


# --- Eyes ----------------------------------------------------------------------------------


def hood_of(hooded: float, st: FaceState, i: int) -> float:
    """How far a hooded lid's skin overhangs eye ``i`` now: raised brows lift it."""
    return hooded * max(0.0, 1.0 - 2.0 * st.crease_up[i])


def eye_curves(base: Base, st: FaceState, i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Upper lid margin, lower lid margin and eye-cover fold of eye ``i``, in pixels."""
    p, s, sx = base.layout.ident, base.size, SIGN[i]
    ex, w, eh = base.layout.eye_x(i), p.eye_w, p.eye_h
    inner = np.array([ex - sx * w, EYE_Y + 0.1 * eh])
    outer = np.array([ex + sx * w, EYE_Y - 0.18 * eh])
    line = inner[None, :] + (outer - inner)[None, :] * U13[:, None]
    up = np.sin(np.pi * U13**0.85)
    low = np.sin(np.pi * U13**1.2) ** (1.0 - 0.7 * st.lower_lid_straight[i])
    lower = line.copy()
    lower[:, 1] += eh * (0.62 - 0.75 * st.lower_lid_up[i]) * low
    upper = line.copy()
    upper[:, 1] -= eh * max(0.0, 1.0 + st.lid_raise[i] - st.lid_lower[i]) * up
    c = st.closure[i]
    upper = upper + (lower - upper) * c
    if c > 0:
        upper[:, 1] += eh * 0.25 * np.sin(np.pi * U13) * c
    brow_drop = st.brow_mid[i] + 0.5 * st.brow_inner[i] * (1 - U13)
    fold = line.copy()
    # A hooded lid: the skin above folds down over the outer part of the lid, until raised
    # brows (1, 2) lift it.
    hood = 1.1 * hood_of(p.hooded, st, i) * U13**0.7
    fold[:, 1] -= eh * (1.9 - hood + 0.35 * st.crease_up[i] * U13) * up
    fold[:, 1] += np.clip(brow_drop, 0, None) * 0.9
    fold[:, 1] = np.minimum(fold[:, 1], upper[:, 1] - eh * 0.3)
    return upper * s, lower * s, fold * s


def draw_eyes(img: np.ndarray, base: Base, st: FaceState) -> None:
    p, s = base.layout.ident, base.size
    eh = p.eye_h * s
    lash = max(1, round(s * (0.0058 if p.sex == "f" else 0.0045)))
    # The lash line is near black, greying with the brows of someone grey-haired.
    lash_line = np.maximum((48, 34, 30), np.asarray(p.brows, np.float64) * 0.55)
    for i in (0, 1):
        upper, lower, fold = eye_curves(base, st, i)
        skin = base.skin_at(base.layout.eye_x(i), EYE_Y - 2.2 * p.eye_h)
        lid = np.concatenate([upper, fold[::-1]])
        _soft(img, [("fill", lid, skin * 0.8)], 0.3)
        _soft(img, [("line", fold[2:-1], skin * 0.6)], 0.55 * (1 - 0.7 * st.closure[i]))
        # A hood: the overhanging skin catches the light and shades the lid below it;
        # raising the brows (1, 2) stretches it away.
        hooded = hood_of(p.hooded, st, i)
        if hooded > 0.02:
            hood = fold[3:] - [0, eh * 0.45]
            band = np.concatenate([fold[3:], hood[::-1]])
            _soft(img, [("fill", band, skin * 1.1 + 6)], 0.3 * hooded)
            _soft(img, [("line", fold[4:] + [0, eh * 0.12], skin * 0.4)], 0.5 * hooded)
        opening = np.concatenate([upper, lower[::-1]])
        x0, y0, x1, y1 = _box(img, opening, 3)
        if st.closure[i] < 0.98 and x1 > x0 and y1 > y0:
            off = np.array([x0, y0], np.float64)
            roi = img[y0:y1, x0:x1]
            eye = roi.copy()
            _fill(eye, opening - off, (232, 226, 222))
            for end in (lower[0], lower[-1]):
                q = end - off
                cv2.circle(eye, (int(q[0] * ONE), int(q[1] * ONE)), int(eh * 0.9 * ONE),
                           (196, 178, 172), -1, AA, SHIFT)  # fmt: skip
            ix = (base.layout.eye_x(i) + st.gaze[0] * p.eye_w * 0.45) * s - x0
            iy = (EYE_Y - 0.1 * p.eye_h) * s + st.gaze[1] * eh * 0.85 - y0
            r = 0.98 * eh
            iris = np.asarray(p.iris, np.float64)
            centre = (int(ix * ONE), int(iy * ONE))
            cv2.circle(eye, centre, int(r * ONE), _c(iris * 0.55), -1, AA, SHIFT)
            cv2.circle(eye, centre, int(r * 0.84 * ONE), _c(iris), -1, AA, SHIFT)
            cv2.circle(eye, centre, int(r * 0.55 * ONE), _c(iris * 0.8), -1, AA, SHIFT)
            cv2.circle(eye, centre, int(r * 0.4 * ONE), (18, 14, 14), -1, AA, SHIFT)
            glint = (int((ix - 0.35 * r) * ONE), int((iy - 0.38 * r) * ONE))
            cv2.circle(eye, glint, max(ONE, int(r * 0.2 * ONE)), (250, 250, 250), -1, AA, SHIFT)
            _line(eye, upper - off, (95, 70, 66), max(1, round(eh * 0.35)))
            corner = lower[0] - off + [SIGN[i] * eh * 0.25, -eh * 0.15]
            cv2.circle(eye, (int(corner[0] * ONE), int(corner[1] * ONE)),
                       int(eh * 0.22 * ONE), (205, 140, 140), -1, AA, SHIFT)  # fmt: skip
            mask = np.zeros(roi.shape[:2], np.uint8)
            cv2.fillPoly(mask, [_fx(opening - off)], 255, AA, SHIFT)
            m = mask.astype(np.float32)[..., None] * (1 / 255)
            roi[:] = (roi * (1 - m) + eye * m).astype(np.uint8)
        # The lower lid has thickness: its lash line, a soft shadow under its rim.
        _soft(img, [("line", lower, skin * 0.55)], 0.7)
        _soft(img, [("line", lower[3:-2] + [0, eh * 0.34], skin * 0.7)], 0.2)
        wing = upper[-1] + [SIGN[i] * eh * 0.15, -eh * 0.06]
        thick = max(1, round(lash * (1 - 0.45 * st.closure[i])))
        _line(img, np.concatenate([upper, wing[None]]), lash_line, thick)
        if s >= 160:
            size = eh * (1.0 if p.sex == "f" else 0.6)
            _lashes(img, upper, i, size, st.closure[i], lash_line)


@dataclass(frozen=True)
class Lashes:
    """The fixed lashes of one upper lid, worked out once: where each grows along the lid,
    its length (in lid heights) and angle from the vertical, and the clump whose tips it
    joins."""

    at: np.ndarray  # index of the lid point before each root
    frac: np.ndarray  # and how far on toward the next
    length: np.ndarray
    sin: np.ndarray
    cos: np.ndarray
    clump: np.ndarray  # (n, n): averages each lash's tip with those of its clump


def _lash_set(seed: int, n: int = 26, lo: float = 0.15, hi: float = 0.95) -> Lashes:
    """``n`` lashes from ``lo`` to ``hi`` along the lid (0 inner, 1 outer corner): short and
    sparse near the inner corner, denser, longer and leaning further out toward the outer
    corner, in clumps of one to three."""
    rng = np.random.default_rng(seed)
    u = np.sort(lo + (hi - lo) * rng.uniform(0, 1, n) ** 0.85)
    group, run = np.zeros(n, int), 0
    for k, new in enumerate(rng.uniform(0, 1, n) < 0.4):
        run = 1 if new or run == 3 else run + 1
        group[k] = group[k - 1] + (run == 1) if k else 0
    same = (group[:, None] == group[None, :]).astype(np.float64)
    pos = u * (len(U13) - 1)
    at = np.minimum(pos.astype(int), len(U13) - 2)
    angle = 0.25 + 0.75 * u**1.5 + rng.uniform(-0.12, 0.12, n)
    length = 1.25 * (0.25 + 0.75 * u**1.2) * rng.uniform(0.75, 1.15, n)
    return Lashes(at, (pos - at)[:, None], length, np.sin(angle), np.cos(angle),
                  same / same.sum(axis=1, keepdims=True))  # fmt: skip


EYE_LASHES = (_lash_set(11), _lash_set(12))
# Points along a lash (quadratic Bezier weights and their derivatives) and its taper.
LASH_T = np.array([0.0, 0.3, 0.6, 1.0])
_B = np.stack([(1 - LASH_T) ** 2, 2 * LASH_T * (1 - LASH_T), LASH_T**2])[:, None, :, None]
_D = np.stack([1 - LASH_T, LASH_T])[:, None, :, None]
LASH_TAPER = ((1 - LASH_T) ** 0.8)[None, :, None]


def _lashes(img: np.ndarray, upper: np.ndarray, i: int, eh: float, closure: float,
            colour: np.ndarray) -> None:  # fmt: skip
    """Upper lashes, a shade darker than the lash line ``colour``: clumped, curved, tapering
    to fine tips, of varied length and denser toward the outer corner. Each leaves the lid
    leaning outward, away from the eye, and curls up to its tip (down as the eye closes)."""
    sx, la = SIGN[i], EYE_LASHES[i]
    x0, y0, x1, y1 = _box(img, upper, 2.0 * eh)
    if x0 >= x1 or y0 >= y1:
        return
    up = -max(0.25, 1 - closure)
    width = max(1.0, eh * 0.1)
    f = la.frac
    root = upper[la.at] * (1 - f) + upper[la.at + 1] * f - [x0, y0]
    root[:, 1] -= 0.5 * width + 0.6  # rooted clear of the eye's white
    length = la.length[:, None] * eh
    tip = root + length * np.stack([sx * la.sin, up * la.cos], 1)
    tip += (la.clump @ tip - tip) * 0.3
    # Bowed outward from the line root to tip, but never back over the eye.
    bend = (root + tip) / 2 + 0.28 * length * np.stack([sx * la.cos, -up * la.sin], 1)
    bend[:, 1] = root[:, 1] + up * np.maximum(up * (bend[:, 1] - root[:, 1]), 0.15 * length[:, 0])
    pts = _B[0] * root[:, None] + _B[1] * bend[:, None] + _B[2] * tip[:, None]
    along = _D[0] * (bend - root)[:, None] + _D[1] * (tip - bend)[:, None]
    normal = along[..., ::-1] * [-1.0, 1.0]
    normal *= 0.5 * width / np.maximum(np.hypot(along[..., :1], along[..., 1:]), 1e-6)
    normal *= LASH_TAPER
    poly = np.concatenate([pts + normal, (pts - normal)[:, ::-1]], 1)
    roi = img[y0:y1, x0:x1]
    layer = roi.copy()
    cv2.fillPoly(layer, list(np.round(poly * ONE).astype(np.int32)), _c(colour * 0.75), AA, SHIFT)
    cv2.addWeighted(layer, 0.7, roi, 0.3, 0, dst=roi)


# --- Nose ----------------------------------------------------------------------------------


def draw_nose(img: np.ndarray, base: Base, st: FaceState) -> None:
    p, s = base.layout.ident, base.size
    skin = base.skin_at(CX + p.nose_w * 1.1, p.nose_y - 0.03)
    nostrils, wings = [], []
    for i in (0, 1):
        sx, wide = SIGN[i], st.nostril_wide[i]
        y = p.nose_y - st.nostril_lift[i]
        # Flaring rounds the openings and swings the wings out; compressing narrows both.
        centre = ((CX + sx * p.nose_w * (0.46 + 0.22 * wide)) * s, (y - 0.005) * s)
        axes = (p.nose_w * 0.24 * (1 + 0.9 * wide) * s, 0.0052 * max(0.3, 1 + 1.6 * wide) * s)
        poly = cv2.ellipse2Poly(
            (int(centre[0] * ONE), int(centre[1] * ONE)),
            (max(1, int(axes[0] * ONE)), max(1, int(axes[1] * ONE))),
            int(sx * 18), 0, 360, 15,
        )  # fmt: skip
        nostrils.append(("fill", poly.astype(np.float64) / ONE, skin * 0.28))
        wing_c = ((CX + sx * p.nose_w * (0.74 + 0.4 * wide)) * s, (y - 0.016) * s)
        wing = cv2.ellipse2Poly(
            (int(wing_c[0] * ONE), int(wing_c[1] * ONE)),
            (int(p.nose_w * 0.36 * (1 + 0.6 * wide) * s * ONE), int(0.017 * s * ONE)),
            0, -100 if sx > 0 else 100, 80 if sx > 0 else 280, 10,
        )  # fmt: skip
        wings.append(("line", wing.astype(np.float64) / ONE, skin * 0.55))
    _soft(img, nostrils, 0.8)
    _soft(img, wings, min(1.0, 0.6 + 0.5 * abs(max(st.nostril_wide, key=abs))))


# --- Mouth ---------------------------------------------------------------------------------


def mouth_curves(base: Base, st: FaceState) -> tuple[dict[str, np.ndarray], float]:
    """The four lip contours (left to right, in pixels) and the opening's height (pixels)."""
    p, s = base.layout.ident, base.size
    side = (T > 0).astype(int)
    out = np.array(st.corner_out)[side]
    down = np.array(st.corner_down)[side]
    sharp = np.array(st.corner_sharp)[side]
    w = 1.0 / (1.0 + np.exp(-T / 0.04))  # share of the person's left in each point
    flatten = st.flatten[0] * (1 - w) + st.flatten[1] * w
    lip_up = st.upper_lip_up[0] * (1 - w) + st.upper_lip_up[1] * w
    x = CX + T * p.mouth_w + np.sign(T) * out * ABS_T**1.5
    bell = 1 - T**2
    line = p.mouth_y + 0.0025 * bell + down * ABS_T ** (2.0 + 3.0 * sharp)
    line = line - p.mouth_tilt * np.clip(T, 0, None) ** 2  # a mouth uneven at rest
    line = line - st.chin_push * bell * (1 - 0.4 * flatten)
    raise_ = lip_up * (1 - ABS_T**2.5)
    follow = np.minimum(raise_, 0.006)
    prof = np.clip(1 - ABS_T**2, 0, 1) ** (0.7 - 0.25 * st.funnel)
    jaw = np.clip(1 - ABS_T**2, 0, 1) ** (0.6 - 0.25 * st.stretch)
    upper_in = line - raise_ - 0.25 * st.gap * prof - (0.12 + 0.1 * st.stretch) * st.jaw * jaw
    lower_in = line - follow + 0.75 * st.gap * prof + 0.88 * st.jaw * jaw
    lower_in = lower_in + st.lower_lip_down * np.clip(1 - ABS_T**2, 0, 1) ** 1.2
    full = 1 + 0.7 * st.pucker + 0.5 * st.funnel
    flat = 1 - 0.45 * flatten
    # Cupid's bow: two peaks either side of a dip over the philtrum, flattened by tightened
    # lips (23).
    bow = 1 + (1 - 0.7 * st.lip_tight) * (
        0.08 * np.exp(-(((ABS_T - 0.2) / 0.1) ** 2)) - 0.2 * np.exp(-((T / 0.08) ** 2))
    )
    top = p.lip_top * (1 - st.thin_top) * full * flat
    # Stretched flat (20), the red thins to a band of more even height, red to the corners.
    blunt = 4.0 * np.clip(flatten - 0.4, 0, None)
    top_shape = np.clip(1 - ABS_T ** (2.4 - 1.0 * st.pucker + blunt), 0, 1) ** 0.6 * bow
    bottom = p.lip_bottom * (1 - st.thin_bottom) * full * flat * (1 + 6 * st.chin_push)
    bottom = bottom * (1 + 0.3 * st.lower_lip_down / 0.03)
    bottom_shape = np.clip(1 - ABS_T ** (2.2 - 0.8 * st.pucker + blunt), 0, 1) ** 0.55
    upper_out = upper_in - top * top_shape
    lower_out = lower_in + bottom * bottom_shape

    def px(y: np.ndarray) -> np.ndarray:
        return np.stack([x, y], 1) * s

    curves = {
        "upper_out": px(upper_out),
        "upper_in": px(upper_in),
        "lower_in": px(lower_in),
        "lower_out": px(lower_out),
    }
    return curves, float((lower_in - upper_in).max() * s)


# Half-widths of the teeth from the midline outward, as fractions of the mouth's half-width.
UPPER_TEETH = (0.15, 0.12, 0.11, 0.1, 0.1, 0.1)
LOWER_TEETH = (0.09, 0.09, 0.1, 0.1, 0.1, 0.1)


def _teeth(
    inside: np.ndarray, centre: float, mw: float, edge: float, length: float, widths, colour
) -> None:
    """A row of teeth from the midline out, their free edges curving back toward the sides
    (``length`` < 0 for teeth hanging from above), shaded darker as they turn away."""
    half = np.asarray(widths) * mw
    x1 = np.cumsum(2 * half)
    x0 = x1 - 2 * half
    back = np.minimum(1.0, (x1 / (1.6 * mw)) ** 2)
    tip = edge + np.sign(length) * 0.12 * mw * back
    root, r, gap = tip + np.sign(length) * 0.3 * half, 0.3 * half, 0.04 * half
    shades = np.asarray(colour, np.float64)[None, :] * (1 - 0.55 * back)[:, None]
    for sx in SIGN:
        a, b = centre + sx * (x0 + gap), centre + sx * (x1 - gap)
        xs = np.stack([a, b, b, b - sx * r, a + sx * r, a], 1)
        ys = np.stack([tip + length, tip + length, root, tip, tip, root], 1)
        teeth = np.round(np.stack([xs, ys], 2) * ONE).astype(np.int32)
        for k, tooth in enumerate(teeth):
            shade = tuple(float(v) for v in shades[k])
            cv2.fillPoly(inside, [tooth], shade, AA, SHIFT)
            cv2.polylines(inside, [tooth[1:]], False, tuple(0.72 * v for v in shade), 1, AA, SHIFT)


def _mouth_inside(img: np.ndarray, base: Base, st: FaceState, c: dict[str, np.ndarray]) -> None:
    p, s = base.layout.ident, base.size
    opening = np.concatenate([c["upper_in"], c["lower_in"][::-1]])
    x0, y0, x1, y1 = _box(img, opening, 2)
    if x0 >= x1 or y0 >= y1:
        return
    off = np.array([x0, y0], np.float64)
    roi = img[y0:y1, x0:x1]
    inside = np.empty_like(roi)
    inside[:] = (62, 22, 26)
    my, mw, jaw = p.mouth_y * s - y0, p.mouth_w * s, st.jaw * s
    cx = CX * s - x0
    # Gums above the upper teeth and below the lower ones, which ride on the jaw and sit
    # behind the upper ones; the tongue lies behind the lower teeth.
    lower_edge, upper_edge = my + 0.002 * s + 0.85 * jaw, my + 0.009 * s
    tongue, gum = (150, 66, 72), (172, 84, 92)
    axes = (int(mw * 0.85 * ONE), int(0.04 * s * ONE))
    for y, colour in ((0.05, tongue), (0.062, gum), (-0.068, gum)):
        centre = (int(cx * ONE), int(((lower_edge if y > 0 else upper_edge) + y * s) * ONE))
        cv2.ellipse(inside, centre, axes, 0, 0, 360, colour, -1, AA, SHIFT)
    _teeth(inside, cx, mw, lower_edge, 0.03 * s, LOWER_TEETH, (214, 206, 192))
    _teeth(inside, cx, mw, upper_edge, -0.036 * s, UPPER_TEETH, (240, 236, 226))
    shade = np.concatenate([c["upper_in"], c["upper_in"][::-1] + [0, LIP_SHADOW * s]])
    _soft(inside, [("fill", shade - off, (90, 60, 60))], 0.55)
    mask = np.zeros(roi.shape[:2], np.uint8)
    cv2.fillPoly(mask, [_fx(opening - off)], 255, AA, SHIFT)
    m = mask.astype(np.float32)[..., None] * (1 / 255)
    roi[:] = (roi * (1 - m) + inside * m).astype(np.uint8)


def _gain(img: np.ndarray, bands: list[tuple[np.ndarray, float]]) -> None:
    """Brighten (gain > 0) or darken the pixels under each polygon by its gain, added up
    where they overlap: light and shade on whatever skin or red lies there."""
    x0, y0, x1, y1 = _box(img, np.concatenate([q for q, _ in bands]), 2)
    if x0 >= x1 or y0 >= y1:
        return
    roi = img[y0:y1, x0:x1]
    off = np.array([x0, y0], np.float64)
    total = np.ones(roi.shape[:2], np.float32)
    mask = np.empty(roi.shape[:2], np.uint8)
    for q, gain in bands:
        mask[:] = 0
        cv2.fillPoly(mask, [_fx(q - off)], 255, AA, SHIFT)
        total += mask * np.float32(gain / 255)
    roi[:] = np.clip(roi * total[..., None], 0, 255).astype(np.uint8)


def _firm_margins(img: np.ndarray, c: dict[str, np.ndarray], roll: float, tight: float) -> None:
    """Tightened lips (23): at each margin the red darkens a little as it rolls in, and the
    skin just outside it catches the light in a roll up to ``roll`` pixels wide that fades
    outward (strongest over the upper lip, which faces the light): a firm edge, no outline."""
    part = ABS_T < 0.9
    taper = (1 - ABS_T[part] ** 2)[:, None]
    bands = []
    for out, inner, sign, light in (("upper_out", "upper_in", -1, 1.0),
                                    ("lower_out", "lower_in", 1, 0.6)):  # fmt: skip
        edge, red = c[out][part], c[inner][part]
        turned = edge + (red - edge) * 0.2
        near = edge + np.array([0.0, sign * 0.4 * roll]) * taper
        wide = edge + np.array([0.0, sign * roll]) * taper
        bands += [
            (np.concatenate([edge, wide[::-1]]), 0.04 * light * tight),
            (np.concatenate([edge, near[::-1]]), 0.05 * light * tight),
            (np.concatenate([edge, turned[::-1]]), -0.1 * tight),
        ]
    _gain(img, bands)


def draw_mouth(img: np.ndarray, base: Base, st: FaceState) -> None:
    p, s = base.layout.ident, base.size
    c, opening = mouth_curves(base, st)
    skin = base.skin_at(CX, p.mouth_y - 0.03)
    # The lower lip casts a soft shadow on the chin below it.
    mid = np.abs(T) < 0.7
    edge = c["lower_out"][mid]
    for k, alpha in ((0.012, 0.18), (0.007, 0.22)):
        drop = edge + [0, k * s * 0.8]
        _soft(
            img,
            [("fill", np.concatenate([edge, drop[::-1]]), skin * 0.62)],
            alpha * (1 - 0.4 * st.lip_tight),
        )  # a tightened lower lip juts out less
    if opening > 0.4:
        _mouth_inside(img, base, st, c)
    lip = np.asarray(p.lips, np.float64)
    upper = np.concatenate([c["upper_out"], c["upper_in"][::-1]])
    lower = np.concatenate([c["lower_in"], c["lower_out"][::-1]])
    _fill(img, upper, lip * 0.8)
    _fill(img, lower, lip)
    inner = np.abs(T) < 0.55
    band_top = c["lower_in"][inner] + (c["lower_out"][inner] - c["lower_in"][inner]) * 0.2
    band_bot = c["lower_in"][inner] + (c["lower_out"][inner] - c["lower_in"][inner]) * 0.55
    band = np.concatenate([band_top, band_bot[::-1]])
    _soft(img, [("fill", band, lip * 1.2 + 25)], 0.45 * (1 - 0.6 * st.lip_tight))
    if st.lip_tight > 0.02:
        _firm_margins(img, c, 0.007 * s, st.lip_tight)
    if st.funnel > 0.05 or st.pucker > 0.05:
        strength = max(st.funnel, st.pucker)
        for k in (-0.45, -0.25, -0.08, 0.1, 0.3, 0.5):
            j = int(np.argmin(np.abs(T - k)))
            for a, b in (("upper_out", "upper_in"), ("lower_in", "lower_out")):
                seg = np.stack([c[a][j] * 0.8 + c[b][j] * 0.2, c[a][j] * 0.2 + c[b][j] * 0.8])
                _soft(img, [("line", seg, lip * 0.7)], 0.4 * strength)
    _soft(img, [("line", c["upper_out"], skin * 1.1 + 10)], 0.35)
    # The mouth line, wherever the lips still meet.
    closed = (c["lower_in"][:, 1] - c["upper_in"][:, 1]) < 0.4
    start = None
    for k in range(len(T) + 1):
        if k < len(T) and closed[k]:
            start = k if start is None else start
        elif start is not None:
            if k - start > 1:
                _line(img, c["upper_in"][start:k], lip * 0.45, max(1, round(s * 0.003)))
            start = None
    # Soft shadows where the lips meet at the corners.
    ends = []
    for k, sign in ((0, -1.0), (-1, 1.0)):
        end = c["upper_in"][k]
        ends.append(("line", np.stack([end - [sign * s * 0.002, 0], end + [sign * s * 0.004, 0]]),
                     lip * 0.35))  # fmt: skip
    _soft(img, ends, 0.4)
