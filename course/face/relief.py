"""Skin relief: a height field of the face, lit, and the wrinkles and bulges each action adds.

The neutral face is a lit height field; every action's wrinkles, furrows and bulges are a change
of that height field, turned once into a multiplicative shading map (per identity, size, layer
and side) that a frame scales by the action's amount.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from .shapes import CX, EYE_Y, SIGN, Layout, bezier, curve, gaussian, groove

LIGHT = np.array([-0.3, -0.5, 0.81]) / np.linalg.norm([-0.3, -0.5, 0.81])
HALF = (LIGHT + [0, 0, 1]) / np.linalg.norm(LIGHT + [0, 0, 1])
AMBIENT = 0.3
SHINE = 45.0  # brightness (0-255) a bulge turned fully into the highlight gains


def lighting(h: np.ndarray, size: int, hollows: float = 0.25) -> tuple[np.ndarray, np.ndarray]:
    """Diffuse shade (1.0 on a surface facing the viewer) and specular of a height field;
    ``hollows`` darkens its hollows (creases) as well, by how sharply they curve."""
    gy, gx = np.gradient(h)
    inv = 1.0 / np.sqrt(gx * gx + gy * gy + 1.0)
    ndl = (-gx * LIGHT[0] - gy * LIGHT[1] + LIGHT[2]) * inv
    shade = AMBIENT + (1 - AMBIENT) * np.clip(ndl, 0, 1) / LIGHT[2]
    lap = cv2.Laplacian(h, cv2.CV_32F, ksize=3) * (size / 320.0)
    shade = shade * (1.0 - hollows * np.clip(lap, 0, 2.0))
    ndh = (-gx * HALF[0] - gy * HALF[1] + HALF[2]) * inv
    spec = np.clip(ndh, 0, 1) ** 30
    return shade.astype(np.float32), spec.astype(np.float32)


def neutral_height(lay: Layout, size: int) -> np.ndarray:
    """The resting face as a height map in pixels: dome, sockets, nose, lips, chin, lines."""
    p = lay.ident
    ys = (np.arange(size, dtype=np.float64) + 0.5) / size
    hw = lay.half_width(ys)[:, None]
    dx = np.abs(ys[None, :] - CX)
    z = 0.2 * np.clip(1 - (dx / np.maximum(hw, 1e-3)) ** 2, 0, 1) ** 0.55
    # The skull curves back above the brows: an ellipsoid cap over the forehead.
    cap = np.sqrt(np.clip(1 - (np.clip(0.42 - ys, 0, None) / 0.37) ** 2, 0, 1))[:, None]
    # Near its outline the face rounds away, under the chin as at the sides.
    inside = np.zeros((size, size), np.uint8)
    cv2.fillPoly(inside, [np.round(lay.outline() * size).astype(np.int32)], 1)
    edge = cv2.distanceTransform(inside, cv2.DIST_L2, 5) / (0.07 * size)
    edge = np.sqrt(1 - (1 - np.clip(edge, 0, 1)) ** 2)
    low = np.clip((ys[:, None] - 0.5) / 0.2, 0, 1)
    edge = 1 + (edge - 1) * low * low * (3 - 2 * low)
    edge = cv2.GaussianBlur(edge.astype(np.float32), (0, 0), 0.004 * size)
    h = (size * z * (0.55 + 0.45 * cap) * (0.5 + 0.5 * edge)).astype(np.float32)
    ny, my, mw = p.nose_y, p.mouth_y, p.mouth_w
    by = lay.brow_y()
    # Nose ridge: narrow at the root, wider toward the tip.
    yy = ys[:, None]
    span = np.clip((yy - (EYE_Y - 0.03)) / (ny - 0.02 - (EYE_Y - 0.03)), 0, 1)
    span = span * span * (3 - 2 * span)
    width = 0.016 + 0.01 * span
    top = np.clip((yy - (EYE_Y - 0.07)) / 0.04, 0, 1)
    bottom = np.clip((ny + 0.004 - yy) / 0.012, 0, 1)
    inside = top * top * (3 - 2 * top) * bottom * bottom * (3 - 2 * bottom)
    ridge = 0.014 * (0.45 + 0.55 * span) * np.exp(-((ys[None, :] - CX) ** 2) / (2 * width**2))
    h += (size * ridge * inside).astype(np.float32)
    gaussian(h, size, CX, ny - 0.022, 0.017, 0.016, 0.02)
    gaussian(h, size, CX, EYE_Y - 0.022, 0.02, 0.016, -0.006)
    for i in (0, 1):
        sx, ex = SIGN[i], lay.eye_x(i)
        gaussian(h, size, ex, EYE_Y - 0.006, 0.048, 0.03, -0.024)
        gaussian(h, size, ex, EYE_Y + 0.002, 0.03, 0.016, 0.009)
        gaussian(h, size, ex + sx * 0.012, by - 0.006, 0.055, 0.013, 0.01)
        if p.full_lids:  # skin hanging from the brow fills the hollow above the lid
            gaussian(h, size, ex - sx * 0.006, EYE_Y - 0.018, 0.042, 0.013, 0.012 * p.full_lids)
        gaussian(h, size, CX + sx * 0.145, EYE_Y + 0.078, 0.05, 0.035, 0.013)
        gaussian(h, size, CX + sx * 0.1, 0.6, 0.045, 0.05, 0.008)
        gaussian(h, size, CX + sx * 0.215, 0.37, 0.03, 0.05, -0.01)
        gaussian(h, size, CX + sx * p.nose_w * 0.78, ny - 0.013, 0.013, 0.011, 0.014)
        gaussian(h, size, CX + sx * 0.008, (ny + my) / 2 - 0.004, 0.005, 0.012, 0.0012)
        groove(h, size, _nasolabial(lay, i, 0.0), 0.001 + 0.0035 * p.nasolabial, 0.0045)
        if p.crows_feet:
            _crows_feet(h, size, lay, i, 0.0022 * p.crows_feet, spread=0.8)
        if p.bags:
            _bags(h, size, lay, i, p.bags * 0.7)
        if p.glabella:
            groove(h, size, [(CX + sx * 0.013, by - 0.012), (CX + sx * 0.011, by + 0.016)],
                   0.0028 * p.glabella, 0.0022)  # fmt: skip
    gaussian(h, size, CX, my - 0.012, mw * 0.9, 0.016, 0.008)
    gaussian(h, size, CX, my + 0.013, mw * 0.75, 0.012, 0.009)
    groove(h, size, curve((CX - 0.03, my + p.lip_bottom + 0.02), (CX + 0.03, my + p.lip_bottom
           + 0.02), -0.004), 0.002, 0.006)  # fmt: skip
    gaussian(h, size, CX, p.chin_y - 0.045, 0.04, 0.028, 0.014)
    for k in range(3 if p.forehead_lines else 0):
        y = by - 0.045 - 0.022 * k
        line = curve(
            (CX - 0.12 + 0.01 * k, y + 0.006), (CX + 0.12 - 0.012 * k, y + 0.006), -0.01, 13
        )
        wavy = [(x, y + 0.0018 * np.sin(31 * x + 2.1 * k)) for x, y in line]
        groove(h, size, wavy, 0.0018 * p.forehead_lines, 0.0032)
    return h


def _nasolabial(lay: Layout, i: int, shift: float) -> list[tuple[float, float]]:
    """The nasolabial fold from beside the nostril wing, bowing outward, to past the corner."""
    p, sx = lay.ident, SIGN[i]
    a = (CX + sx * (p.nose_w + 0.006), p.nose_y - 0.022)
    b = (CX + sx * (p.mouth_w + 0.02 + shift), p.mouth_y + 0.03)
    ctrl = (CX + sx * (p.mouth_w + 0.03 + shift), p.nose_y + 0.012)
    return bezier(a, ctrl, b)


def _crows_feet(h: np.ndarray, size: int, lay: Layout, i: int, depth: float, spread: float):
    sx = SIGN[i]
    ox = lay.eye_x(i) + sx * (lay.ident.eye_w + 0.008)
    for ang in (-0.5, 0.0, 0.45):
        a = ang * spread
        end = (ox + sx * 0.03 * np.cos(a), EYE_Y + 0.03 * np.sin(a))
        mid = (ox + sx * 0.016 * np.cos(a * 0.7), EYE_Y + 0.016 * np.sin(a * 0.7) - 0.002)
        groove(h, size, bezier((ox, EYE_Y + 0.002 * ang), mid, end, 6), depth, 0.003)


def _bags(h: np.ndarray, size: int, lay: Layout, i: int, strength: float):
    sx, ex = SIGN[i], lay.eye_x(i)
    arc = curve((ex - sx * 0.03, EYE_Y + 0.026), (ex + sx * 0.04, EYE_Y + 0.026), 0.01)
    groove(h, size, arc, 0.003 * strength, 0.0042)
    gaussian(h, size, ex + sx * 0.004, EYE_Y + 0.022, 0.03, 0.007, 0.006 * strength)


# --- Relief layers: what each action adds to the height field, per side -------------------


def _l1(h, c, s, lay, i):
    by = lay.brow_y()
    for k in range(3):
        y = by - 0.04 - 0.022 * k
        groove(c, s, curve((CX - 0.066 + 0.008 * k, y), (CX + 0.066 - 0.008 * k, y), -0.008),
               0.0026, 0.0026)  # fmt: skip
    gaussian(h, s, CX + SIGN[i] * 0.04, by - 0.018, 0.018, 0.01, 0.004)


def _l2(h, c, s, lay, i):
    sx, by = SIGN[i], lay.brow_y()
    for k in range(3):
        y = by - 0.04 - 0.02 * k
        a, b = (CX + sx * 0.07, y - 0.004), (CX + sx * 0.165, y + 0.012 - 0.003 * k)
        groove(h, s, curve(a, b, -0.005), 0.003, 0.0022)


def _l4(h, c, s, lay, i):
    sx, by = SIGN[i], lay.brow_y()
    groove(h, s, [(CX + sx * 0.016, by - 0.014), (CX + sx * 0.012, by + 0.02)], 0.0045, 0.0024)
    groove(h, s, [(CX + sx * 0.03, by - 0.008), (CX + sx * 0.022, by + 0.016)], 0.002, 0.002)
    gaussian(h, s, CX + sx * 0.032, by + 0.004, 0.016, 0.01, 0.007)
    gaussian(h, s, lay.eye_x(i) - sx * 0.006, by + 0.024, 0.034, 0.009, 0.006)
    groove(c, s, [(CX - 0.012, EYE_Y - 0.018), (CX + 0.012, EYE_Y - 0.018)], 0.0018, 0.002)


def _l6(h, c, s, lay, i, cheek: float = 1.0):
    sx, ex = SIGN[i], lay.eye_x(i)
    _crows_feet(h, s, lay, i, 0.0034, spread=1.0)
    _bags(h, s, lay, i, 1.0)
    p = lay.ident
    gaussian(h, s, CX + sx * 0.12, EYE_Y + 0.066, 0.042, 0.026, 0.026 * cheek)
    groove(h, s, curve((ex + sx * 0.02, EYE_Y + 0.06), (ex + sx * 0.07, EYE_Y + 0.03), 0.004),
           0.002 * cheek, 0.004)  # fmt: skip
    lower = bezier((CX + sx * (p.nose_w + 0.006), p.nose_y - 0.026),
                   (CX + sx * 0.1, EYE_Y + 0.115), (CX + sx * 0.17, EYE_Y + 0.1))  # fmt: skip
    groove(h, s, lower, 0.0022 * cheek**2, 0.006)


def _l7(h, c, s, lay, i):
    ex = lay.eye_x(i)
    gaussian(h, s, ex, EYE_Y + 0.017, 0.03, 0.0045, 0.004)
    groove(h, s, curve((ex - 0.025, EYE_Y + 0.024), (ex + 0.025, EYE_Y + 0.024), 0.002), 0.0009,
           0.0028)  # fmt: skip


def _l46(h, c, s, lay, i):
    _l6(h, c, s, lay, i, cheek=0.4)


def _l9(h, c, s, lay, i):
    sx, p = SIGN[i], lay.ident
    for k in range(3):
        y = EYE_Y + 0.008 + 0.011 * k
        groove(c, s, curve((CX - 0.016, y), (CX + 0.016, y), 0.003, 5), 0.0034, 0.0017)
    for k in range(2):
        a = (CX + sx * 0.014, EYE_Y + 0.024 + 0.014 * k)
        groove(h, s, [a, (CX + sx * 0.032, EYE_Y + 0.05 + 0.012 * k)], 0.003, 0.0018)
    gaussian(h, s, CX + sx * p.nose_w * 0.8, p.nose_y - 0.03, 0.013, 0.012, 0.01)
    top, bottom = (
        (CX + sx * (p.nose_w + 0.004), p.nose_y - 0.028),
        (CX + sx * (p.nose_w + 0.016), p.nose_y + 0.02),
    )
    groove(h, s, curve(top, bottom, 0.0), 0.004, 0.0035)
    gaussian(h, s, lay.eye_x(i) - sx * 0.012, EYE_Y + 0.036, 0.025, 0.01, 0.004)


def _l10(h, c, s, lay, i):
    sx, p = SIGN[i], lay.ident
    nl = curve((CX + sx * (p.nose_w + 0.004), p.nose_y - 0.022),
               (CX + sx * (p.mouth_w + 0.008), p.mouth_y - 0.004), 0.0)  # fmt: skip
    groove(h, s, nl, 0.005, 0.004)
    gaussian(h, s, CX + sx * (p.nose_w + 0.03), p.nose_y - 0.004, 0.02, 0.02, 0.008)


def _l11(h, c, s, lay, i):
    sx, p = SIGN[i], lay.ident
    nl = curve((CX + sx * (p.nose_w + 0.01), p.nose_y - 0.008),
               (CX + sx * (p.mouth_w + 0.016), p.mouth_y + 0.006), 0.0)  # fmt: skip
    groove(h, s, nl, 0.007, 0.0035)
    gaussian(h, s, CX + sx * (p.nose_w + 0.03), p.nose_y + 0.004, 0.016, 0.018, 0.006)


def _l12(h, c, s, lay, i):
    sx, p = SIGN[i], lay.ident
    # The nasolabial furrow deepens and bows out around the raised corner, under a cheek
    # that is pushed up and out.
    nl = bezier((CX + sx * (p.nose_w + 0.006), p.nose_y - 0.02),
                (CX + sx * (p.mouth_w + 0.045), p.nose_y + 0.012),
                (CX + sx * (p.mouth_w + 0.022), p.mouth_y + 0.028))  # fmt: skip
    groove(h, s, nl, 0.0075, 0.0045)
    gaussian(h, s, CX + sx * (p.mouth_w + 0.058), p.mouth_y - 0.05, 0.03, 0.03, 0.028)
    gaussian(h, s, CX + sx * (p.mouth_w + 0.008), p.mouth_y - 0.002, 0.005, 0.006, -0.004)


def _l12_cheek(h, c, s, lay, i):
    """A broad smile pushes the cheek up and bags the skin under the eye, without 6's
    crow's-feet."""
    sx, ex = SIGN[i], lay.eye_x(i)
    _bags(h, s, lay, i, 0.8)
    gaussian(h, s, CX + sx * 0.12, EYE_Y + 0.07, 0.042, 0.026, 0.022)
    groove(h, s, curve((ex - sx * 0.02, EYE_Y + 0.05), (ex + sx * 0.04, EYE_Y + 0.045), 0.006),
           0.0016, 0.004)  # fmt: skip


def _l13(h, c, s, lay, i):
    sx, p = SIGN[i], lay.ident
    # The cheek puffs out, round, above and beside the sharply raised corner; a soft
    # furrow on its inner side.
    gaussian(h, s, CX + sx * (p.mouth_w + 0.03), p.mouth_y - 0.032, 0.036, 0.032, 0.042)
    nl = curve((CX + sx * (p.nose_w + 0.012), p.nose_y - 0.004),
               (CX + sx * (p.mouth_w + 0.006), p.mouth_y - 0.014), 0.004)  # fmt: skip
    groove(h, s, nl, 0.0022, 0.004)


def _l14(h, c, s, lay, i):
    sx, p = SIGN[i], lay.ident
    # A pit just beyond the tightened corner, a crease curving around it, skin bunched outside.
    x, y = CX + sx * (p.mouth_w + 0.001), p.mouth_y
    gaussian(h, s, x, y, 0.005, 0.009, -0.01)
    groove(h, s, bezier((x, y - 0.016), (x + sx * 0.008, y), (x, y + 0.016), 7), 0.0035, 0.002)
    gaussian(h, s, x + sx * 0.013, y, 0.01, 0.016, 0.006)


def _l15(h, c, s, lay, i):
    sx, p = SIGN[i], lay.ident
    x = CX + sx * p.mouth_w
    gaussian(h, s, x + sx * 0.004, p.mouth_y + 0.034, 0.015, 0.013, 0.008)
    groove(h, s, [(x + sx * 0.004, p.mouth_y + 0.014), (x + sx * 0.016, p.mouth_y + 0.046)],
           0.003, 0.0025)  # fmt: skip


def _l16(h, c, s, lay, i):
    p = lay.ident
    gaussian(c, s, CX, p.mouth_y + 0.045, 0.03, 0.012, 0.005)


def _l17(h, c, s, lay, i):
    p = lay.ident
    # The chin boss bulges up and forward (the lower face's warp lifts it further) under a
    # deepened mentolabial furrow arched like the pushed-up lower lip.
    gaussian(c, s, CX, p.chin_y - 0.05, 0.042, 0.03, 0.03)
    fold = p.mouth_y + p.lip_bottom + 0.004
    w = p.chin_w + 0.014
    furrow = bezier((CX - w, fold + 0.02), (CX, fold - 0.016), (CX + w, fold + 0.02), 15)
    groove(c, s, furrow, 0.006, 0.0045)
    gaussian(c, s, CX, fold + 0.012, 0.04, 0.008, 0.006)  # the skin bunched below it


def _t17(t, s, lay):
    """The chin boss's skin dimples softly and irregularly, like orange peel."""
    p = lay.ident
    top = p.mouth_y + p.lip_bottom + 0.024
    _orange_peel(t, s, (CX, (top + p.chin_y) / 2), (p.chin_w * 0.95, (p.chin_y - top) / 2),
                 0.003, seed=17)  # fmt: skip


def _orange_peel(h, s, centre, radii, depth: float, seed: int) -> None:
    """Soft, shallow, irregular dimples over an ellipse, fading to its rim: smooth noise of
    one scale (a few hundredths of the size across), its hollows rounder and deeper than
    its ridges, fixed in face units so that every size shows the same pattern."""
    (x, y), (rx, ry) = centre, radii
    cell = 0.002  # the noise grid, as a fraction of the size
    n = (int(2 * rx / cell) + 12, int(2 * ry / cell) + 12)
    field = np.random.default_rng(seed).standard_normal((n[1], n[0])).astype(np.float32)
    field = cv2.GaussianBlur(field, (0, 0), 2.0) - cv2.GaussianBlur(field, (0, 0), 4.5)
    field /= field.std()
    x0, y0 = int((x - n[0] * cell / 2) * s), int((y - n[1] * cell / 2) * s)
    w, hgt = int(n[0] * cell * s), int(n[1] * cell * s)
    field = cv2.resize(field, (w, hgt), interpolation=cv2.INTER_CUBIC)
    gx = ((np.arange(x0, x0 + w) + 0.5) / s - x) / rx
    gy = ((np.arange(y0, y0 + hgt) + 0.5) / s - y) / ry
    env = np.clip(1 - gy[:, None] ** 2 - gx[None, :] ** 2, 0, 1)
    h[y0 : y0 + hgt, x0 : x0 + w] += (depth * s) * env * (field - 0.35 * np.abs(field))


def _perioral(c, s, lay, depth: float):
    p = lay.ident
    for k, x in enumerate((-0.042, -0.027, -0.011, 0.013, 0.028, 0.04)):
        top = p.mouth_y - p.lip_top * 0.7 - 0.004
        length = 0.008 + 0.004 * (k % 3)
        groove(c, s, [(CX + x * 1.1, top - length), (CX + x * 0.8, top)], depth, 0.003)
        bot = p.mouth_y + p.lip_bottom * 0.7 + 0.004
        groove(c, s, [(CX + x * 0.8, bot), (CX + x * 1.05, bot + length * 0.8)], depth, 0.003)


def _l18(h, c, s, lay, i):
    _perioral(c, s, lay, 0.0009)
    gaussian(c, s, CX, lay.ident.mouth_y, 0.03, 0.025, 0.01)


def _l8(h, c, s, lay, i):
    _perioral(c, s, lay, 0.0008)
    gaussian(c, s, CX, lay.ident.mouth_y, 0.03, 0.02, 0.005)


def _l20(h, c, s, lay, i):
    sx, p = SIGN[i], lay.ident
    x = CX + sx * (p.mouth_w + 0.038)
    groove(h, s, curve((x, p.mouth_y - 0.018), (x + sx * 0.006, p.mouth_y + 0.022), 0.0), 0.0022,
           0.0025)  # fmt: skip
    gaussian(h, s, x - sx * 0.008, p.mouth_y + 0.012, 0.02, 0.03, -0.004)


def _l23(h, c, s, lay, i):
    p = lay.ident
    # Tightened lips: the skin just above and below the narrowed red bunches into low,
    # soft bulges (the firm margins themselves are drawn with the lips).
    gaussian(c, s, CX, p.mouth_y - p.lip_top * 0.75, p.mouth_w * 0.6, 0.007, 0.006)
    gaussian(c, s, CX, p.mouth_y + p.lip_bottom * 0.75, p.mouth_w * 0.55, 0.007, 0.006)


def _l24(h, c, s, lay, i):
    p = lay.ident
    # Soft rolls of skin pressed out above and below the lips, as wide as the mouth.
    gaussian(c, s, CX, p.mouth_y - p.lip_top - 0.012, 0.05, 0.016, 0.02)
    gaussian(c, s, CX, p.mouth_y + p.lip_bottom + 0.015, 0.046, 0.016, 0.02)
    for i_side in (-1, 1):
        gaussian(c, s, CX + i_side * (p.mouth_w + 0.004), p.mouth_y, 0.006, 0.01, 0.006)


def _l27(h, c, s, lay, i):
    gaussian(h, s, CX + SIGN[i] * 0.1, 0.64, 0.035, 0.045, -0.012)


def _l28(h, c, s, lay, i):
    p = lay.ident
    for y in (p.mouth_y - p.lip_top - 0.004, p.mouth_y + p.lip_bottom + 0.005):
        groove(c, s, curve((CX - p.mouth_w * 0.8, y), (CX + p.mouth_w * 0.8, y), 0.0), 0.0025,
               0.004)  # fmt: skip


def _l38(h, c, s, lay, i):
    sx, p = SIGN[i], lay.ident
    gaussian(h, s, CX + sx * (p.nose_w * 0.95 + 0.008), p.nose_y - 0.012, 0.01, 0.012, 0.016)
    wing = CX + sx * (p.nose_w + 0.011)
    groove(h, s, curve((wing, p.nose_y - 0.03), (wing, p.nose_y - 0.002), 0.0, 5), 0.004, 0.003)


def _l39(h, c, s, lay, i):
    sx, p = SIGN[i], lay.ident
    gaussian(h, s, CX + sx * p.nose_w * 0.85, p.nose_y - 0.016, 0.01, 0.012, -0.014)
    wing = CX + sx * p.nose_w * 0.72
    groove(h, s, curve((wing, p.nose_y - 0.028), (wing, p.nose_y - 0.006), 0.0, 5), 0.003, 0.0025)


Layer = Callable[[np.ndarray, np.ndarray, int, Layout, int], None]
LAYERS: dict[str, Layer] = {
    "1": _l1, "2": _l2, "4": _l4, "6": _l6, "7": _l7, "8": _l8, "9": _l9, "10": _l10,
    "11": _l11, "12": _l12, "12c": _l12_cheek, "13": _l13, "14": _l14, "15": _l15,
    "16": _l16, "17": _l17, "18": _l18, "20": _l20, "23": _l23, "24": _l24, "27": _l27,
    "28": _l28, "38": _l38, "39": _l39, "46": _l46,
}  # fmt: skip
# Fine grain of the midline's skin (height, size, layout), shaded light and dark alike and
# without sheen, so that it reads as the surface's texture rather than as pits.
Texture = Callable[[np.ndarray, int, Layout], None]
TEXTURES: dict[str, Texture] = {"17": _t17}


@dataclass(frozen=True)
class ReliefMap:
    """A multiplicative shading change over a box: pixel *= 1 + amount * delta."""

    x0: int
    y0: int
    delta: np.ndarray
    shine: np.ndarray | None = None  # added brightness where a bulge catches the light


def relief_map(
    layer: str, side: int, lay: Layout, size: int, h0: np.ndarray, mask: np.ndarray
) -> ReliefMap | None:
    """The shading change of one layer on one side of one face, cropped to where it acts."""
    own = np.zeros((size, size), np.float32)
    central = np.zeros((size, size), np.float32)
    LAYERS[layer](own, central, size, lay, side)
    grain = np.zeros((size, size), np.float32)
    if layer in TEXTURES:
        TEXTURES[layer](grain, size, lay)
    # The midline's relief is lit whole and its shading shared out between the two sides
    # (splitting its height would cut a cliff down the middle); this side's own relief is
    # lit on top of it. Each side's map covers only where its share shows.
    u = (np.arange(size, dtype=np.float32) + 0.5) / size - CX
    share = (1.0 / (1.0 + np.exp(-SIGN[side] * u / 0.006)))[None, :]
    ys, xs = np.nonzero(np.abs(own) + (np.abs(central) + np.abs(grain)) * share > 0.02)
    if len(ys) == 0:
        return None
    pad = 3
    y0, y1 = max(0, ys.min() - pad), min(size, ys.max() + pad + 1)
    x0, x1 = max(0, xs.min() - pad), min(size, xs.max() + pad + 1)
    box = (slice(y0, y1), slice(x0, x1))
    window = share[:, x0:x1]
    base = h0[box]
    mid = base + central[box]
    shade0, spec0 = lighting(base, size)
    shade1, spec1 = lighting(mid, size) if central[box].any() else (shade0, spec0)
    shade2, spec2 = lighting(mid + own[box], size) if own[box].any() else (shade1, spec1)
    delta = window * (shade1 / np.maximum(shade0, 0.05) - 1.0)
    delta += shade2 / np.maximum(shade1, 0.05) - 1.0
    # Creases read as dark lines; let the lit side of a fold brighten only a little.
    delta = np.where(delta > 0, 0.4 * delta, 0.75 * delta)
    if layer in TEXTURES:  # fine grain, shaded light and dark alike and without sheen
        flat, _ = lighting(mid + own[box], size, hollows=0.08)
        grained, _ = lighting(mid + own[box] + grain[box], size, hollows=0.08)
        delta += 0.6 * window * (grained / np.maximum(flat, 0.05) - 1.0)
    delta *= mask[box]
    # A bulge's sheen: it shows on every skin, the darkest too.
    sheen = window * np.clip(spec1 - spec0, 0, None) + np.clip(spec2 - spec1, 0, None)
    shine = SHINE * sheen * mask[box]
    return ReliefMap(
        int(x0), int(y0), delta.astype(np.float32),
        shine.astype(np.float32) if shine.max() > 0.5 else None,
    )  # fmt: skip
