"""What each FACS code does to the face, as numbers the drawing code reads.

A :class:`FaceState` holds feature displacements (fractions of the image size) and the
strength of each relief layer (wrinkles, furrows, bulges). Per-side values are pairs indexed
0 = the person's right (image left) and 1 = the person's left (image right).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .pose import Pose

Pair = list[float]

# Codes the renderer draws; anything else in a pose (speech, visibility...) is not drawn.
DRAWN_CODES = frozenset(
    {1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 20, 22, 23, 24, 25, 26, 27, 28}
    | {38, 39, 43, 45, 46, 51, 52, 53, 54, 55, 56, 57, 58, 61, 62, 63, 64}
)

LOWER_LID_MAX = 0.92  # the highest the lower lid rises, as a share of its travel


@dataclass(frozen=True)
class HeadMotion:
    """A small extra head movement (degrees, and fractions of the image size for dx / dy).

    Positive yaw turns the face toward the person's left (image right); positive pitch raises
    the chin; positive roll tilts the head toward the person's left shoulder.
    """

    yaw: float = 0.0
    pitch: float = 0.0
    roll: float = 0.0
    dx: float = 0.0
    dy: float = 0.0
    scale: float = 1.0

    def __add__(self, other: HeadMotion) -> HeadMotion:
        return HeadMotion(
            self.yaw + other.yaw,
            self.pitch + other.pitch,
            self.roll + other.roll,
            self.dx + other.dx,
            self.dy + other.dy,
            self.scale * other.scale,
        )

    @property
    def is_still(self) -> bool:
        return self == HeadMotion()


def _pair() -> Pair:
    return [0.0, 0.0]


@dataclass
class FaceState:
    """Feature displacements and relief strengths for one frame."""

    brow_inner: Pair = field(default_factory=_pair)  # vertical move, + is down
    brow_mid: Pair = field(default_factory=_pair)
    brow_outer: Pair = field(default_factory=_pair)
    brow_in: Pair = field(default_factory=_pair)  # move toward the midline
    lid_raise: Pair = field(default_factory=_pair)  # upper lid above rest (5, 63)
    lid_lower: Pair = field(default_factory=_pair)  # upper lid lowered a little (4, 6, 7, 64)
    closure: Pair = field(default_factory=_pair)  # 0 open .. 1 closed (43, 45, 46)
    lower_lid_up: Pair = field(default_factory=_pair)  # 6, 7
    lower_lid_straight: Pair = field(default_factory=_pair)  # 7
    crease_up: Pair = field(default_factory=_pair)  # eye-cover fold stretched up (2)
    gaze: list[float] = field(default_factory=_pair)  # x (+ image right), y (+ down)
    nostril_lift: Pair = field(default_factory=_pair)
    nostril_wide: Pair = field(default_factory=_pair)  # fraction wider (negative narrower)
    corner_out: Pair = field(default_factory=_pair)  # mouth corner outward
    corner_down: Pair = field(default_factory=_pair)  # mouth corner down (negative up)
    corner_sharp: Pair = field(default_factory=_pair)  # 13: a narrow, pointed lift
    upper_lip_up: Pair = field(default_factory=_pair)  # 9, 10: upper lip raised
    lower_lip_down: float = 0.0  # 16
    chin_push: float = 0.0  # 17: lower lip and mouth centre pushed up
    gap: float = 0.0  # lips apart (25, 22)
    jaw: float = 0.0  # jaw drop (26, 27)
    thin_top: float = 0.0  # 0 .. 1: red of the upper lip narrowed away
    thin_bottom: float = 0.0
    lip_tight: float = 0.0  # 23: the red's margins rolled in, firm, the skin beside bunched
    flatten: Pair = field(default_factory=_pair)  # 20, 24: lips stretched flat
    pucker: float = 0.0  # 18, 22: lips pushed forward and rounded
    stretch: float = 0.0  # 27: the opening pulled into a tall oval
    funnel: float = 0.0  # 22: lips turned outward
    relief: dict[str, Pair] = field(default_factory=dict)
    head: HeadMotion = HeadMotion()

    def add_relief(self, layer: str, amounts: Pair, scale: float = 1.0) -> None:
        if not (amounts[0] or amounts[1]):
            return
        pair = self.relief.setdefault(layer, [0.0, 0.0])
        for i in (0, 1):
            pair[i] = min(1.0, pair[i] + amounts[i] * scale)


def _sides(side: str, amount: float) -> Pair:
    """Split an amount over the person's right (0) and left (1)."""
    if side == "R":
        return [amount, 0.0]
    if side == "L":
        return [0.0, amount]
    return [amount, amount]


def _add(target: Pair, amounts: Pair, scale: float) -> None:
    for i in (0, 1):
        target[i] += amounts[i] * scale


def _amounts(pose: Pose) -> dict[int, tuple[Pair, str]]:
    """The strongest amount per code and side, with the lip field of the last entry."""
    out: dict[int, tuple[Pair, str]] = {}
    for act in pose:
        # Displacements grow a little faster than the amount at first, so a trace shows.
        a = max(0.0, min(1.0, float(act.amount))) ** 0.8
        side = act.side or ("L" if act.code == 46 else "")
        pair, _ = out.get(act.code, ([0.0, 0.0], ""))
        new = _sides(side, a)
        out[act.code] = ([max(pair[0], new[0]), max(pair[1], new[1])], act.lip)
    return out


def face_state(pose: Pose, head: HeadMotion | None = None) -> FaceState:
    """Turn a pose into feature displacements and relief strengths."""
    s = FaceState()
    am = _amounts(pose)

    def get(code: int) -> Pair:
        return am[code][0] if code in am else [0.0, 0.0]

    def both(code: int) -> float:
        return max(get(code))

    # Brows and forehead.
    a = get(1)
    _add(s.brow_inner, a, -0.034)
    _add(s.brow_mid, a, -0.012)
    _add(s.crease_up, a, 0.2)
    s.add_relief("1", a)
    a = get(2)
    _add(s.brow_outer, a, -0.032)
    _add(s.brow_mid, a, -0.02)
    _add(s.crease_up, a, 0.8)
    s.add_relief("2", a)
    a = get(4)
    _add(s.brow_inner, a, 0.024)
    _add(s.brow_mid, a, 0.016)
    _add(s.brow_outer, a, 0.006)
    _add(s.brow_in, a, 0.024)
    _add(s.lid_lower, a, 0.22)
    s.add_relief("4", a)

    # Lids and cheeks.
    _add(s.lid_raise, get(5), 0.8)
    a = get(6)
    _add(s.lower_lid_up, a, 0.9)
    _add(s.lid_lower, a, 0.15)
    s.add_relief("6", a)
    a = get(7)
    _add(s.lower_lid_up, a, 0.9)
    _add(s.lower_lid_straight, a, 1.0)
    _add(s.lid_lower, a, 0.18)
    s.add_relief("7", a)
    _add(s.closure, get(43), 1.0)
    _add(s.closure, [min(1.0, 2 * v) for v in get(45)], 1.0)
    a = get(46)
    _add(s.closure, [min(1.0, 2 * v) for v in a], 1.0)
    s.add_relief("46", a)

    # Nose and upper lip.
    a = get(9)
    _add(s.nostril_lift, a, 0.01)
    _add(s.nostril_wide, a, 0.15)
    _add(s.upper_lip_up, a, 0.018)
    _add(s.lower_lid_up, get(9), 0.15)
    s.add_relief("9", get(9))
    a = get(10)
    _add(s.upper_lip_up, a, 0.03)
    _add(s.nostril_lift, a, 0.006)
    s.add_relief("10", get(10))
    a = get(11)
    _add(s.corner_down, a, -0.002)
    s.add_relief("11", a)
    _add(s.nostril_wide, get(38), 0.9)
    _add(s.nostril_wide, get(39), -0.5)
    s.add_relief("38", get(38))
    s.add_relief("39", get(39))

    # Mouth corners.
    a = get(12)
    _add(s.corner_out, a, 0.038)
    _add(s.corner_down, a, -0.04)
    _add(s.flatten, a, 0.5)
    s.add_relief("12", a)
    strong = [max(0.0, v - 0.35) / 0.65 for v in a]  # a broad smile pushes the cheeks up
    s.add_relief("12c", strong)
    for i in (0, 1):  # the cheeks lift the lower lid, no further than 6 or 7 already do
        s.lower_lid_up[i] = max(s.lower_lid_up[i], 0.25 * strong[i])
    a = get(13)
    _add(s.corner_down, a, -0.036)
    _add(s.corner_out, a, -0.004)
    _add(s.corner_sharp, a, 1.0)
    s.add_relief("13", a)
    a = get(14)
    _add(s.corner_out, a, -0.017)
    _add(s.corner_down, a, -0.003)
    _add(s.flatten, a, 0.25)
    s.add_relief("14", a)
    a = get(15)
    _add(s.corner_down, a, 0.034)
    _add(s.corner_out, a, 0.005)
    s.add_relief("15", a)
    a = get(20)
    _add(s.corner_out, a, 0.036)
    _add(s.corner_down, a, 0.006)
    _add(s.flatten, a, 1.0)
    s.add_relief("20", a)

    # Lips and jaw.
    s.lower_lip_down += 0.03 * both(16)
    s.add_relief("16", get(16))
    a17 = both(17)
    s.chin_push += 0.017 * a17
    _add(s.corner_down, get(17), 0.014)
    s.add_relief("17", get(17))
    a18 = both(18)
    s.pucker += a18
    _add(s.corner_out, [a18, a18], -0.045)
    s.add_relief("18", [a18, a18])
    a22 = both(22)
    s.funnel += a22
    s.pucker += 0.5 * a22
    _add(s.corner_out, [a22, a22], -0.024)
    s.gap += 0.026 * a22
    s.add_relief("18", [a22, a22], 0.5)
    a23 = both(23)
    s.thin_top += 0.65 * a23
    s.thin_bottom += 0.65 * a23
    s.lip_tight = min(1.0, s.lip_tight + a23)
    _add(s.corner_out, [a23, a23], -0.004)
    s.add_relief("23", [a23, a23])
    a24 = both(24)
    s.thin_top += 0.5 * a24
    s.thin_bottom += 0.5 * a24
    _add(s.flatten, [a24, a24], 0.5)
    s.add_relief("24", [a24, a24])
    if 28 in am:
        a28, lip = max(am[28][0]), am[28][1]
        if lip in ("", "T"):
            s.thin_top += 1.2 * a28
        if lip in ("", "B"):
            s.thin_bottom += 1.2 * a28
        s.add_relief("28", [a28, a28])
    a8 = both(8)
    s.thin_top += 0.35 * a8
    s.thin_bottom += 0.35 * a8
    _add(s.corner_out, [a8, a8], -0.006)
    s.add_relief("8", [a8, a8])
    a25 = both(25)
    if a25:
        s.gap += 0.007 + 0.022 * a25
    a26 = both(26)
    s.jaw += 0.072 * a26
    a27 = both(27)
    s.jaw += 0.12 * a27
    s.stretch += a27
    _add(s.corner_out, [a27, a27], -0.022)
    s.thin_top += 0.45 * a27
    s.thin_bottom += 0.45 * a27
    s.add_relief("27", [a27, a27])
    s.gap *= 1.0 - 0.6 * a8
    s.jaw *= 1.0 - 0.3 * a8
    s.thin_top = min(1.0, s.thin_top)
    s.thin_bottom = min(1.0, s.thin_bottom)

    # Eye positions: the upper lids follow the gaze up and down.
    s.gaze[0] += both(61) - both(62)
    s.gaze[1] += both(64) - both(63)
    _add(s.lid_raise, [both(63)] * 2, 0.6)
    _add(s.lid_lower, [both(64)] * 2, 0.5)
    _add(s.lower_lid_up, [both(64)] * 2, -0.25)

    # Head positions.
    s.head = HeadMotion(
        yaw=22.0 * (both(51) - both(52)),
        pitch=16.0 * (both(53) - both(54)),
        roll=18.0 * (both(55) - both(56)),
        scale=1.0 + 0.14 * both(57) - 0.12 * both(58),
    )
    if head is not None:
        s.head = s.head + head
    for pair in (s.closure, s.lower_lid_straight):
        for i in (0, 1):
            pair[i] = min(1.0, pair[i])
    for i in (0, 1):  # a raised lower lid narrows the eye but never hides the iris
        s.lower_lid_up[i] = min(LOWER_LID_MAX, s.lower_lid_up[i])
    return s
