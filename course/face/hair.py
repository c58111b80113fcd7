"""Hair, drawn once per identity into the still layer: masses of locks that follow a flow
(swept back from the face, falling from a parting, curling), a soft lumpy silhouette with a
few flyaway strands, a hairline where skin shows through thinning hair, and shading with
volume (roots and gaps between locks darker, a sheen band across the locks)."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .identities import Identity
from .shapes import CX, Layout


@dataclass(frozen=True)
class Look:
    """How one hair style flows and clumps (lengths are fractions of the size)."""

    sweep: float  # strands pointing away from the face (combed back)
    part: float  # strands falling sideways from a parting
    fall: float  # strands falling straight down, more lower on the head
    curl: float  # how far the flow turns back and forth, radians
    length: float  # how far a strand's streak runs
    lumps: float  # how far locks push the silhouette in and out
    lock: float  # size of a lock across its flow


LOOKS = {
    "long": Look(0.5, 1.0, 2.0, 0.12, 0.06, 0.005, 0.007),
    "bob": Look(0.4, 1.0, 1.2, 0.1, 0.05, 0.004, 0.007),
    "short": Look(1.0, 0.0, 0.3, 0.35, 0.016, 0.004, 0.005),
    "coily": Look(1.0, 0.0, 0.0, 2.6, 0.007, 0.003, 0.0035),
    "curly": Look(1.0, 0.0, 0.6, 1.6, 0.02, 0.009, 0.007),
    "bun": Look(1.0, 0.0, 0.0, 0.1, 0.04, 0.002, 0.006),
    "bald": Look(0.15, 0.0, 2.0, 0.2, 0.014, 0.003, 0.004),
}


def noise(shape: tuple[int, ...], rng: np.random.Generator, sigma: float) -> np.ndarray:
    """Gaussian noise blurred by ``sigma`` pixels (none at 0), scaled to unit spread."""
    n = rng.standard_normal(shape).astype(np.float32)
    if sigma > 0:
        n = cv2.GaussianBlur(n, (0, 0), sigma)
    return n / (n.std() + 1e-6)


def _unit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = np.sqrt(x * x + y * y) + 1e-6
    return x / n, y / n


def signed_distance(mask: np.ndarray) -> np.ndarray:
    """Pixels from the edge of a 0/1 mask: positive inside, negative outside."""
    m = (mask > 0.5).astype(np.uint8)
    inside = cv2.distanceTransform(m, cv2.DIST_L2, 3)
    outside = cv2.distanceTransform(1 - m, cv2.DIST_L2, 3)
    return inside - outside


def _rim(sd: np.ndarray, s: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The gradient (y, x) of a mass blurred over a few percent of the size, and how near
    the edge each pixel is (1 at the edge, 0 deep inside or far out): smooth everywhere,
    with no crease along the middle of the mass as a distance field has."""
    sigma = 0.015 * s
    soft = cv2.GaussianBlur((sd > 0).astype(np.float32), (0, 0), sigma)
    gy, gx = np.gradient(soft)
    rim = np.clip(np.hypot(gx, gy) * sigma * 2.5, 0, 1)
    return gy, gx, rim


def flow(
    sd: np.ndarray,
    grid: tuple[np.ndarray, np.ndarray],
    look: Look,
    part_x: float,
    hairline: np.ndarray | None,
    rng: np.random.Generator,
    s: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The direction hair runs at each pixel of a mass with signed distance ``sd`` (pixels);
    ``grid`` holds the pixels' positions (fractions of the size ``s``)."""
    xs, ys = grid
    # Away from the face, sideways from the parting, then down as the hair hangs.
    fx, fy = _unit(xs - CX, ys - 0.45)
    px = np.tanh((xs - part_x) / 0.02)
    hang = look.fall * np.clip((ys - 0.12) / 0.25, 0, 1) ** 1.5
    fx, fy = _unit(look.sweep * fx + look.part * px, look.sweep * fy + 0.3 * look.part + hang)
    # Near the top and sides of the silhouette the hair lies along it, flowing down and
    # outward; under the mass (the ends) it keeps its own direction.
    gy, gx, rim = _rim(sd, s)
    nx, ny = _unit(-gx, -gy)  # outward normal
    tx, ty = -ny, nx
    # Pointing down the sides and away from the parting over the top; right at the top of
    # the parting neither way wins and the hair keeps its own direction.
    score = ty + tx * np.tanh((xs - part_x) / 0.03)
    tx, ty = tx * np.sign(score), ty * np.sign(score)
    near = rim * np.clip(0.5 - ny, 0, 1) / 0.5
    near *= np.clip(np.abs(score) * 3, 0, 1)
    fx, fy = _unit(fx + near * 2.5 * (tx - fx), fy + near * 2.5 * (ty - fy))
    w = 0.0
    if hairline is not None:  # at the hairline the hairs grow up and away from the skin
        gy, gx = np.gradient(cv2.GaussianBlur(hairline, (0, 0), 0.01 * s))
        ux, uy = _unit(gx, gy)
        w = np.exp(-np.clip(hairline, 0, None) / (0.025 * s))
        fx, fy = _unit(fx + w * 2.0 * (ux + 0.4 * fx - fx), fy + w * 2.0 * (uy + 0.4 * fy - fy))
    if look.curl:  # (curls loosen into short straight hairs at the hairline)
        turn = look.curl * (1 - 0.8 * w) * noise(sd.shape, rng, 0.012 * s)
        c, sn = np.cos(turn), np.sin(turn)
        fx, fy = c * fx - sn * fy, sn * fx + c * fy
    return fx.astype(np.float32), fy.astype(np.float32)


def streaks(tex: np.ndarray, fx: np.ndarray, fy: np.ndarray, length: float) -> np.ndarray:
    """Smear textures (H, W, C) along the flow's streamlines, about ``length`` pixels each
    way: white noise becomes strands, blotches become locks. Short steps first, then longer
    ones over the already smooth result, so the smear has no beat pattern."""
    grid = np.mgrid[0 : tex.shape[0], 0 : tex.shape[1]].astype(np.float32)
    dirs = np.dstack([fx, fy])
    h, reach = 1.0, 0.0
    while reach < length:
        acc, total = tex.copy(), 1.0
        for way in (1.0, -1.0):
            py, px = grid[0].copy(), grid[1].copy()
            for k in range(3):
                d = cv2.remap(dirs, px, py, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
                px += way * h * d[..., 0]
                py += way * h * d[..., 1]
                w = 1.0 - (k + 1) / 4
                acc += w * cv2.remap(tex, px, py, cv2.INTER_LINEAR,
                                     borderMode=cv2.BORDER_REFLECT)  # fmt: skip
                total += w
        tex = acc / total
        reach += 3 * h
        h *= 3
    return tex


def _normalised(a: np.ndarray, where: np.ndarray) -> np.ndarray:
    v = a[where]
    return (a - v.mean()) / (v.std() + 1e-6) if v.size else a


def _thin(density: np.ndarray, strand: np.ndarray) -> np.ndarray:
    """How much hair covers a pixel where the hair's ``density`` (0 to 1) thins out: single
    strands reach on further than others, with skin between them, and grow fainter."""
    reach = np.clip(0.5 + 0.6 * strand, 0, 1)
    return np.clip(density * 1.9 - (1 - reach) * 0.9, 0, 1) * (0.55 + 0.45 * density)


def _joined(alpha: np.ndarray, s: int) -> np.ndarray:
    """``alpha`` without the specks and thin spikes of hair off the mass: a lock's tip has
    to stay attached and solid, or it floats (and a turned head drags it into a streak)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats((alpha > 0.3).astype(np.uint8), 8)
    big = stats[:, cv2.CC_STAT_AREA] >= 0.0003 * s * s
    big[0] = False  # the background
    square = np.ones((3, 3), np.uint8)  # (thin spikes off the edge go too)
    body = cv2.dilate(
        cv2.morphologyEx(big[labels].astype(np.uint8), cv2.MORPH_OPEN, square), square
    )
    return alpha * body


@dataclass
class Mass:
    """One mass of hair to draw: its outline mask and, in front, the forehead it stops at."""

    mask: np.ndarray  # 0/1, the mass before its edge is broken up
    look: Look
    part_x: float = CX
    hairline: np.ndarray | None = None  # signed distance from the hairline, + in the hair
    fade: np.ndarray | None = None  # 1 where the hair is full, less where it thins out
    ends: float = 0.0  # how much the bottom edge breaks into lock ends
    rises: bool = True  # hairs at the hairline point away from the skin (not on a fringe)


def _box(mask: np.ndarray, pad: int) -> tuple[slice, slice]:
    rows, cols = np.nonzero(mask.max(axis=1) > 0.5)[0], np.nonzero(mask.max(axis=0) > 0.5)[0]
    s0, s1 = mask.shape
    return (slice(max(0, rows[0] - pad), min(s0, rows[-1] + pad + 1)),
            slice(max(0, cols[0] - pad), min(s1, cols[-1] + pad + 1)))  # fmt: skip


def draw(
    img: np.ndarray, ident: Identity, lay: Layout, mass: Mass, seed: int, dim: float = 1.0
) -> None:
    """Draw a hair mass over ``img`` (float RGB) in place, then a few flyaway strands."""
    s = img.shape[0]
    box = _box(mass.mask, int(0.05 * s))
    sd = signed_distance(mass.mask[box])
    hl = None if mass.hairline is None else mass.hairline[box]
    ys, xs = np.mgrid[box].astype(np.float32)
    grid = ((xs + 0.5) / s, (ys + 0.5) / s)
    rng = np.random.default_rng(seed)
    look = mass.look
    fx, fy = flow(sd, grid, look, mass.part_x, hl if mass.rises else None, rng, s)
    shape = sd.shape
    tex = np.dstack([
        noise(shape, rng, 0.7),  # single strands
        noise(shape, rng, 0.7),  # a second strand colour (grey, highlights)
        noise(shape, rng, look.lock * s * 0.5),  # locks
        noise(shape, rng, look.lock * s * 1.4),  # broad clumps
    ]).astype(np.float32)  # fmt: skip
    tex = streaks(tex, fx, fy, look.length * s)
    body = sd > -0.03 * s
    strand = _normalised(tex[..., 0], body)
    strand2 = _normalised(tex[..., 1], body)
    clumps = _normalised(tex[..., 3], body)
    locks = _normalised(tex[..., 2] + 0.6 * tex[..., 3], body)

    # The silhouette: locks push the edge in and out, strands fray it over a pixel or two.
    gy, gx, _ = _rim(sd, s)
    across = np.abs(fx * gx + fy * gy) / (np.hypot(gx, gy) + 1e-6)  # 1: strands end at the edge
    edge = sd + look.lumps * s * np.tanh(0.8 * locks) + 0.7 * strand * (1 - 0.7 * across)
    if mass.ends:  # lock ends along the bottom edge: longer and shorter locks
        gy, gx, rim = _rim(sd, s)
        down = np.clip(-gy / (np.hypot(gx, gy) + 1e-6) * 2.5 - 1.5, 0, 1) * rim
        edge += mass.ends * s * np.tanh(locks) * down
    alpha = _joined(np.clip(edge / 1.6 + 0.5, 0, 1), s)
    fine = None
    if hl is not None:
        # Thinning toward the forehead: the hair gets sparser and fainter over a few pixels
        # so skin shows through, and single short hairs stand out at the edge.
        band = 0.02 * s * (1 - 0.6 * np.clip((grid[1] - 0.26) / 0.08, 0, 1))  # narrow at the sides
        d = np.clip((hl + 0.2 * band * clumps) / band, 0, 1)
        alpha *= _thin(d, strand)
        fine = (hl > -0.003 * s) & (hl < 0.5 * band) & (sd > 0) & (rng.random(shape) < 0.05)
    if mass.fade is not None:
        f = mass.fade[box]
        alpha *= _thin(f, strand)

    # Volume: darker toward the roots and the turning-away edge, darker in the gaps under
    # locks, a soft sheen band across the locks.
    xs, ys = grid
    # (the volume rounds away at the outer silhouette, not at the hairline)
    outer = sd if hl is None else signed_distance(np.maximum(mass.mask[box], hl < 0))
    tone = 0.74 + 0.26 * np.clip(outer / (0.05 * s), 0, 1) ** 0.7
    base = np.asarray(ident.hair, np.float32) * dim
    lum = float(base.mean())
    depth = 1 - 0.6 * lum / 255  # light hair scatters light into its gaps: less contrast
    tone = tone * (1 - depth * (0.2 - 0.2 * np.tanh(1.2 * locks))) * (
        1 + depth * 0.16 * np.tanh(strand))  # fmt: skip
    if hl is not None:
        tone *= 0.82 + 0.18 * np.clip(hl / (0.03 * s), 0, 1)
    if look.part:  # the parting: roots show as a darker line
        tone *= 1 - 0.3 * np.exp(-(((xs - mass.part_x) / 0.005) ** 2)) * np.clip(
            (0.2 - ys) / 0.08, 0, 1) * (hl is not None)  # fmt: skip
    q = np.sqrt(((xs - CX) / (lay.skull_w + 0.04)) ** 2 + ((ys - 0.3) / 0.27) ** 2)
    sheen = np.exp(-(((q - 0.76) / 0.08) ** 2)) * np.clip(1.2 - 1.5 * ys, 0, 1)
    sheen = sheen * np.clip(0.3 + 0.7 * np.tanh(locks), 0, 1) * (0.7 + 0.3 * np.tanh(strand))
    spread = (0.26 if ident.age >= 50 else 0.1) * (0.5 + 0.5 * depth)  # grey: mixed strands
    tone = tone * (1 + spread * np.tanh(0.8 * strand2))
    colour = base * tone[..., None]
    gloss = (48.0 - 0.12 * lum) * dim
    colour += (gloss * sheen)[..., None] * (0.55 * base + 0.45 * 255.0) / 255.0
    a = alpha[..., None]
    img[box] = img[box] * (1 - a) + colour * a
    if fine is not None:
        gx, gy = fx, fy
        if hl is not None:  # single hairs grow out of the skin, whatever the curl above
            gy, gx = np.gradient(cv2.GaussianBlur(hl, (0, 0), 0.01 * s))
            gx, gy = _unit(_unit(gx, gy)[0] + 0.5 * fx, _unit(gx, gy)[1] + 0.5 * fy)
        _fine_hairs(img[box], base * 0.92, fine, gx, gy, s, rng)


def _fine_hairs(
    img: np.ndarray,
    colour: np.ndarray,
    where: np.ndarray,
    fx: np.ndarray,
    fy: np.ndarray,
    s: int,
    rng: np.random.Generator,
) -> None:
    """Short single hairs at the thin edge of the hair, each growing along the flow."""
    ys, xs = np.nonzero(where)
    if len(xs) == 0:
        return
    n = len(xs)
    hx, hy = fx[ys, xs], fy[ys, xs]
    length = rng.uniform(0.004, 0.012, n) * s
    bend = rng.normal(0, 0.25, n)
    t = np.linspace(0, 1, 4)[None, :]
    ang = bend[:, None] * t
    c, sn = np.cos(ang), np.sin(ang)
    dx, dy = c * hx[:, None] - sn * hy[:, None], sn * hx[:, None] + c * hy[:, None]
    px = xs[:, None] + 0.5 + np.cumsum(dx, 1) * length[:, None] / 4
    py = ys[:, None] + 0.5 + np.cumsum(dy, 1) * length[:, None] / 4
    lines = np.round(np.stack([px, py], 2) * 16).astype(np.int32)
    layer = np.zeros(img.shape[:2], np.float32)
    strength = rng.integers(0, 3, n)
    for k in range(3):
        cv2.polylines(layer, list(lines[strength == k]), False, 0.18 + 0.1 * k, 1, cv2.LINE_AA, 4)
    a = np.minimum(layer, 0.6)[..., None]
    img[:] = img * (1 - a) + colour * a


def flyaways(img: np.ndarray, ident: Identity, mask: np.ndarray, count: int, seed: int) -> None:
    """A few loose strands leaving the top and sides of the silhouette, each a faint thin
    curve arcing out and down."""
    s = img.shape[0]
    rng = np.random.default_rng(seed)
    sd = cv2.GaussianBlur(signed_distance(mask), (0, 0), 0.01 * s)
    gy, gx = np.gradient(sd)
    rows, cols = np.mgrid[0:s, 0:s].astype(np.float32)
    outward = -gx * (cols - CX * s) - gy * (rows - 0.4 * s) > 0
    rim = (np.abs(sd) < 1.0) & outward & (rows < 0.2 * s)
    ys, xs = np.nonzero(rim)
    if len(xs) == 0:
        return
    layer = np.zeros((s, s), np.float32)
    for k in rng.integers(0, len(xs), count):
        x, y = float(xs[k]), float(ys[k])
        nx, ny = _unit(-gx[ys[k], xs[k]], -gy[ys[k], xs[k]])
        side = 1.0 if x > CX * s else -1.0
        hx, hy = _unit(0.5 * nx + 0.8 * side, 0.5 * ny + 0.2)
        bend = rng.normal(0, 0.15) + side * 0.12
        pts = [(x - 6 * hx, y - 6 * hy)]
        for _ in range(int(rng.integers(4, 8))):
            c, sn = np.cos(bend), np.sin(bend)
            hx, hy = _unit(c * hx - sn * hy, sn * hx + c * hy + 0.05)
            x, y = x + hx * s * 0.005, y + hy * s * 0.005
            pts.append((x, y))
        line = np.round(np.array(pts) * 16).astype(np.int32)
        cv2.polylines(layer, [line], False, float(rng.uniform(0.25, 0.45)), 1, cv2.LINE_AA, 4)
    colour = np.asarray(ident.hair, np.float32) * 1.05
    a = layer[..., None]
    img[:] = img * (1 - a) + colour * a
