"""An outside observer of the synthetic faces: feature positions measured from pixels only.

Nothing here reads the renderer's landmarks or identity table. Features are found the way a
person would find them in a still: the white of each eye (bright, colourless), the pupil and
iris (the darkest spot inside it), the brows (a band darker than the forehead's own skin), the
lip red (redder and pinker than the skin around it), the nostrils (dark spots under the nose)
and the face's silhouette against the background. Search windows are fixed fractions of the
image, the same for every face. Positions are fractions of the image size; sides are indexed
0 = the person's right (image left), 1 = the person's left (image right).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

SIDES = (0, 1)
SIGN = (-1.0, 1.0)
RED = 0.38  # lipness of the lip red's edge


def _lum(img: np.ndarray) -> np.ndarray:
    f = img.astype(np.float32)
    return 0.299 * f[..., 0] + 0.587 * f[..., 1] + 0.114 * f[..., 2]


def _win(img: np.ndarray, x0: float, y0: float, x1: float, y1: float):
    s = img.shape[0]
    a, b, c, d = int(x0 * s), int(y0 * s), int(np.ceil(x1 * s)), int(np.ceil(y1 * s))
    return img[b:d, a:c], a, b


def _span(side: int, near: float, far: float) -> tuple[float, float]:
    """Image x range of a band ``near`` .. ``far`` from the midline on one side."""
    a, b = 0.5 + SIGN[side] * near, 0.5 + SIGN[side] * far
    return min(a, b), max(a, b)


def _whiteness(img: np.ndarray) -> np.ndarray:
    """0 .. 1: how much a pixel looks like the white of an eye (bright and colourless)."""
    f = img.astype(np.float32)
    low, chroma = f.min(axis=2), f.max(axis=2) - f.min(axis=2)
    return np.clip((low - 130) / 40, 0, 1) * np.clip((50 - chroma) / 20, 0, 1)


def _lipness(img: np.ndarray) -> np.ndarray:
    """How much redder and pinker than green a pixel is, for its brightness."""
    f = img.astype(np.float32)
    return (f[..., 0] + f[..., 2] - 2 * f[..., 1]) / (_lum(img) + 8.0)


@dataclass
class Eye:
    top: float  # upper lid margin beside the iris
    bottom: float  # lower lid margin beside the iris
    iris_x: float  # pupil / iris centre
    iris_y: float
    white: float  # area of visible white, fraction of the image area
    white_left: float  # white in the image's left of the iris minus white to its right
    white_below: float  # white showing below the iris minus above it, at the iris
    beside: list[int]  # the window columns where the lid margins were measured

    @property
    def opening(self) -> float:
        return self.bottom - self.top

    @property
    def iris_in_opening(self) -> float:
        """Iris height within the opening: 0 at the upper lid, 1 at the lower lid."""
        return (self.iris_y - self.top) / max(self.opening, 1e-6)


def eye(img: np.ndarray, side: int, beside: list[int] | None = None) -> Eye | None:
    """The open eye on one side, or None when no white shows (closed). The lid margins are
    measured in the columns ``beside`` (window columns; by default those either side of the
    iris), so that a posed face can be measured where its neutral face was."""
    s = img.shape[0]
    x0, x1 = _span(side, 0.035, 0.165)
    roi, ox, oy = _win(img, x0, 0.39, x1, 0.5)
    wness = _whiteness(roi)
    white = wness > 0.5
    if white.sum() < 3:
        return None
    cols = np.nonzero(white.any(axis=0))[0]
    c0, c1 = cols.min(), cols.max()
    # The iris is the dark gap in the white: weight each column by how dark it is there.
    dark = np.clip(70.0 - _lum(roi), 0, None) ** 2
    rows = np.nonzero(white.any(axis=1))[0]
    r0, r1 = rows.min() + 1, rows.max() + 1  # below the lid margin's dark line
    pad = int(0.02 * s)  # about an iris radius, for an iris pressed into a corner
    a0, a1 = max(0, c0 - pad), min(roi.shape[1], c1 + pad + 1)
    band = dark[r0:r1, a0:a1]
    if band.sum() <= 0:
        return None
    yy, xx = np.mgrid[r0:r1, a0:a1]
    ix = float((band * xx).sum() / band.sum())
    iy = float((band * yy).sum() / band.sum())
    # Lid margins: the white's extent in the columns either side of the iris.
    if beside is None:
        beside = [int(c) for c in cols if 0.25 * (c1 - c0) < abs(c - ix) < 0.45 * (c1 - c0)]
    beside = [c for c in beside if white[:, c].any()] or [int(c) for c in cols]
    # To a fraction of a pixel: a margin pixel the lid half covers is half white.
    tops, bottoms = [], []
    for c in beside:
        rows_c = np.nonzero(white[:, c])[0]
        a, b = rows_c.min(), rows_c.max()
        tops.append(a - (wness[a - 1, c] if a > 0 else 0.0))
        bottoms.append(b + 1 + (wness[b + 1, c] if b + 1 < len(wness) else 0.0))
    # The white left showing on each side of the iris, and above and below it.
    k = int(round(ix))
    near = white[:, max(0, k - 1) : k + max(2, int(0.006 * s))]
    rows_w = np.nonzero(near.any(axis=1))[0]
    above = float((rows_w < iy).sum()) / s
    below = float((rows_w > iy).sum()) / s
    return Eye(
        (oy + float(np.mean(tops))) / s,
        (oy + float(np.mean(bottoms))) / s,
        (ox + ix + 0.5) / s,
        (oy + iy + 0.5) / s,
        float(white.sum()) / s**2,
        float(white[:, :k].sum() - white[:, k + 1 :].sum()) / s**2,
        below - above,
        beside,
    )


@dataclass
class Brow:
    inner_y: float  # height of the inner part of the brow
    outer_y: float  # height of its outer part
    inner_x: float  # distance of its inner end from the midline


@dataclass(frozen=True)
class BrowColour:
    """The colour of one person's brows and of the skin behind them, sampled once from the
    neutral face: the darkest band just above each eye."""

    brow: np.ndarray
    skin: np.ndarray

    @classmethod
    def of(cls, neutral: np.ndarray, side: int) -> BrowColour:
        s = neutral.shape[0]
        xa, xb = _span(side, 0.06, 0.12)
        roi, _, _ = _win(neutral, xa, 0.355, xb, 0.412)
        k = int(np.argmax(-_lum(roi).mean(axis=1)))
        core = roi[max(0, k - 1) : k + 2].reshape(-1, 3).astype(np.float32)
        skin = roi[: max(1, k - int(0.015 * s))].reshape(-1, 3).astype(np.float32)
        return cls(np.median(core, axis=0), np.median(skin, axis=0))

    def mask(self, roi: np.ndarray) -> np.ndarray:
        """Pixels nearer the brow's colour than halfway from the skin's."""
        f = roi.astype(np.float32)
        gap = np.linalg.norm(self.brow - self.skin)
        return np.linalg.norm(f - self.brow, axis=-1) < 0.5 * gap


def brow(img: np.ndarray, side: int, colour: BrowColour) -> Brow | None:
    """Heights of the brow's inner and outer parts and how close its inner end comes to the
    midline, from the pixels of the brow's own colour above the eye."""
    s = img.shape[0]
    heights = []
    for near, far, bottom in ((0.045, 0.065, 0.427), (0.125, 0.15, 0.42)):
        xa, xb = _span(side, near, far)
        roi, _, oy = _win(img, xa, 0.29, xb, bottom)
        m = colour.mask(roi)
        if m.sum() < 3:
            return None
        heights.append((oy + float(np.nonzero(m)[0].mean()) + 0.5) / s)
    # Inner end: the first column, going out from the midline, where a long run of brow
    # colour starts along the inner brow's rows.
    y = heights[0]
    xa, xb = _span(side, 0.0, 0.1)
    roi, _, _ = _win(img, xa, y - 0.005, xb, y + 0.005)
    cols = colour.mask(roi).mean(axis=0) > 0.3
    if side == 0:
        cols = cols[::-1]
    run = max(2, int(0.02 * s))
    starts = [k for k in range(len(cols) - run) if cols[k : k + run].all()]
    return Brow(heights[0], heights[1], ((starts[0] if starts else len(cols)) + 0.5) / s)


@dataclass
class Mouth:
    corners: tuple[tuple[float, float], tuple[float, float]]  # (x, y) per side
    top: float  # top of the upper lip red at the midline
    bottom: float  # bottom of the lower lip red at the midline
    red_upper: float  # height of the red of the upper lip at the midline
    red_lower: float
    red_area: float  # all lip red, fraction of the image area
    opening: float  # height of the dark opening between the lips at the midline
    apart: float  # height between the lip reds at the midline: teeth or the dark opening

    @property
    def line(self) -> float:
        """Where the lips meet (or the top of the opening) at the midline."""
        return self.top + self.red_upper

    @property
    def width(self) -> float:
        return self.corners[1][0] - self.corners[0][0]


def mouth(img: np.ndarray) -> Mouth:
    """The lips found as the red region around the mouth, and the dark opening between."""
    s = img.shape[0]
    roi, ox, oy = _win(img, 0.36, 0.6, 0.64, 0.84)
    lum = _lum(roi)
    red = (_lipness(roi) > RED) & (lum > 0.45 * np.median(lum))
    cols = np.nonzero(red.sum(axis=0) >= 2)[0]
    corners = []
    for c in (cols.min(), cols.max()):
        near = red[:, max(0, c - 1) : c + 2]
        rows = np.nonzero(near.any(axis=1))[0]
        corners.append(((ox + c + 0.5) / s, (oy + rows.mean() + 0.5) / s))
    # Down the midline, to a fraction of a pixel: where the lip red starts and ends, and
    # the opening or the mouth line between.
    mid = roi.shape[1] // 2
    prof = _lipness(roi[:, mid - 2 : mid + 3]).mean(axis=1)
    prof = np.where(lum[:, mid - 2 : mid + 3].mean(axis=1) > 0.45 * np.median(lum), prof, 1.0)
    inside = np.nonzero(prof > RED)[0]
    # Dark shadow well away from the lips (under the chin) is not lip: keep the rows joined
    # to the reddest row by gaps shorter than the teeth.
    joined = np.split(inside, np.nonzero(np.diff(inside) > 0.05 * s)[0] + 1)
    reddest = int(np.argmax(np.where(prof < 1.0, prof, -1.0)))
    inside = next((run for run in joined if run[0] <= reddest <= run[-1]), inside)
    top, bottom = _crossing(prof, inside.min(), -1), _crossing(prof, inside.max(), 1)
    col = lum[:, mid - 1 : mid + 2].mean(axis=1)
    span = bottom - top  # the opening or the mouth line lies well inside the red
    r0, r1 = int(top + 0.15 * span) + 1, int(bottom - 0.15 * span)
    gap = col[r0:r1] < 0.5 * np.median(lum)
    raw = _lipness(roi[:, mid - 1 : mid + 2]).mean(axis=1)[r0:r1]
    lip = col[int(top) + 1 : int(top) + 3].mean()  # the upper lip red, just inside its edge
    between = (raw < RED) | gap | (col[r0:r1] < 0.6 * lip)
    if gap.any():  # the lips are apart: the red above and below the dark opening
        rows_gap = np.nonzero(gap)[0] + r0
        upper, lower = rows_gap.min() - top, bottom - rows_gap.max() - 1
    else:  # closed: they meet at the darkest row, the mouth line, above the lower lip's
        # own shading (its lower third, where a pushed-up lower lip bulges)
        r2 = max(r0 + 3, int(bottom - 0.3 * span))
        k = int(np.argmin(col[r0:r2])) + r0
        a, b, c = col[k - 1 : k + 2]
        line = k + 0.5 + (0.5 * (a - c) / (a - 2 * b + c) if a - 2 * b + c > 0 else 0.0)
        upper, lower = line - top, bottom - line
    return Mouth(
        (corners[0], corners[1]),
        (oy + top) / s,
        (oy + bottom) / s,
        upper / s,
        lower / s,
        float(red.sum()) / s**2,
        float(gap.sum()) / s,
        float(between.sum()) / s,
    )


def _crossing(prof: np.ndarray, k: int, step: int) -> float:
    """Where ``prof`` falls through the lip threshold beside row ``k`` (inside), going ``step``."""
    j = k + step
    if not 0 <= j < len(prof):
        return k + 0.5 + 0.5 * step
    f = (prof[k] - RED) / max(prof[k] - prof[j], 1e-6)
    return k + 0.5 + step * f


def nostrils(img: np.ndarray) -> float:
    """Height of the nostrils: the darkest spots under the nose."""
    s = img.shape[0]
    roi, _, oy = _win(img, 0.455, 0.53, 0.545, 0.63)
    lum = _lum(roi)
    dark = np.clip(np.percentile(lum, 8) + 4 - lum, 0, None)
    return (oy + float((dark.sum(axis=1) * np.arange(len(lum))).sum() / dark.sum()) + 0.5) / s


def chin(img: np.ndarray) -> float:
    """Bottom of the chin: the strongest bright-to-dark step down the midline below the mouth."""
    s = img.shape[0]
    roi, _, oy = _win(img, 0.46, 0.76, 0.54, 0.97)
    prof = _lum(roi).mean(axis=1)
    step = prof[:-3] - prof[3:]
    return (oy + int(np.argmax(step)) + 2) / s


def silhouette(img: np.ndarray, y: float) -> tuple[float, float]:
    """Left and right edges of the head at height ``y``, against the background colour."""
    s = img.shape[0]
    row = img[int(y * s)].astype(np.float32)
    bg = (row[:3].mean(axis=0) + row[-3:].mean(axis=0)) / 2
    off = np.nonzero(np.linalg.norm(row - bg, axis=1) > 30)[0]
    return (off.min() + 0.5) / s, (off.max() + 0.5) / s


def edge_streaks(img: np.ndarray, side: int, band: float = 0.08) -> float:
    """How much the skin just inside one edge of the head changes from row to row (mean grey
    levels): stretching a few edge pixels across a turned head shows as horizontal streaks.
    Rows from below the ears (a turned ear is the ear seen wider) to below the mouth;
    ``side`` 0 the image-left edge, 1 the right."""
    s = img.shape[0]
    lum = _lum(img)
    steps = []
    inset = max(3, round(0.012 * s))  # clear of the outline's own anti-aliased steps
    for y in range(int(0.55 * s), int(0.8 * s)):
        edges = silhouette(img, (y + 0.5) / s)
        edge = int(edges[side] * s)
        a, b = (
            (edge + inset, edge + int(band * s))
            if side == 0
            else (edge - int(band * s), edge - inset)
        )
        steps.append(np.abs(lum[y + 1, a:b] - lum[y, a:b]).mean())
    return float(np.mean(steps))


@dataclass
class Face:
    eyes: tuple[Eye | None, Eye | None]
    brows: tuple[Brow | None, Brow | None]
    mouth: Mouth
    nostrils: float
    chin: float


def measure(neutral: np.ndarray, img: np.ndarray) -> Face:
    """Everything this observer measures in a still, beside the same person's neutral face."""
    rest = [eye(neutral, side) for side in SIDES]
    return Face(
        tuple(eye(img, side, r.beside if r else None) for side, r in zip(SIDES, rest, strict=True)),
        (brow(img, 0, BrowColour.of(neutral, 0)), brow(img, 1, BrowColour.of(neutral, 1))),
        mouth(img),
        nostrils(img),
        chin(img),
    )


def eye_line(face: Face) -> float | None:
    """Tilt of the line through the two irises, in degrees: positive when the image-right eye
    (the person's left) sits lower, as the head tips toward the person's left shoulder."""
    right, left = face.eyes
    if right is None or left is None:
        return None
    return float(np.degrees(np.arctan2(left.iris_y - right.iris_y, left.iris_x - right.iris_x)))


def head_shift(neutral: np.ndarray, img: np.ndarray) -> tuple[tuple[float, float], float]:
    """How the head moved from the neutral face: where the eyes-and-nose patch went (dx, dy),
    and how much nearer the mouth came to the eyes (foreshortening as the head tips)."""
    eyes = _track(neutral, img, (0.33, 0.4, 0.67, 0.6), 0.12, 0.1)
    mouth_ = _track(neutral, img, (0.38, 0.62, 0.62, 0.76), 0.12, 0.1)
    return eyes, eyes[1] - mouth_[1]


def _track(
    before: np.ndarray,
    after: np.ndarray,
    box: tuple[float, float, float, float],
    rx: float,
    ry: float,
) -> tuple[float, float]:
    """Where the patch ``box`` of ``before`` went in ``after`` (dx, dy), by normalised
    cross-correlation of brightness, to a fraction of a pixel."""
    s = before.shape[0]
    x0, y0, x1, y1 = (int(round(v * s)) for v in box)
    px, py = int(round(rx * s)), int(round(ry * s))
    tpl = _lum(before[y0:y1, x0:x1])
    area = _lum(after[max(0, y0 - py) : y1 + py, max(0, x0 - px) : x1 + px])
    px, py = min(px, x0), min(py, y0)
    score = cv2.matchTemplate(area, tpl, cv2.TM_CCOEFF_NORMED)
    ky, kx = np.unravel_index(int(np.argmax(score)), score.shape)

    def refine(a: float, b: float, c: float) -> float:
        d = a - 2 * b + c
        return 0.0 if d >= 0 else 0.5 * (a - c) / d

    fx = refine(*score[ky, kx - 1 : kx + 2]) if 0 < kx < score.shape[1] - 1 else 0.0
    fy = refine(*score[ky - 1 : ky + 2, kx]) if 0 < ky < score.shape[0] - 1 else 0.0
    return (kx + fx - px) / s, (ky + fy - py) / s


# --- The head as a whole: where it points, from tracked patches and the skin's edges ---------

EYES_PATCH = (0.33, 0.4, 0.67, 0.5)  # brows' lower edge, eyes and nose root
NOSE_PATCH = (0.44, 0.5, 0.56, 0.6)  # the nose tip and wings
MOUTH_PATCH = (0.38, 0.63, 0.62, 0.75)
CHEEKS = ((0.3, 0.5, 0.36, 0.56), (0.64, 0.5, 0.7, 0.56))


def skin_tone(neutral: np.ndarray) -> np.ndarray:
    """The colour of the person's cheeks, sampled from their neutral face."""
    patches = [_win(neutral, *box)[0].reshape(-1, 3) for box in CHEEKS]
    return np.median(np.concatenate(patches).astype(np.float32), axis=0)


@dataclass
class HeadView:
    eyes: tuple[float, float]  # centre of the eyes patch, where it went
    nose: tuple[float, float]  # centre of the nose-tip patch
    mouth: tuple[float, float]
    face: tuple[float, float]  # left and right edges of the head on the row of the nose tip
    nostrils: float  # dark area under the nose tip, fraction of the image area
    irises: float  # distance between the irises (0 when an eye is lost)

    @property
    def nose_in_face(self) -> float:
        """Where the nose tip sits between the face's edges: 0 left edge, 1 right edge."""
        return (self.nose[0] - self.face[0]) / max(self.face[1] - self.face[0], 1e-6)


def _centre(box: tuple[float, float, float, float], shift: tuple[float, float]):
    return (box[0] + box[2]) / 2 + shift[0], (box[1] + box[3]) / 2 + shift[1]


def head_view(neutral: np.ndarray, img: np.ndarray) -> HeadView:
    """Where the eyes, nose tip and mouth of the neutral face went in ``img``, the head's
    silhouette at the nose tip, and how much of the nostrils shows."""
    s = img.shape[0]
    eyes = _centre(EYES_PATCH, _track(neutral, img, EYES_PATCH, 0.14, 0.12))
    nose = _centre(NOSE_PATCH, _track(neutral, img, NOSE_PATCH, 0.14, 0.12))
    mouth = _centre(MOUTH_PATCH, _track(neutral, img, MOUTH_PATCH, 0.14, 0.12))
    tone = skin_tone(neutral)
    face = silhouette(img, nose[1])
    roi, _, _ = _win(img, nose[0] - 0.05, nose[1] - 0.01, nose[0] + 0.05, nose[1] + 0.06)
    lum = _lum(roi)
    nostrils = float((lum < 0.5 * float(_lum(tone[None, None])[0, 0])).sum()) / s**2
    found = [eye(img, side) for side in SIDES]
    irises = found[1].iris_x - found[0].iris_x if all(found) else 0.0
    return HeadView(eyes, nose, mouth, face, nostrils, irises)


def lip_lead(img: np.ndarray, side: int) -> float:
    """How far the lip red reaches toward one side of the image (0 left, 1 right): its
    outermost column, as a fraction of the image, measured outward."""
    roi, ox, _ = _win(img, 0.2, 0.55, 0.8, 0.85)
    red = (_lipness(roi) > RED) & (_lum(roi) > 0.3 * np.median(_lum(roi)))
    rows = red.sum(axis=1) >= 1
    cols = np.nonzero(red[rows].sum(axis=0) >= 2)[0]
    s = img.shape[0]
    x = (ox + (cols.max() + 1 if side else cols.min())) / s
    return x if side else -x


def lip_centre(img: np.ndarray) -> tuple[float, float]:
    """Centre (x, y) of the lip red, in a wide window that a turned head stays inside."""
    roi, ox, oy = _win(img, 0.2, 0.55, 0.8, 0.85)
    red = (_lipness(roi) > RED) & (_lum(roi) > 0.3 * np.median(_lum(roi)))
    ys, xs = np.nonzero(red)
    s = img.shape[0]
    return (ox + xs.mean() + 0.5) / s, (oy + ys.mean() + 0.5) / s


def fine_lines(img: np.ndarray, box: tuple[float, float, float, float]) -> float:
    """Energy of small-scale detail (creases, wrinkles, dimpling) in ``box`` (x0, y0, x1, y1):
    the mean brightness difference from a softly blurred copy, so broad shading counts
    little and lines a pixel or two wide count most."""
    s = img.shape[0]
    x0, y0, x1, y1 = (int(round(v * s)) for v in box)
    pad = int(0.02 * s)
    lum = _lum(img[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad])
    detail = np.abs(lum - cv2.GaussianBlur(lum, (0, 0), max(1.0, 0.005 * s)))
    oy, ox = min(pad, y0), min(pad, x0)
    return float(detail[oy : oy + y1 - y0, ox : ox + x1 - x0].mean())


def brightness(img: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """Brightness of the pixels in ``box`` (x0, y0, x1, y1)."""
    s = img.shape[0]
    x0, y0, x1, y1 = (int(round(v * s)) for v in box)
    return _lum(img[y0:y1, x0:x1])


def outer_corner(e: Eye, side: int, img: np.ndarray) -> float:
    """x of the eye's outer corner: the white's far edge away from the midline."""
    s = img.shape[0]
    x0, x1 = _span(side, 0.035, 0.165)
    roi, ox, _ = _win(img, x0, 0.39, x1, 0.5)
    cols = np.nonzero((_whiteness(roi) > 0.5).any(axis=0))[0]
    return (ox + (cols.max() + 1 if side == 1 else cols.min())) / s


def skin_width(img: np.ndarray, y: float, tone: np.ndarray) -> float:
    """Width of the face's skin on the row at height ``y``: from beside the midline out on each side
    to where the person's skin hue stops for a few pixels (hair, ear, neck shadow or
    background)."""
    s = img.shape[0]
    f = img[min(s - 1, int(y * s))].astype(np.float32) + 1.0
    t = tone.astype(np.float32) + 1.0
    hue = np.abs(f[:, 0] / f[:, 1] - t[0] / t[1]) + np.abs(f[:, 2] / f[:, 1] - t[2] / t[1])
    lum, ref = _lum(f[None] - 1.0)[0], float(_lum(tone[None, None])[0, 0])
    bg = (f[:3].mean(axis=0) + f[-3:].mean(axis=0)) / 2
    apart = np.linalg.norm(f - bg, axis=1) > 30
    skin = (hue < 0.4) & (lum > 0.45 * ref) & (lum < 1.5 * ref + 20) & apart
    gap, edges = max(3, s // 40), []
    for step in (-1, 1):  # from beside the nose and mouth
        j = last = s // 2 + step * int(0.07 * s)
        while 0 <= j < s and abs(j - last) <= gap:
            last = j if skin[j] else last
            j += step
        edges.append(last)
    return (edges[1] - edges[0] + 1) / s
