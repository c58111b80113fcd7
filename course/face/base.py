"""The still part of a face, drawn once per identity and size: background, hair, ears, neck,
and the lit skin with its resting lines. Frames start from a copy of it."""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from . import hair
from .identities import Identity
from .relief import ReliefMap, lighting, neutral_height, relief_map
from .shapes import CX, SIGN, Layout


@dataclass(frozen=True)
class LowerFace:
    """A block of the lower face and how far each of its pixels follows each movement."""

    rows: tuple[int, int]
    cols: tuple[int, int]
    grid: tuple[np.ndarray, np.ndarray]  # pixel coordinates of the block (x, y)
    jaw: np.ndarray  # 1 on the chin, less toward the jaw angles, 0 above the mouth
    corners: tuple[np.ndarray, np.ndarray]  # skin around each mouth corner
    chin: np.ndarray  # the chin boss (17)
    below_lip: np.ndarray  # skin under the lower lip (16)


def _lower_face(ident: Identity, s: int) -> LowerFace:
    my, mw = ident.mouth_y, ident.mouth_w
    r0, r1 = int((my - 0.11) * s), s
    reach = ident.jaw_w + 0.05
    c0, c1 = max(0, int((CX - reach) * s) - 1), min(s, int((CX + reach) * s) + 2)
    ys = (np.arange(r0, r1, dtype=np.float32) + 0.5)[:, None] / s
    xs = (np.arange(c0, c1, dtype=np.float32) + 0.5)[None, :] / s
    # The jaw turns about the ear: the chin drops most, the jaw angles least.
    wy = np.clip((ys - (my - 0.006)) / 0.08, 0, 1)
    wy = wy * wy * (3 - 2 * wy) * np.clip(1 - (ys - ident.chin_y) / 0.1, 0, 1)
    dx = np.abs(xs - CX)
    wx = np.clip((reach - dx) / 0.05, 0, 1) * (1 - 0.55 * np.clip(dx / reach, 0, 1) ** 2)

    def bump(x: float, y: float, sx: float, sy: float) -> np.ndarray:
        return np.exp(-(((xs - x) / sx) ** 2 + ((ys - y) / sy) ** 2) / 2).astype(np.float32)

    corners = tuple(bump(CX + SIGN[i] * mw, my, 0.04, 0.036) for i in (0, 1))
    grid = np.meshgrid(np.arange(c0, c1, dtype=np.float32), np.arange(r0, r1, dtype=np.float32))
    return LowerFace(
        (r0, r1), (c0, c1), (grid[0], grid[1]), (wy * wx).astype(np.float32),
        (corners[0], corners[1]), bump(CX, ident.chin_y - 0.055, 0.05, 0.04),
        bump(CX, my + 0.05, 0.04, 0.025),
    )  # fmt: skip


@dataclass
class Base:
    """A neutral face without its moving features, plus what frames need to draw on it."""

    layout: Layout
    size: int
    image: np.ndarray  # RGB uint8
    height: np.ndarray  # skin height field, pixels
    mask: np.ndarray  # 1 on the face skin
    warp: LowerFace  # how the skin of the lower face follows the jaw, lips and chin
    reliefs: dict[tuple[str, int], ReliefMap | None] = field(default_factory=dict)

    def relief(self, layer: str, side: int) -> ReliefMap | None:
        key = (layer, side)
        if key not in self.reliefs:
            self.reliefs[key] = relief_map(
                layer, side, self.layout, self.size, self.height, self.mask
            )
        return self.reliefs[key]

    def skin_at(self, x: float, y: float) -> np.ndarray:
        """The base colour at a point (fractions of the size), as floats."""
        s = self.size
        return self.image[min(s - 1, int(y * s)), min(s - 1, int(x * s))].astype(np.float32)


def _poly_mask(size: int, points: np.ndarray, blur: float = 0.0) -> np.ndarray:
    m = np.zeros((size, size), np.uint8)
    cv2.fillPoly(m, [np.round(points * size * 16).astype(np.int32)], 255, cv2.LINE_AA, 4)
    out = m.astype(np.float32) / 255.0
    if blur > 0:
        out = cv2.GaussianBlur(out, (0, 0), blur * size)
    return out


def _blend(img: np.ndarray, colour: np.ndarray, alpha: np.ndarray) -> None:
    a = alpha[..., None]
    img[:] = img * (1 - a) + colour * a


def _noise(size: int, seed: int, sigma: float) -> np.ndarray:
    """Square noise of ``size`` pixels blurred by ``sigma`` image sizes (at least half a pixel)."""
    return hair.noise((size, size), np.random.default_rng(seed), max(0.5, sigma * size))


def _hair_outline(lay: Layout, volume: float, bottom: float) -> np.ndarray:
    """Outline of the hair mass around the skull, from one temple over the top to the other."""
    ys = np.linspace(bottom, 0.06, 40)
    hw = np.where(ys > 0.3, lay.skull_w, lay.half_width(ys))
    lift = volume * np.clip((0.3 - ys) / 0.24, 0, 1)
    left = np.stack([CX - hw - volume, ys - lift], 1)
    top = np.array([[CX, 0.06 - volume]])
    right = left[::-1].copy()
    right[:, 0] = 2 * CX - right[:, 0]
    return np.concatenate([left, top, right])


def _hairline(lay: Layout, index: int, sideburn: float) -> np.ndarray:
    """The front hairline, from the right temple (image right) across to the left one: the
    temples recede more with age on men, some people have a widow's peak, the two sides
    differ a little."""
    p = lay.ident
    hy, dw = p.hairline_y, lay.skull_w - 0.236
    rng = np.random.default_rng(9000 + index)
    recess = (0.01 + 0.0006 * (p.age - 20)) if p.sex == "m" else 0.004 + 0.0002 * (p.age - 20)
    peak = rng.uniform(0.0, 0.012)
    xs = np.linspace(0.0, 0.205, 24)
    ys = np.interp(xs, [0.0, 0.06, 0.12, 0.17, 0.205], [hy + 0.006, hy + 0.002, hy + 0.016,
                   hy + 0.045, hy + 0.09])  # fmt: skip
    halves = []
    for side in (1.0, -1.0):
        r = recess * rng.uniform(0.8, 1.2)
        y = ys - r * np.exp(-(((xs - 0.15) / 0.04) ** 2)) + peak * np.exp(-((xs / 0.018) ** 2))
        y = y + 0.003 * np.sin(xs * rng.uniform(60, 90) + rng.uniform(0, 6))
        tail = np.array([(0.222 + dw, 0.36), (0.228 + dw, 0.43 + sideburn),
                         (0.25 + dw, 0.44 + sideburn)])  # fmt: skip
        half = np.concatenate([np.stack([xs, y], 1), tail])
        halves.append(np.stack([CX + side * half[:, 0], half[:, 1]], 1))
    return np.concatenate([halves[0][::-1], halves[1][1:]])


def backdrop(ident: Identity, size: int) -> np.ndarray:
    """The background behind the person (float RGB): lighter at the top and the middle."""
    ys = (np.arange(size, dtype=np.float32) + 0.5) / size
    grad = (1.04 - 0.14 * ys)[:, None, None] * (1.0 - 0.1 * np.abs(ys - 0.5))[None, :, None]
    return np.asarray(ident.background, np.float32) * grad


def build_base(ident: Identity, index: int, size: int) -> Base:
    """Draw the still layer of one identity at one size."""
    lay = Layout(ident)
    s = size
    ys = (np.arange(s, dtype=np.float32) + 0.5) / s
    xs = ys.copy()
    img = backdrop(ident, s)
    skin = np.asarray(ident.skin, np.float32)
    style = ident.hair_style
    look = hair.LOOKS[style]
    if style in ("long", "bob", "curly"):
        bottom = {"long": 0.98, "bob": 0.74, "curly": 0.6}[style]
        back = _hair_outline(lay, 0.045, bottom)
        back = np.concatenate([back, [[CX + 0.16, bottom], [CX - 0.16, bottom]]])
        mass = hair.Mass(
            _poly_mask(s, back[:-2]),
            look,
            CX + 0.04,
            ends={"long": 0.02, "bob": 0.008}.get(style, 0.005),
        )
        hair.draw(img, ident, lay, mass, 6000 + index, dim=0.8)
    if style == "bun":
        m = np.zeros((s, s), np.float32)
        cv2.circle(m, (int(CX * s * 16), int(0.072 * s * 16)), int(0.058 * s * 16), 1.0, -1,
                   cv2.LINE_AA, 4)  # fmt: skip
        hair.draw(img, ident, lay, hair.Mass(m, hair.LOOKS["curly"]), 6000 + index, dim=0.85)

    # Neck and clothes.
    jw = ident.jaw_w
    neck = np.array([[CX - jw * 0.62, 0.66], [CX + jw * 0.62, 0.66], [CX + 0.13, 1.01],
                     [CX - 0.13, 1.01]])  # fmt: skip
    neck_shade = (0.72 + 0.1 * np.clip((ys - ident.chin_y) / 0.12, 0, 1))[:, None, None]
    neck_shade = neck_shade * (1 - 0.25 * np.abs(xs - CX)[None, :, None] / 0.13)
    _blend(img, skin * neck_shade, _poly_mask(s, neck))
    clothes = np.array([[CX - 0.5, 1.1], [CX - 0.42, 0.95], [CX - 0.14, 0.92], [CX, 1.0],
                        [CX + 0.14, 0.92], [CX + 0.42, 0.95], [CX + 0.5, 1.1]])  # fmt: skip
    _blend(img, np.asarray(ident.clothes, np.float32) * (1.1 - 0.3 * ys[:, None, None]),
           _poly_mask(s, clothes))  # fmt: skip

    # Ears.
    for i in (0, 1):
        sx, (ex, ey, ew, eh) = SIGN[i], lay.ear(i)
        ear = cv2.ellipse2Poly((int(ex * s * 16), int(ey * s * 16)),
                               (int(ew * s * 16), int(eh * s * 16)), int(sx * 8), 0, 360, 10)  # fmt: skip
        _blend(img, skin * 0.82, _poly_mask(s, ear / 16.0 / s))
        inner = cv2.ellipse2Poly((int((CX + sx * (lay.skull_w + 0.007)) * s * 16), int(0.48 * s * 16)),
                                 (int(0.012 * s * 16), int(0.036 * s * 16)), int(sx * 8), 0, 360,
                                 10)  # fmt: skip
        _blend(img, skin * 0.62, _poly_mask(s, inner / 16.0 / s, 0.004))

    # Face skin, lit.
    mask = _poly_mask(s, lay.outline())
    h = neutral_height(lay, s)
    shade, spec = lighting(h, s)
    # Light bounced from around the head lifts the skin turning away at the outline, so
    # the edge does not end in a dark drawn-looking rim.
    inside = cv2.distanceTransform((mask > 0.5).astype(np.uint8), cv2.DIST_L2, 3)
    rim = np.clip(1 - inside / (0.02 * s), 0, 1) ** 2
    shade = shade + np.clip(0.62 - shade, 0, None) * rim
    tex = 1.0 + 0.035 * _noise(s, 2000 + index, 0.03) + 0.018 * _noise(s, 3000 + index, 0.0015)
    # Skin in shadow is warmer and more saturated than lit skin.
    lit = np.clip(0.9 * shade * tex, 0.05, None)[..., None]
    colour = skin[None, None, :] * lit ** np.array([0.85, 1.0, 1.15], np.float32)
    blush = np.zeros((s, s), np.float32)
    for i in (0, 1):
        gy = np.exp(-(((ys - 0.56) / 0.05) ** 2))
        gx = np.exp(-(((xs - (CX + SIGN[i] * 0.13)) / 0.05) ** 2))
        blush += np.outer(gy, gx)
    redden = np.array([1.03, 0.9, 0.9], np.float32)
    colour *= 1 + (redden - 1) * 0.7 * blush[..., None]
    gloss = 16.0 + 12.0 * (ident.age < 40)
    colour += (gloss * spec)[..., None]
    if ident.stubble:
        beard = np.zeros((s, s), np.float32)
        beard_pts = np.array([[CX - jw - 0.02, 0.6], [CX - ident.mouth_w - 0.035, 0.64],
                              [CX - ident.mouth_w - 0.01, ident.nose_y + 0.012],
                              [CX + ident.mouth_w + 0.01, ident.nose_y + 0.012],
                              [CX + ident.mouth_w + 0.035, 0.64], [CX + jw + 0.02, 0.6],
                              [CX + jw, 0.9], [CX - jw, 0.9]])  # fmt: skip
        beard = _poly_mask(s, beard_pts, 0.012)
        dots = np.clip(_noise(s, 4000 + index, 0.0012), 0, None)
        dark = 1 - ident.stubble * 0.35 * beard * (0.6 + 0.25 * dots)
        colour *= dark[..., None]
        colour += (ident.stubble * 10 * beard)[..., None] * np.array([-0.5, 0, 0.6], np.float32)
    _blend(img, colour, mask)

    # Hair in front of the skull.
    if style == "bald":
        # A fringe over the ears and round the back, thinning out at its edges.
        patch = np.zeros((s, s), np.float32)
        w = lay.skull_w
        for sx in SIGN:
            side = np.array([[CX + sx * (w + 0.012), 0.28], [CX + sx * (w + 0.016), 0.37],
                             [CX + sx * (w + 0.01), 0.455], [CX + sx * (w - 0.006), 0.45],
                             [CX + sx * (w - 0.022), 0.39], [CX + sx * (w - 0.016), 0.32],
                             [CX + sx * (w - 0.002), 0.285]])  # fmt: skip
            patch = np.maximum(patch, _poly_mask(s, side))
        grow = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * round(0.01 * s) + 1,) * 2)
        fade = np.clip((ys - 0.28) / 0.04, 0, 1) * np.clip((0.46 - ys) / 0.03, 0, 1)
        fringe = hair.Mass(cv2.dilate(patch, grow), look, hairline=hair.signed_distance(patch),
                           fade=(0.75 * fade[:, None] * np.ones((1, s))).astype(np.float32), rises=False)  # fmt: skip
        hair.draw(img, ident, lay, fringe, 7000 + index)
    else:
        volume = {"curly": 0.04, "long": 0.03, "bob": 0.03}.get(style, 0.018)
        low = 0.42 + 0.06 * (style in ("long", "bob"))
        outer = _hair_outline(lay, volume, low)
        sideburn = 0.06 * (ident.sex == "m")
        line = _hairline(lay, index, sideburn)
        left = outer[: len(outer) // 2 + 1]
        right = outer[len(outer) // 2 :]
        front = _poly_mask(s, np.concatenate([left, right, line]))
        # The mass runs a little past the hairline; the hairline itself is where the hair
        # thins out to skin.
        cap = _poly_mask(s, np.concatenate([outer, line[[0, -1]] + [0.0, 0.4]]))
        grow = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * round(0.02 * s) + 1,) * 2)
        cover = np.minimum(cv2.dilate(front, grow), cap)
        forehead = -hair.signed_distance(np.clip(cap - front, 0, 1))
        fade = np.clip((low + sideburn + 0.01 - ys) / 0.07, 0, 1)[:, None] * np.ones((1, s))
        part = CX + (0.04 if style in ("long", "bob") else 0.0)
        mass = hair.Mass(cover, look, part, forehead, fade.astype(np.float32))
        hair.draw(img, ident, lay, mass, 7000 + index)
        hair.flyaways(
            img,
            ident,
            cover,
            (style != "coily") * (6 + 6 * (style in ("long", "curly"))),
            8000 + index,
        )
    image = np.clip(img, 0, 255).astype(np.uint8)
    return Base(lay, s, image, h, mask, _lower_face(ident, s))
