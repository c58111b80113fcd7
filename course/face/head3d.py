"""A head with depth: head positions (51-58), the three-quarter view and lips pushed forward
(18, 22) drawn as a lifted height field seen through a perspective camera.

Each identity's finished frontal frame is the texture of a surface: every pixel is lifted to a
depth (a rounded skull and hair inflated from the silhouette, then brow ridge, eye sockets,
nose ridge and tip, cheekbones, muzzle, lips and chin). Moving the head rotates and shifts that
surface about the neck; each output pixel finds the surface point it sees by marching its
camera ray front to back through the height field (so the nose hides the far cheek and a ray
past the silhouette sees the background), and the skin is relit with the rotated normals.
Where the turn shows more of the surface than the frontal frame had pixels for (the near cheek
and jaw, the jaw's underside, the hair's edge), the colours are spread outward from the parts
the frame shows well and lit anew, so a few edge pixels are not smeared into streaks. The
maps are worked out on a coarse grid and interpolated; a frontal still that does not move costs
nothing extra.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import cv2
import numpy as np

from .base import Base, backdrop
from .movements import HeadMotion
from .relief import AMBIENT, LIGHT
from .shapes import CX, EYE_Y, SIGN

DISTANCE = 3.0  # camera distance from the picture, in image sizes
PIVOT = (CX, 0.58, -0.05)  # the neck joint the head turns about (x, y, depth), behind the ears
SHOULDERS = (
    0.885,
    0.96,
)  # the head (chin included) moves fully above the first height, not at all below
ROUND = 0.2  # radius of the rounded sides of the head and hair, image sizes
NECK = 0.15  # half-width of the neck below the chin, which bends with the head
HAIR_FADE = 0.035  # below the head, beside the neck, the head's move fades out over this
BACK = -0.08  # the deepest a camera ray is marched to, image sizes (it starts before the nose)
FALL = 4.0  # how steeply the surface falls away outside the silhouette
STEPS = 11  # samples along each ray before refining the hit
GAIN_MOST = 2.4  # the most a turned surface is brightened over its frontal light
RELIGHT_LEAST = 0.02  # a change of light smaller than this everywhere is not drawn
RELIGHT_TURN = 1.5  # nor that of a sway of less than this many degrees (under 3% anywhere lit)
# Where a turn stretches the frontal picture more than SIDE_FROM times (the side of the face,
# the jaw's underside, the hair's edge), its few pixels would smear into streaks: the skin
# there is drawn instead from the still layer's colours facing the camera, spread outward,
# and lit anew.
SIDE_FROM, SIDE_RAMP = 1.15, 0.5
SIDE_TRUSTED = (0.05, 0.09)  # distances inside the lower face's outline (image sizes) over
# which its colours become trusted
SIDE_EDGE = 0.012  # the outline's own edge (image sizes), never trusted
SIDE_SCALE = 4  # the spread colours are worked out at this fraction of the size
SIDE_TURN = (2.0, 4.0)  # degrees of turn or tip over which the stretched sides fade in
SIDE_DARKEST = 0.55  # light bounced from the neck and chest keeps the undersides from black
VIEWS = {"frontal": 0.0, "three-quarter": -30.0}  # camera yaw in degrees


@dataclass(frozen=True, eq=False)
class Head:
    """The lifted height field of one identity at one size, and what moving it needs."""

    size: int
    depth: np.ndarray  # float32 pixels toward the camera, per pixel of the frontal frame
    normal: tuple[np.ndarray, np.ndarray, np.ndarray]  # unit surface normal (x, y, z)
    person: np.ndarray  # 1 on the person, 0 on the background (which is not relit)
    not_ears: np.ndarray  # 0 on the ears, which are drawn stretched, never spread over
    spread: np.ndarray  # the skin and hair colours drawn over the stretched sides (_spread)
    pucker: np.ndarray  # how far each pixel moves forward with a lip pucker, pixels at 1
    funnel: np.ndarray  # and with the lips turned out (funneled), pixels at 1
    backdrop: np.ndarray  # RGB uint8 of the background with no one in front of it
    moves: np.ndarray  # 1 where a pixel follows the head, 0 on the shoulders
    mouth: tuple[int, int, int, int]  # the pixels lips pushed forward can change
    columns: tuple[int, int]  # the columns the person's head and hair fill
    front: float  # a depth in front of every part of the head and pushed lips, pixels
    exact: bool = False  # moved exactly each frame (a head changed for one frame: ``lowered``)


def _gauss(z: np.ndarray, s: int, x: float, y: float, sx: float, sy: float, h: float) -> None:
    xs = (np.arange(s, dtype=np.float32) + 0.5) / s
    gx = np.exp(-0.5 * ((xs - x) / sx) ** 2)
    gy = np.exp(-0.5 * ((xs - y) / sy) ** 2)
    z += np.float32(h * s) * np.outer(gy, gx).astype(np.float32)


def _face_relief(base: Base) -> np.ndarray:
    """The features' depth above the rounded head: brows, sockets, nose, cheeks, mouth, chin."""
    p, s, lay = base.layout.ident, base.size, base.layout
    z = np.zeros((s, s), np.float32)
    ny, my, mw = p.nose_y, p.mouth_y, p.mouth_w
    # Nose ridge from its root between the eyes, higher and wider down to the tip.
    ys = (np.arange(s, dtype=np.float32) + 0.5) / s
    root, tip = EYE_Y - 0.03, ny - 0.022
    t = np.clip((ys - root) / (tip - root), 0, 1)[:, None]
    fade = (
        np.clip((ys - (root - 0.04)) / 0.04, 0, 1)[:, None]
        * np.clip((tip - ys) / 0.03 + 1, 0, 1)[:, None]
    )
    width = 0.012 + 0.012 * t
    ridge = (0.012 + 0.05 * t**1.3) * np.exp(-0.5 * ((ys[None, :] - CX) / width) ** 2)
    z += (s * ridge * fade).astype(np.float32)
    _gauss(z, s, CX, tip, 0.02, 0.016, 0.026)  # the tip
    for i in (0, 1):
        sx, ex = SIGN[i], lay.eye_x(i)
        _gauss(z, s, CX + sx * p.nose_w * 0.78, ny - 0.014, 0.014, 0.012, 0.018)  # wings
        _gauss(z, s, ex, EYE_Y - 0.004, 0.046, 0.03, -0.03)  # socket
        _gauss(z, s, ex, EYE_Y + 0.002, 0.028, 0.016, 0.014)  # eyeball
        _gauss(z, s, ex + sx * 0.01, lay.brow_y() - 0.004, 0.05, 0.016, 0.014)  # brow ridge
        _gauss(z, s, CX + sx * 0.14, EYE_Y + 0.075, 0.04, 0.035, 0.016)  # cheekbone
    _gauss(z, s, CX, my - 0.005, mw * 1.25, 0.05, 0.03)  # the muzzle over the teeth
    _gauss(z, s, CX, my - 0.012, mw * 0.8, 0.01, 0.006)  # upper lip
    _gauss(z, s, CX, my + 0.015, mw * 0.7, 0.011, 0.008)  # lower lip
    _gauss(z, s, CX, p.chin_y - 0.045, 0.038, 0.026, 0.022)  # chin
    return z


def _lip_push(base: Base, out: float) -> np.ndarray:
    """Depth added at 1 by lips pushed forward: rounded forward (``out`` 0) or with their
    margins turned outward (``out`` 1, funneled), in pixels."""
    p, s = base.layout.ident, base.size
    z = np.zeros((s, s), np.float32)
    my, mw = p.mouth_y, p.mouth_w
    _gauss(z, s, CX, my, mw * (0.75 + 0.2 * out), 0.03 + 0.01 * out, 0.062 + 0.013 * out)
    if out:  # flared margins: the red rolls outward above and below the opening
        _gauss(z, s, CX, my - p.lip_top - 0.004, mw * 0.7, 0.009, 0.012)
        _gauss(z, s, CX, my + p.lip_bottom + 0.01, mw * 0.7, 0.01, 0.014)
    return z


def _normals(z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    gy, gx = np.gradient(z)
    inv = 1.0 / np.sqrt(gx * gx + gy * gy + 1.0)
    return (-gx * inv).astype(np.float32), (-gy * inv).astype(np.float32), inv.astype(np.float32)


def _diffuse(nx: np.ndarray, ny: np.ndarray, nz: np.ndarray) -> np.ndarray:
    ndl = nx * LIGHT[0] + ny * LIGHT[1] + nz * LIGHT[2]
    return (AMBIENT + (1 - AMBIENT) * np.clip(ndl, 0, 1)).astype(np.float32)


def head_of(base: Base) -> Head:
    """The height field of ``base``'s identity: worked out once per identity and size."""
    s = base.size
    bg = backdrop(base.layout.ident, s)
    # Everything in front of the background: hair, ears, face, neck and clothes.
    fg = (np.abs(base.image.astype(np.float32) - bg).sum(axis=2) > 24).astype(np.uint8)
    fg = cv2.morphologyEx(fg, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    # Rounded sides: a quarter circle from the silhouette in; outside it the surface keeps
    # falling away, so a ray grazing the edge meets background there and not a cliff.
    inside = cv2.distanceTransform(fg, cv2.DIST_L2, cv2.DIST_MASK_PRECISE) / s
    outside = cv2.distanceTransform(1 - fg, cv2.DIST_L2, cv2.DIST_MASK_PRECISE) / s
    u = np.clip(inside / ROUND, 0, 1)
    shell = ROUND * np.sqrt(np.clip(1 - (1 - u) ** 2, 0, None)) ** 0.8 - FALL * outside
    shell = cv2.GaussianBlur(shell.astype(np.float32), (0, 0), 1.5 * s / 320) * s
    ys = (np.arange(s, dtype=np.float32) + 0.5) / s
    lay = base.layout
    hw = lay.half_width(ys)[:, None]
    face = np.clip((hw - np.abs(ys[None, :] - CX)) / 0.03, 0, 1)
    face *= np.clip((lay.ident.chin_y - ys[:, None]) / 0.01, 0, 1)
    # Below the jaw the neck sits well behind the chin.
    neck = np.clip((ys[:, None] - 0.62) / 0.12, 0, 1) * (1 - face)
    depth = shell - neck * 0.09 * s + face * _face_relief(base)
    depth = cv2.GaussianBlur(depth.astype(np.float32), (0, 0), max(0.6, s / 320))
    a, b = SHOULDERS
    t = np.clip((b - ys) / (b - a), 0, 1)[:, None]
    t = t * t * (3 - 2 * t)
    # Below the chin only the neck bends with the head; the shoulders stay where they are.
    neck_cols = np.clip((NECK - np.abs(ys - CX)) / 0.04, 0, 1)[None, :]
    # Beside the neck (long hair) the head's move fades out over a short band, not at a line.
    u = np.clip((ys - a) / HAIR_FADE, 0, 1)[:, None]
    t = np.where(ys[:, None] < a, 1.0, np.maximum(t * neck_cols, 1 - u * u * (3 - 2 * u)))
    nx, ny, nz = _normals(depth)
    person = _inner(fg, s)
    ears = np.zeros((s, s), np.float32)
    for i in (0, 1):  # an ear is a plate seen edge-on: stretched, it is the ear seen wider
        ex, ey, ew, eh = lay.ear(i)
        # Its lower two thirds: hair falls over the top of it.
        centre = round(ex * s), round((ey + eh / 3) * s)
        cv2.ellipse(ears, centre, (round(ew * s), round(eh * s * 2 / 3)), 0, 0, 360, 1, -1)
    ears = cv2.GaussianBlur(ears, (0, 0), max(1.0, s / 240))
    return Head(
        s, depth, (nx, ny, nz), person, 1 - ears,
        _spread(base.image, _trusted(face, neck, inside, person, ys)),
        _lip_push(base, 0.0), _lip_push(base, 1.0), np.clip(bg, 0, 255).astype(np.uint8),
        t.astype(np.float32), _mouth_box(base), _columns(fg, ys),
        float(depth.max() + 0.03 * s),
    )  # fmt: skip


def _trusted(face, neck, inside, person, ys) -> np.ndarray:
    """Where the still layer's colours are trusted to be spread over the stretched sides, at
    1/SIDE_SCALE size: (the lower face, away from its outline; everything else, away from the
    silhouette's edge), and the share of the lower face in each pixel."""
    lo, hi = SIDE_TRUSTED
    s = face.shape[0]
    lower = (face > 0.5) & (ys[:, None] > EYE_Y)
    within = cv2.distanceTransform(lower.astype(np.uint8), cv2.DIST_L2, 3) / s
    on_face = np.clip((within - lo) / (hi - lo), 0, 1)
    # Hair, ears and forehead are trusted nearer the silhouette: hair at the sides is narrow.
    rest = person * np.clip(inside / SIDE_EDGE - 1, 0, 1) * (1 - lower) * (neck < 0.5)
    # The jaw's underside, hidden just below its outline, is skin of the lower face too.
    k = 2 * round(SIDE_EDGE * 2 * s) + 1
    below = cv2.dilate(lower.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    small = (max(2, s // SIDE_SCALE),) * 2
    return np.stack([
        cv2.resize(m.astype(np.float32), small, interpolation=cv2.INTER_AREA)
        for m in (on_face, rest, below)
    ])  # fmt: skip


def lowered(head: Head, rows, cols, grid, dx: np.ndarray, dy: np.ndarray) -> Head:
    """``head`` with its lower face moved as the frame's was (by dx, dy pixels over the box
    ``rows`` x ``cols`` whose pixel grid is ``grid``): a dropped jaw's chin and outline move
    in depth too. Such a head is moved exactly, never from the lattice of turns."""
    (r0, r1), (c0, c1) = rows, cols
    mx, my = grid[0] - dx, grid[1] - dy

    def shifted(field: np.ndarray) -> np.ndarray:
        out = field.copy()
        out[r0:r1, c0:c1] = cv2.remap(
            field, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
        )
        return out

    depth = shifted(head.depth)
    # The normals change only over the box (and the pixel beside it, through the gradient).
    a, b, c, d = max(0, r0 - 1), min(head.size, r1 + 1), max(0, c0 - 1), min(head.size, c1 + 1)
    normal = tuple(n.copy() for n in head.normal)
    for n, part in zip(normal, _normals(depth[a:b, c:d]), strict=True):
        n[r0:r1, c0:c1] = part[r0 - a : r1 - a, c0 - c : c1 - c]
    return replace(
        head, depth=depth, normal=normal, person=shifted(head.person),
        moves=shifted(head.moves), exact=True,
    )  # fmt: skip


def _columns(fg: np.ndarray, ys: np.ndarray) -> tuple[int, int]:
    cols = np.nonzero(fg[ys < SHOULDERS[0]].any(axis=0))[0]
    return int(cols.min()), int(cols.max()) + 1


def _inner(fg: np.ndarray, s: int) -> np.ndarray:
    """1 on the person away from the silhouette's anti-aliased edge and loose strands of hair,
    fading to 0 across them."""
    k = max(3, round(s / 50)) | 1
    fg = cv2.morphologyEx(fg, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    inner = cv2.erode(fg, np.ones((3, 3), np.uint8), iterations=max(1, round(s / 110)))
    return cv2.GaussianBlur(inner.astype(np.float32), (0, 0), max(0.7, s / 320))


def _mouth_box(base: Base) -> tuple[int, int, int, int]:
    p, s = base.layout.ident, base.size
    r = 2.5 * p.mouth_w
    y0, y1 = p.mouth_y - 0.12, p.mouth_y + 0.12
    return int((CX - r) * s), int(y0 * s), int(np.ceil((CX + r) * s)), int(np.ceil(y1 * s))


def rotation(yaw: float, pitch: float, roll: float) -> np.ndarray:
    """The rotation of the head (degrees): yaw turns the nose to the image right, pitch raises
    the chin, roll tips the top of the head to the image right."""
    y, p, r = np.deg2rad([yaw, pitch, roll])
    ry = np.array([[np.cos(y), 0, np.sin(y)], [0, 1, 0], [-np.sin(y), 0, np.cos(y)]])
    rx = np.array([[1, 0, 0], [0, np.cos(p), -np.sin(p)], [0, np.sin(p), np.cos(p)]])
    rz = np.array([[np.cos(r), -np.sin(r), 0], [np.sin(r), np.cos(r), 0], [0, 0, 1]])
    return rz @ ry @ rx


def _sample(field: np.ndarray, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    px = np.ascontiguousarray(px, np.float32)
    py = np.ascontiguousarray(py, np.float32)
    return cv2.remap(field, px, py, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


@dataclass(frozen=True)
class Motion:
    """What one frame asks of the head: its rigid move as the camera sees it (the head's own
    movement with the view's yaw added) and how far the lips push forward."""

    head: HeadMotion = HeadMotion()
    pucker: float = 0.0  # lips pushed forward (pixels of depth at 1, per lip shape)
    funnel: float = 0.0
    around: float = 0.0  # the camera's own yaw (the view), included in ``head.yaw``

    @property
    def turns(self) -> bool:
        return not self.head.is_still


def _grid_step(m: Motion, s: int) -> int:
    h = m.head
    big = max(abs(h.yaw), abs(h.pitch), abs(h.roll))
    return max(2, round(s / (100 if big > 12 else 60 if big > 3 else 40)))


@lru_cache(maxsize=16)
def _pixels(size: int) -> tuple[np.ndarray, np.ndarray]:
    return np.meshgrid(np.arange(size, dtype=np.float32), np.arange(size, dtype=np.float32))


def _box(head: Head, m: Motion) -> tuple[int, int, int, int]:
    """The pixels (x0, y0, x1, y1) a move can change: above the shoulders, or for lips
    pushed forward with the head still, the mouth."""
    s = head.size
    if not m.turns:
        return head.mouth
    h = m.head
    turn = sum(abs(np.sin(np.deg2rad(a))) for a in (h.yaw, h.pitch, h.roll))
    reach = int(s * (0.35 * turn + abs(h.dx) + abs(h.dy) + abs(h.scale - 1) + 0.02))
    c0, c1 = head.columns
    return max(0, c0 - reach), 0, min(s, c1 + reach), min(s, int(np.ceil(SHOULDERS[1] * s)) + 1)


NODE = 5.0  # degrees between the turns whose maps are worked out exactly
SMALL_SHIFT = 0.02  # and no larger a shift (image sizes) or change of scale
_EPS = (1.0, 1.0, 1.0, 0.004, 0.004, 0.01)  # steps for the maps' derivatives, per parameter


def _grid(box: tuple[int, int, int, int], step: int) -> tuple[np.ndarray, np.ndarray]:
    """Output pixels of a coarse grid over ``box`` (its samples land on pixel centres when
    resized to the box)."""
    x0, y0, x1, y1 = box
    nx_, ny_ = max(2, -(-(x1 - x0) // step)), max(2, -(-(y1 - y0) // step))
    sx, sy = (x1 - x0) / nx_, (y1 - y0) / ny_
    qx = (x0 + (np.arange(nx_, dtype=np.float32) + 0.5) * sx - 0.5)[None, :]
    qy = (y0 + (np.arange(ny_, dtype=np.float32) + 0.5) * sy - 0.5)[:, None]
    return qx, qy


def move(img: np.ndarray, head: Head, m: Motion) -> np.ndarray:
    """The frontal frame ``img`` (RGB uint8, changed in place and returned) seen after the
    head moved by ``m``.

    A turn is drawn from the maps of the nearest turn on a lattice of ``NODE`` degrees (worked
    out once per identity and size) and their first derivatives; lips pushed forward, or a
    large shift, or a head changed for this frame are worked out exactly."""
    h = m.head
    small = max(abs(h.dx), abs(h.dy), abs(h.scale - 1)) <= SMALL_SHIFT
    if small and not (m.pucker or m.funnel or head.exact):
        node = tuple(NODE * round(a / NODE) for a in (h.yaw - m.around, h.pitch, h.roll))
        box, step, qx, qy, (rest, hit), slopes, moving = _linear(
            head, m.around + node[0], node[1], node[2]
        )
        amounts = (h.yaw - m.around - node[0], h.pitch - node[1], h.roll - node[2])
        amounts += (h.dx, h.dy, h.scale - 1)
        maps = [r.copy() if moves else r for r, moves in zip(rest, moving, strict=True)]
        for a, slope in zip(amounts, slopes, strict=True):
            if a:
                for map_, d, moves in zip(maps, slope, moving, strict=True):
                    if moves:
                        map_ += np.float32(a) * d
        return _draw(img, head, m, box, step, qx, qy, maps, hit)
    box = _box(head, m)
    step = _grid_step(m, head.size)
    qx, qy = _grid(box, step)
    return _draw(img, head, m, box, step, qx, qy, *_solve(head, m, qx, qy))


@lru_cache(maxsize=256)
def _linear(head: Head, yaw: float, pitch: float, roll: float):
    """The maps of the head turned by (yaw, pitch, roll) over the box a move of up to half a
    lattice step stays in, their change per degree of yaw, pitch and roll, per image size of
    dx and dy, and per unit of scale, and which of them change at all."""
    s = head.size
    node = Motion(HeadMotion(yaw, pitch, roll))
    far = NODE, SMALL_SHIFT, SMALL_SHIFT, 1 + 2.5 * SMALL_SHIFT
    reach = Motion(HeadMotion(abs(yaw) + far[0], abs(pitch) + far[0], abs(roll) + far[0], *far[1:]))
    box, step = _box(head, reach), _grid_step(node, s)
    if max(abs(yaw), abs(pitch), abs(roll)) > 12:
        # A big turn's map is worked out once and reused: a finer grid places the
        # silhouette, which falls between rays that hit and rays that miss, more closely.
        step = max(2, step * 2 // 3)
    qx, qy = _grid(box, step)
    rest = _solve(head, node, qx, qy)
    slopes = []
    for k, eps in enumerate(_EPS):
        ends = []
        for sign in (1, -1):
            values = [yaw, pitch, roll, 0.0, 0.0, 1.0]
            values[k] += sign * eps
            ends.append(_solve(head, Motion(HeadMotion(*values)), qx, qy)[0])
        slopes.append(tuple((a - b) / np.float32(2 * eps) for a, b in zip(*ends, strict=True)))
    # Which maps change with the move at all (the stretched sides do not near a frontal head).
    moving = tuple(any(bool(sl[i].any()) for sl in slopes) for i in range(len(rest[0])))
    return box, step, qx, qy, rest, slopes, moving


def _solve(head: Head, m: Motion, qx: np.ndarray, qy: np.ndarray):
    """For each output pixel of the grid (qx, qy): the frontal pixel (cx, cy) its camera ray
    meets on the moved head, the change of light there, and whether it met the head."""
    s = head.size
    ny_, nx_ = qy.shape[0], qx.shape[1]
    h = m.head
    rot = rotation(h.yaw, h.pitch, h.roll)
    dist = DISTANCE * s
    cam = (s / 2, s / 2, dist)
    pivot = np.array(PIVOT) * s
    # Coming closer (57) or going back (58) is a shift along the camera's axis.
    shift = np.array([h.dx * s, h.dy * s, dist * (1 - 1 / h.scale)])
    # Each output pixel's camera ray, taken into the head's own (resting) frame, as the
    # point at each depth z: x = ax + bx * z, y = ay + by * z.
    inv = rot.T
    o = [float(v) for v in inv @ (np.array(cam) - pivot - shift) + pivot]
    rx, ry, rz = qx - cam[0], qy - cam[1], -dist
    d = [float(inv[i, 0]) * rx + float(inv[i, 1]) * ry + float(inv[i, 2]) * rz for i in range(3)]
    bx, by = (d[0] / d[2]).astype(np.float32), (d[1] / d[2]).astype(np.float32)
    ax, ay = (o[0] - cam[0] - o[2] * bx).astype(np.float32), (o[1] - cam[1] - o[2] * by)
    ay = ay.astype(np.float32)

    def at(z: np.ndarray):
        """The frontal pixel a ray point at depth z would be, and how far below the surface
        the point lies (negative: in front of it)."""
        k = dist / (dist - z)
        px, py = cam[0] + (ax + bx * z) * k, cam[1] + (ay + by * z) * k
        shape = px.shape
        px2, py2 = px.reshape(-1, shape[-1]), py.reshape(-1, shape[-1])
        h = _sample(head.depth, px2, py2)
        if m.pucker:
            h = h + np.float32(m.pucker) * _sample(head.pucker, px2, py2)
        if m.funnel:
            h = h + np.float32(m.funnel) * _sample(head.funnel, px2, py2)
        return px, py, h.reshape(shape) - z

    zs = np.linspace(head.front, BACK * s, STEPS, dtype=np.float32)
    zk = np.broadcast_to(zs[:, None, None], (STEPS, ny_, nx_))
    px, py, f = at(zk)
    behind = f >= 0
    hit = behind.any(axis=0)
    k = np.maximum(np.argmax(behind, axis=0), 1)
    rows, cols = np.indices(k.shape)
    z0, z1 = zs[k - 1], zs[k]
    f0, f1 = f[k - 1, rows, cols], f[k, rows, cols]
    # Refine the crossing between the last point in front and the first behind, twice.
    for _ in range(2):
        zc = (z0 + (z1 - z0) * f0 / np.minimum(f0 - f1, -1e-3)).astype(np.float32)
        _, _, fc = at(zc)
        front = fc < 0
        z0, f0 = np.where(front, zc, z0), np.where(front, fc, f0)
        z1, f1 = np.where(front, z1, zc), np.where(front, f1, fc)
    zc = (z0 + (z1 - z0) * f0 / np.minimum(f0 - f1, -1e-3)).astype(np.float32)
    zc = np.where(hit, zc, zs[-1])  # a ray that misses: where it leaves the marched range
    cx, cy, _ = at(zc)
    # Smooth the maps near the silhouette: where rays graze the head's side, neighbours meet
    # the surface at steps of the march, which would show as a staircase.
    cx, cy = cx.astype(np.float32), cy.astype(np.float32)
    edge = np.clip(2 * (1 - _sample(head.person, cx, cy)), 0, 1)
    for c, q in ((cx, qx), (cy, qy)):
        c += edge * (cv2.GaussianBlur(c - q, (3, 3), 0.6) + q - c)
    # Relight: the diffuse light of the turned normal over that of the normal at rest.
    nx, ny, nz = (_sample(c, cx, cy) for c in head.normal)
    turned = [rot[i, 0] * nx + rot[i, 1] * ny + rot[i, 2] * nz for i in range(3)]
    lit = _diffuse(*turned)
    person = _sample(head.person, cx, cy)
    gain = np.clip(lit / np.maximum(_diffuse(nx, ny, nz), 0.05), 0.45, GAIN_MOST)
    gain = 1 + person * (gain - 1)
    # How much the turn stretches the frontal picture here: the turned surface's share of
    # the view over its share in the frontal frame.
    stretch = np.maximum(turned[2], 0) / np.maximum(nz, 0.05)
    side = np.clip((stretch - SIDE_FROM) / SIDE_RAMP, 0, 1) * hit * _sample(head.moves, cx, cy)
    side *= _sample(head.not_ears, cx, cy)
    # A sway stretches only the outline's last pixel: the sides fade in from SIDE_TURN.
    lo, hi = SIDE_TURN
    side *= np.float32(np.clip((max(abs(h.yaw), abs(h.pitch)) - lo) / (hi - lo), 0, 1))
    solid = np.clip(3 * person, 0, 1)  # stray hair and the outline's edge go bare instead
    side_gain = np.clip(lit / float(_diffuse(*np.float32([0, 0, 1]))), SIDE_DARKEST, 1.2)
    skin, bare = (side * solid).astype(np.float32), (side * (1 - solid)).astype(np.float32)
    maps = (cx, cy, gain.astype(np.float32), skin, bare, side_gain)
    return maps, hit


def _spread(img: np.ndarray, trusted: np.ndarray) -> np.ndarray:
    """The still layer's trusted colours (``_trusted``), small and spread outward over the
    rest of the picture (pull-push: averaged down a pyramid, then filled back up where it had
    none). The stretched sides are far from every moving feature, so this is done once."""
    on_face, rest, lower = trusted
    small = cv2.resize(img, on_face.shape[::-1], interpolation=cv2.INTER_AREA).astype(np.float32)
    face_colour, rest_colour = (_pull_push(small, w) for w in (on_face, rest))
    return (rest_colour + lower[..., None] * (face_colour - rest_colour)).astype(np.float32)


def _pull_push(img: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """``img``'s colours where ``weight`` is 1, filled in elsewhere from the nearest ones."""
    levels = [(img * weight[..., None], weight)]
    while min(levels[-1][1].shape) > 4:
        a, w = levels[-1]
        levels.append((cv2.pyrDown(a), cv2.pyrDown(w)))
    a, w = levels[-1]
    colour = a / np.maximum(w, 1e-4)[..., None]
    for a, w in reversed(levels[:-1]):
        up = cv2.resize(colour, w.shape[::-1], interpolation=cv2.INTER_LINEAR)
        t = np.clip(2 * w, 0, 1)[..., None]
        colour = t * (a / np.maximum(w, 1e-4)[..., None]) + (1 - t) * up
    return colour


def _span(cells: np.ndarray, sx: float, sy: float, w: int, h: int):
    """The rows and columns (r0, r1, c0, c1) of the box covered by the coarse grid's true
    ``cells`` (each sx by sy pixels), or None when there are none."""
    rows, cols = np.nonzero(cells)
    if not len(rows):
        return None
    r0, r1 = int(rows.min() * sy), min(h, int(np.ceil((rows.max() + 1) * sy)))
    c0, c1 = int(cols.min() * sx), min(w, int(np.ceil((cols.max() + 1) * sx)))
    return r0, r1, c0, c1


def _draw(img, head: Head, m: Motion, box, step, qx, qy, maps, hit) -> np.ndarray:
    """Resample ``img`` in ``box`` through the coarse maps, relight it, draw the stretched
    sides from spread colours and let the backdrop show where the head has moved away
    (``hit`` None: a small move, where it does not)."""
    cx, cy, gain, skin, bare, side_gain = maps
    s = head.size
    h_ = m.head
    turned = max(abs(h_.yaw), abs(h_.pitch), abs(h_.roll)) >= RELIGHT_TURN or m.pucker or m.funnel
    x0, y0, x1, y1 = box
    sx, sy = (x1 - x0) / qx.shape[1], (y1 - y0) / qy.shape[0]
    w, h = x1 - x0, y1 - y0
    gx, gy = _pixels(s)
    gx, gy = gx[y0:y1, x0:x1], gy[y0:y1, x0:x1]
    map_x = cv2.add(cv2.resize(cx - qx, (w, h)), gx)
    map_y = cv2.add(cv2.resize(cy - qy, (w, h)), gy)
    relit = turned and float(np.abs(gain - 1).max()) > RELIGHT_LEAST
    gain = cv2.resize(gain, (w, h)) if relit else None
    # A pixel follows the head if it lies on the head and its source does too (a turned
    # head does not carry the shoulders along).
    follow = head.moves[y0:y1, x0:x1] * cv2.resize(_sample(head.moves, cx, cy), (w, h))
    band = np.nonzero(follow.min(axis=1) < 1)[0]
    if len(band):  # the shoulders do not follow the head; the neck bends between
        b0 = band[0]
        f = follow[b0:]
        map_x[b0:] = gx[b0:] + f * (map_x[b0:] - gx[b0:])
        map_y[b0:] = gy[b0:] + f * (map_y[b0:] - gy[b0:])
        if relit:
            gain[b0:] = 1 + f * (gain[b0:] - 1)
    part = cv2.remap(img, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    if relit:
        part = cv2.multiply(part, cv2.merge([gain, gain, gain]), dtype=cv2.CV_8U)
    span = _span(skin + bare > 0.01, sx, sy, w, h)
    if span:  # the stretched sides: spread colours on the person, bare beside it
        r0, r1, c0, c1 = span
        k = head.spread.shape[1] / s
        sub = slice(r0, r1), slice(c0, c1)
        spread = cv2.remap(
            head.spread, (map_x[sub] + 0.5) * k - 0.5, (map_y[sub] + 0.5) * k - 0.5,
            cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE,
        )  # fmt: skip
        a, b, lit = (cv2.resize(m, (w, h))[sub] for m in (skin, bare, side_gain))
        a, b = a * follow[sub], b * follow[sub]  # not on the shoulders, which stay
        spread = cv2.multiply(spread, cv2.merge([lit * a] * 3))
        back = cv2.multiply(head.backdrop[y0:y1, x0:x1][sub], cv2.merge([b] * 3), dtype=cv2.CV_32F)
        keep = cv2.merge([1 - a - b] * 3)
        seen = cv2.multiply(part[sub], keep, dtype=cv2.CV_32F)
        part[sub] = cv2.add(cv2.add(seen, spread), back, dtype=cv2.CV_8U)
    # Where a ray misses the head but the frame showed the person, the background shows.
    gone = None if hit is None else ~hit & (_sample(head.person, qx + 0 * qy, qy + 0 * qx) > 0)
    if gone is not None and gone.any():
        r0, r1, c0, c1 = _span(
            cv2.dilate(gone.astype(np.uint8), np.ones((3, 3), np.uint8)), sx, sy, w, h
        )
        # The coarse grid's edge, softened first so it does not resize into a staircase.
        soft = cv2.GaussianBlur(hit.astype(np.float32), (5, 5), 1.0)
        cover = cv2.resize(soft, (w, h), interpolation=cv2.INTER_CUBIC)[r0:r1, c0:c1]
        cover = np.clip((cover - 0.5) * step / 2.5 + 0.5, 0, 1)
        cover = np.ascontiguousarray(1 - follow[r0:r1, c0:c1] * (1 - cover), np.float32)
        back = head.backdrop[y0 + r0 : y0 + r1, x0 + c0 : x0 + c1]
        seen = np.ascontiguousarray(part[r0:r1, c0:c1])
        part[r0:r1, c0:c1] = cv2.blendLinear(seen, np.ascontiguousarray(back), cover, 1 - cover)
    img[y0:y1, x0:x1] = part
    return img
