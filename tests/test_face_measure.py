"""Movements an outside observer sees: each code measured from the pixels of rendered stills
(tests/facemeasure.py), on every identity, at every intensity and on the right side only."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import facemeasure as fm
import numpy as np
import pytest

from course.face.identities import identity_count
from course.face.pose import INTENSITY_AMOUNT, Action
from course.face.render import render

SIZE = 480
PX = 1.0 / SIZE
IDENTITIES = range(identity_count())


@cache
def _image(ident: int, code: int = 0, letter: str = "", side: str = "") -> np.ndarray:
    pose = () if not code else (Action(code, INTENSITY_AMOUNT[letter], side),)
    return render(pose, ident, SIZE)


@cache
def seen(ident: int, code: int = 0, letter: str = "", side: str = "") -> fm.Face:
    return fm.measure(_image(ident), _image(ident, code, letter, side))


def _eye(face: fm.Face, i: int, what: str) -> float:
    e = face.eyes[i]
    assert e is not None, "no white of the eye is visible"
    return getattr(e, what)


def _brow(face: fm.Face, i: int, what: str) -> float:
    b = face.brows[i]
    assert b is not None, "no brow found above the eye"
    return getattr(b, what)


# Per side (0 = the person's right, 1 = left): a measurement that grows with the movement.
Measure = Callable[[fm.Face, int], float]
INNER_BROW_UP: Measure = lambda f, i: -_brow(f, i, "inner_y")  # noqa: E731
OUTER_BROW_UP: Measure = lambda f, i: -_brow(f, i, "outer_y")  # noqa: E731
INNER_BROW_DOWN: Measure = lambda f, i: _brow(f, i, "inner_y")  # noqa: E731
BROWS_TOGETHER: Measure = lambda f, i: -_brow(f, i, "inner_x")  # noqa: E731
UPPER_LID_UP: Measure = lambda f, i: -_eye(f, i, "top")  # noqa: E731
LOWER_LID_UP: Measure = lambda f, i: -_eye(f, i, "bottom")  # noqa: E731
IRIS_UP: Measure = lambda f, i: -_eye(f, i, "iris_in_opening") * 10 * PX  # noqa: E731
IRIS_DOWN: Measure = lambda f, i: _eye(f, i, "iris_in_opening") * 10 * PX  # noqa: E731
IRIS_TO_IMAGE_LEFT: Measure = lambda f, i: -_eye(f, i, "white_left") * 50  # noqa: E731
IRIS_TO_IMAGE_RIGHT: Measure = lambda f, i: _eye(f, i, "white_left") * 50  # noqa: E731
CORNER_UP: Measure = lambda f, i: -f.mouth.corners[i][1]  # noqa: E731
CORNER_DOWN: Measure = lambda f, i: f.mouth.corners[i][1]  # noqa: E731
CORNER_OUT: Measure = lambda f, i: fm.SIGN[i] * f.mouth.corners[i][0]  # noqa: E731
CORNER_IN: Measure = lambda f, i: -fm.SIGN[i] * f.mouth.corners[i][0]  # noqa: E731
LIP_TO_NOSE: Measure = lambda f, i: f.nostrils - f.mouth.top  # noqa: E731
MOUTH_LINE_UP: Measure = lambda f, i: -f.mouth.line  # noqa: E731
LIPS_THINNER: Measure = lambda f, i: -(f.mouth.red_upper + f.mouth.red_lower)  # noqa: E731
LIPS_APART: Measure = lambda f, i: f.mouth.apart  # noqa: E731
# The lower face lengthens as the jaw drops: the bottom of the lower lip from the nostrils.
JAW_DROP: Measure = lambda f, i: f.mouth.bottom - f.nostrils  # noqa: E731
EYE_CLOSING: Measure = lambda f, i: -(f.eyes[i].opening if f.eyes[i] else 0.0)  # noqa: E731

# What each main code moves, and by how many pixels (at 480) it must move it at C.
MOVES: dict[int, tuple[Measure, float]] = {
    1: (INNER_BROW_UP, 3.0),
    2: (OUTER_BROW_UP, 5.0),
    4: (INNER_BROW_DOWN, 1.5),
    5: (UPPER_LID_UP, 2.2),
    6: (LOWER_LID_UP, 1.8),
    7: (LOWER_LID_UP, 1.8),
    9: (LIP_TO_NOSE, 3.0),
    10: (LIP_TO_NOSE, 3.0),
    12: (CORNER_UP, 5.0),
    14: (CORNER_IN, 2.0),
    15: (CORNER_DOWN, 2.0),
    17: (MOUTH_LINE_UP, 4.0),
    20: (CORNER_OUT, 3.0),
    23: (LIPS_THINNER, 3.0),
    24: (LIPS_THINNER, 3.0),
    25: (LIPS_APART, 4.0),
    26: (JAW_DROP, 8.0),
    27: (JAW_DROP, 12.0),
    43: (EYE_CLOSING, 3.0),
    45: (EYE_CLOSING, 3.0),
    # Gaze: the white showing beside the iris (image left minus right, in units of about
    # 10 px^2 at 480), and the iris's height within the opening (in tenths of the opening).
    61: (IRIS_TO_IMAGE_RIGHT, 2.5),
    62: (IRIS_TO_IMAGE_LEFT, 2.5),
    63: (IRIS_UP, 0.8),
    64: (IRIS_DOWN, 0.8),
}


def _delta(measure: Measure, ident: int, code: int, letter: str, side: int, who: str = ""):
    return measure(seen(ident, code, letter, who), side) - measure(seen(ident), side)


# Where this observer still does not see a movement well enough: renderer work left for
# issue 14, each with what is wrong. Strict: a case that starts passing must be taken out.
KNOWN_WEAK: dict[tuple[str, int, int], str] = {}


def _judge(test: str, code: int, ident: int, failures: list[str]) -> None:
    reason = KNOWN_WEAK.get((test, code, ident))
    if reason is None:
        assert not failures, "; ".join(failures)
    elif failures:
        pytest.xfail(reason)
    else:
        pytest.fail(f"{test} {code} on face {ident} is now seen: remove it from KNOWN_WEAK")


@pytest.mark.parametrize("code", sorted(MOVES))
@pytest.mark.parametrize("ident", IDENTITIES)
def test_each_movement_is_seen_at_c_and_above(code, ident):
    measure, pixels = MOVES[code]
    failures = []
    for letter in "CDE":
        for side in fm.SIDES:
            moved = _delta(measure, ident, code, letter, side) / PX
            if not moved > pixels:
                failures.append(f"{code}{letter} on face {ident}, side {side}: moved {moved:.1f}")
    _judge("seen", code, ident, failures)


# Gaze is measured through the lids, which hide part of the iris near the extremes: for the
# eye positions this observer only checks that A, C and E come in order. The lip corners are
# found to a whole pixel, too coarse for 14's small steps. A closed eye shows no white: 43
# closes fully at C, the blink 45 at B.
LETTERS = {14: "ACE", 43: "ABC", 45: "AB", 61: "ACE", 62: "ACE", 63: "ACE", 64: "ACE"}


@pytest.mark.parametrize("code", sorted(MOVES))
@pytest.mark.parametrize("ident", IDENTITIES)
def test_intensities_move_further_in_order(code, ident):
    measure, _ = MOVES[code]
    letters = LETTERS.get(code, "ABCDE")
    failures = []
    for side in fm.SIDES:
        steps = [_delta(measure, ident, code, letter, side) for letter in letters]
        if not all(a < b for a, b in zip(steps, steps[1:], strict=False)):
            failures.append(
                f"{code} on face {ident}, side {side}: {letters} moved "
                f"{[round(float(v) / PX, 1) for v in steps]}"
            )
    _judge("order", code, ident, failures)


@pytest.mark.parametrize("ident", IDENTITIES)
def test_4_draws_the_brows_together(ident):
    failures = []
    for letter in "CDE":
        for side in fm.SIDES:
            moved = _delta(BROWS_TOGETHER, ident, 4, letter, side) / PX
            if not moved > 2.0:
                failures.append(f"4{letter} on face {ident}, side {side}: in by {moved:.1f} px")
    _judge("together", 4, ident, failures)


@pytest.mark.parametrize("code", (25, 26, 27))
@pytest.mark.parametrize("ident", IDENTITIES)
def test_the_lips_part_with_25_26_27(code, ident):
    for letter in "CDE":
        apart = _delta(LIPS_APART, ident, code, letter, 0) / PX
        assert apart > 4.0, f"{code}{letter} on face {ident}: lips apart by {apart:.1f} px"


# One-sided codes: the person's own side moves, the other side stays within a pixel.
ONE_SIDED = (1, 2, 4, 5, 6, 7, 12, 14, 15, 20)


@pytest.mark.parametrize("who", "LR")
@pytest.mark.parametrize("code", ONE_SIDED)
@pytest.mark.parametrize("ident", IDENTITIES)
def test_one_sided_actions_move_only_their_own_side(code, who, ident):
    measure, pixels = MOVES[code]
    own = 1 if who == "L" else 0
    moved = _delta(measure, ident, code, "D", own, who) / PX
    still = _delta(measure, ident, code, "D", 1 - own, who) / PX
    assert moved > pixels, f"{who}{code}D on face {ident}: its own side moved {moved:.1f} px"
    assert abs(still) < 1.0, f"{who}{code}D on face {ident}: the other side moved {still:.1f} px"


# Head positions: which way the eyes-and-nose patch goes, in pixels at C and above.
HEAD: dict[int, tuple[int, float]] = {51: (0, 10.0), 52: (0, -10.0), 53: (1, -10.0), 54: (1, 10.0)}


@pytest.mark.parametrize("code", sorted(HEAD))
@pytest.mark.parametrize("ident", IDENTITIES)
def test_head_positions_move_the_face_the_right_way(code, ident):
    axis, pixels = HEAD[code]
    for letter in "CDE":
        (dx, dy), _ = fm.head_shift(_image(ident), _image(ident, code, letter))
        moved = (dx, dy)[axis] / PX
        assert moved * np.sign(pixels) > abs(pixels), f"{code}{letter} on face {ident}: {moved:.1f}"


@cache
def _view_image(ident: int, code: int = 0, letter: str = "", view: str = "frontal") -> np.ndarray:
    pose = () if not code else (Action(code, INTENSITY_AMOUNT[letter]),)
    return render(pose, ident, SIZE, view=view)


@cache
def head(ident: int, code: int = 0, letter: str = "") -> fm.HeadView:
    return fm.head_view(_image(ident), _image(ident, code, letter))


def _in_order(steps: list[float]) -> bool:
    return all(a < b for a, b in zip(steps, steps[1:], strict=False))


# The head as a solid turning (51 to the person's left, the image right; 52 the other way):
# the nose tip moves across between the edges of the head, and the side turning away narrows.
TURN = {51: 1.0, 52: -1.0}


@pytest.mark.parametrize("code", sorted(TURN))
@pytest.mark.parametrize("ident", IDENTITIES)
def test_turning_the_head_moves_the_nose_across_a_narrowing_far_cheek(code, ident):
    rest, sign = head(ident), TURN[code]
    across = [sign * (head(ident, code, x).nose_in_face - rest.nose_in_face) for x in "ACE"]
    assert _in_order(across) and across[1] > 0.04, f"{code} on face {ident}: nose {across}"

    def far_cheek(h: fm.HeadView) -> float:
        return h.face[1] - h.nose[0] if sign > 0 else h.nose[0] - h.face[0]

    for letter in "CDE":
        narrower = (far_cheek(rest) - far_cheek(head(ident, code, letter))) / PX
        assert narrower > 3.0, f"{code}{letter} on face {ident}: far cheek {narrower:.1f} px"


@pytest.mark.parametrize("ident", IDENTITIES)
def test_53_foreshortens_the_face_and_shows_the_nostrils(ident):
    rest = head(ident)
    eyes_to_mouth, eyes_to_nose = [], []
    for x in "ACE":
        h = head(ident, 53, x)
        eyes_to_mouth.append((rest.mouth[1] - rest.eyes[1]) - (h.mouth[1] - h.eyes[1]))
        eyes_to_nose.append((rest.nose[1] - rest.eyes[1]) - (h.nose[1] - h.eyes[1]))
    assert _in_order(eyes_to_mouth) and eyes_to_mouth[1] / PX > 3.0, (ident, eyes_to_mouth)
    assert _in_order(eyes_to_nose) and eyes_to_nose[1] / PX > 3.0, (ident, eyes_to_nose)
    for x in "CDE":  # the underside of the nose turns toward the camera
        more = (head(ident, 53, x).nostrils - rest.nostrils) / PX**2
        assert more > 8, f"53{x} on face {ident}: nostrils show {more:.0f} px more"


@pytest.mark.parametrize("ident", IDENTITIES)
def test_54_brings_the_nose_tip_down_and_hides_the_nostrils(ident):
    rest = head(ident)
    nose_down = []
    for x in "ACE":
        h = head(ident, 54, x)
        nose_down.append((h.nose[1] - h.eyes[1]) - (rest.nose[1] - rest.eyes[1]))
    assert _in_order(nose_down) and nose_down[1] / PX > 2.0, (ident, nose_down)
    for x in "CDE":
        fewer = (rest.nostrils - head(ident, 54, x).nostrils) / PX**2
        assert fewer > 8, f"54{x} on face {ident}: nostrils show {fewer:.0f} px less"


# A turned head shows skin where the frontal picture had only its edge: that skin is as smooth
# from row to row as the frontal face beside its edge, with no streaks of stretched pixels.
NEAR_SIDE = {"51E": 0, "52E": 1, "three-quarter": 1}  # the edge that turned toward the camera


@pytest.mark.parametrize("ident", IDENTITIES)
def test_a_turned_head_shows_its_near_side_without_streaks(ident):
    frontal = fm.edge_streaks(_image(ident), 1)
    for what, side in NEAR_SIDE.items():
        if what == "three-quarter":
            img = _view_image(ident, view=what)
        else:
            img = _view_image(ident, int(what[:2]), what[2])
        streaks = fm.edge_streaks(img, side)
        assert streaks <= 1.5 * frontal + 0.1, (
            f"{what} on face {ident}: {streaks:.2f} vs {frontal:.2f}"
        )


# Forward (57) the head comes nearer the camera and looks bigger; back (58) smaller.
SCALE = {57: 1.0, 58: -1.0}


@pytest.mark.parametrize("code", sorted(SCALE))
@pytest.mark.parametrize("ident", IDENTITIES)
def test_57_and_58_bring_the_head_nearer_or_take_it_back(code, ident):
    rest = head(ident)
    wider = [SCALE[code] * (head(ident, code, x).irises - rest.irises) / PX for x in "ACE"]
    assert _in_order(wider) and wider[1] > 4.0, f"{code} on face {ident}: irises {wider}"


# In the three-quarter view (the face turned toward the image left), lips pushed forward
# move toward the far side of the face: 18 pushes them forward, 22 further, flaring them.
@pytest.mark.parametrize("ident", IDENTITIES)
def test_18_and_22_push_the_lips_forward_seen_in_three_quarter_view(ident):
    def lead(code: int = 0, letter: str = "", view: str = "three-quarter") -> float:
        rest = fm.lip_centre(_view_image(ident, view=view))[0]
        return (rest - fm.lip_centre(_view_image(ident, code, letter, view))[0]) / PX

    for code in (18, 22):
        steps = [lead(code, x) for x in "ACE"]
        assert _in_order(steps) and steps[1] > 4.0, f"{code} on face {ident}: {steps}"
        # Seen from the front, the same push does not move the lips sideways.
        assert abs(lead(code, "D", "frontal")) < 0.5, f"{code}D on face {ident}, frontal"
    for x in "CDE":
        more = lead(22, x) - lead(18, x)
        assert more > 1.5, f"22{x} on face {ident}: {more:.1f} px further forward than 18"


# Tilting the head (55 toward the person's left shoulder, 56 toward the right) tips the line
# through the irises: degrees at C and above, growing from A to E.
TILT = {55: 1.0, 56: -1.0}


@pytest.mark.parametrize("code", sorted(TILT))
@pytest.mark.parametrize("ident", IDENTITIES)
def test_tilting_the_head_tips_the_eye_line(code, ident):
    rest = fm.eye_line(seen(ident))
    assert rest is not None and abs(rest) < 1.0, f"face {ident}: eye line {rest} at rest"
    tips = []
    for letter in "ABCDE":
        angle = fm.eye_line(seen(ident, code, letter))
        assert angle is not None, f"{code}{letter} on face {ident}: an eye is lost"
        tips.append(TILT[code] * (angle - rest))
    assert all(a < b for a, b in zip(tips, tips[1:], strict=False)), (code, ident, tips)
    assert tips[2] > 8.0, f"{code}C on face {ident}: the eye line tips {tips[2]:.1f} degrees"


# --- Creases and bulges: where each cue belongs, found from the neutral face's features -----

Box = tuple[float, float, float, float]


def _sorted_box(xa: float, xb: float, y0: float, y1: float) -> Box:
    return min(xa, xb), y0, max(xa, xb), y1


def crows_feet_box(neutral: np.ndarray, side: int) -> Box:
    """Beside the eye's outer corner, level with the eye."""
    e = fm.eye(neutral, side)
    assert e is not None, "no eye found in the neutral face"
    corner = fm.outer_corner(e, side, neutral)
    sg = fm.SIGN[side]
    return _sorted_box(corner + sg * 0.006, corner + sg * 0.05, e.iris_y - 0.03, e.iris_y + 0.03)


def lower_lid_box(neutral: np.ndarray, side: int) -> Box:
    """The skin under the lower lid, across the eye's width."""
    e = fm.eye(neutral, side)
    assert e is not None, "no eye found in the neutral face"
    return _sorted_box(e.iris_x - 0.04, e.iris_x + 0.04, e.bottom + 0.012, e.bottom + 0.045)


def chin_box(neutral: np.ndarray, side: int = 0) -> Box:
    """The chin boss: below the lower lip's fold, above the chin's lower edge."""
    m = fm.mouth(neutral)
    return 0.465, m.bottom + 0.03, 0.535, fm.chin(neutral) - 0.025


def under_lip_box(img: np.ndarray, side: int = 0) -> Box:
    """The skin just under the lower lip's red in the still itself (17 pushes the lip up)."""
    m = fm.mouth(img)
    return 0.45, m.bottom + 0.004, 0.55, m.bottom + 0.028


def beside_corner_box(img: np.ndarray, side: int) -> Box:
    """Just outside the lip corner of the still itself (the corner may have moved)."""
    x, y = fm.mouth(img).corners[side]
    sg = fm.SIGN[side]
    return _sorted_box(x + sg * 0.002, x + sg * 0.02, y - 0.015, y + 0.015)


def cheek_box(neutral: np.ndarray, side: int) -> Box:
    """The cheek above and outside the lip corner."""
    x, y = fm.mouth(neutral).corners[side]
    sg = fm.SIGN[side]
    return _sorted_box(x - sg * 0.01, x + sg * 0.05, y - 0.07, y - 0.012)


def _lines(img: np.ndarray, box: Box) -> float:
    """Fine-line energy as a percentage of the skin's own brightness, fair to dark skin."""
    return 100 * fm.fine_lines(img, box) / fm.brightness(img, box).mean()


def more_lines(where: Callable[[np.ndarray, int], Box]) -> Callable:
    """A cue that adds fine lines in a region found on the neutral face."""

    def cue(neutral: np.ndarray, img: np.ndarray, side: int) -> float:
        box = where(neutral, side)
        return _lines(img, box) - _lines(neutral, box)

    return cue


def dimple(neutral: np.ndarray, img: np.ndarray, side: int) -> float:
    """Fine lines just beside the lip corner, each still beside its own corner."""
    return _lines(img, beside_corner_box(img, side)) - _lines(
        neutral, beside_corner_box(neutral, side)
    )


def furrow(neutral: np.ndarray, img: np.ndarray, side: int) -> float:
    """Fine lines in the skin just under the lower lip (the mentolabial furrow), found under
    the lip where it is in each still."""
    return _lines(img, under_lip_box(img)) - _lines(neutral, under_lip_box(neutral))


def reshaded(neutral: np.ndarray, img: np.ndarray, side: int) -> float:
    """How much the shading of the cheek changes, as a percentage of its brightness."""
    box = cheek_box(neutral, side)
    before = fm.brightness(neutral, box)
    return float(100 * np.abs(fm.brightness(img, box) - before).mean() / before.mean())


Cue = Callable[[np.ndarray, np.ndarray, int], float]
CROWS_FEET, LID_BAG, CHIN_BOSS = (
    more_lines(crows_feet_box), more_lines(lower_lid_box), more_lines(chin_box)
)  # fmt: skip
# Each code's cues, how much each must show at C (percent), and cues it must leave alone.
CUES: dict[int, tuple[dict[str, tuple[Cue, float]], dict[str, Cue]]] = {
    6: ({"crow's-feet": (CROWS_FEET, 1.0), "lower-lid bag": (LID_BAG, 1.0)},
        {"chin boss": CHIN_BOSS, "dimple": dimple}),
    17: ({"chin boss": (CHIN_BOSS, 1.5), "furrow under the lower lip": (furrow, 2.0)},
         {"crow's-feet": CROWS_FEET, "lower-lid bag": LID_BAG}),
    14: ({"dimple": (dimple, 2.0)},
         {"crow's-feet": CROWS_FEET, "lower-lid bag": LID_BAG, "chin boss": CHIN_BOSS}),
    13: ({"cheek puff": (reshaded, 8.0)},
         {"crow's-feet": CROWS_FEET, "lower-lid bag": LID_BAG, "chin boss": CHIN_BOSS}),
}  # fmt: skip


@cache
def cue_seen(cue: Cue, ident: int, code: int, letter: str, side: int, who: str = "") -> float:
    return cue(_image(ident), _image(ident, code, letter, who), side)


@pytest.mark.parametrize("code", sorted(CUES))
@pytest.mark.parametrize("ident", IDENTITIES)
def test_each_crease_shows_where_it_belongs_growing_a_to_e(code, ident):
    shows, elsewhere = CUES[code]
    failures = []
    for name, (cue, percent) in shows.items():
        for side in fm.SIDES:
            steps = [cue_seen(cue, ident, code, letter, side) for letter in "ACE"]
            if not steps[1] > percent:
                failures.append(f"{code}C {name}, side {side}: {steps[1]:.1f}% <= {percent}%")
            if not steps[0] < steps[1] < steps[2]:
                failures.append(f"{code} {name}, side {side}: A, C, E {steps}")
    for name, cue in elsewhere.items():
        for side in fm.SIDES:
            stray = cue_seen(cue, ident, code, "E", side)
            if not stray < 0.5:
                failures.append(f"{code}E changes the {name} too, side {side}: {stray:.1f}%")
    assert not failures, f"face {ident}: " + "; ".join(failures)


@pytest.mark.parametrize("who", "LR")
@pytest.mark.parametrize("code", (6, 14))
@pytest.mark.parametrize("ident", IDENTITIES)
def test_one_sided_creases_show_on_their_own_side_only(code, who, ident):
    own = 1 if who == "L" else 0
    for name, (cue, percent) in CUES[code][0].items():
        moved = cue_seen(cue, ident, code, "D", own, who)
        still = cue_seen(cue, ident, code, "D", 1 - own, who)
        assert moved > percent, f"{who}{code}D on face {ident}: {name} {moved:.1f}% on its side"
        assert abs(still) < 0.5, f"{who}{code}D on face {ident}: {name} {still:.1f}% on the other"


@pytest.mark.parametrize("ident", IDENTITIES)
def test_28_rolls_the_lips_in_until_little_red_shows(ident):
    rest = fm.mouth(_image(ident)).red_area
    areas = [fm.mouth(_image(ident, 28, letter)).red_area / rest for letter in "ACE"]
    assert areas[0] > areas[1] > areas[2], (ident, areas)
    assert areas[1] < 0.6 and areas[2] < 0.3, (ident, areas)


# --- People: face shapes differ, and some resting faces a coder must learn to discount ------


def test_the_people_have_differently_shaped_faces():
    jaws, cheeks, chins = [], [], []
    for ident in IDENTITIES:
        img = _image(ident)
        tone = fm.skin_tone(img)
        for row, widths in ((0.58, cheeks), (0.76, jaws)):
            widths.append(fm.skin_width(img, row, tone))
        chins.append(fm.chin(img))
    assert max(jaws) - min(jaws) > 0.06, [round(w / PX) for w in jaws]
    assert max(cheeks) - min(cheeks) > 0.03, [round(w / PX) for w in cheeks]
    assert max(chins) - min(chins) > 0.025, [round(c / PX) for c in chins]
    # No two people share both jaw width and face length.
    for i in IDENTITIES:
        for j in range(i):
            apart = abs(jaws[i] - jaws[j]) + abs(chins[i] - chins[j])
            assert apart > 3 * PX, (i, j)


def test_some_mouths_are_uneven_at_rest():
    tilt = [abs(np.subtract(*[c[1] for c in fm.mouth(_image(i)).corners])) / PX for i in IDENTITIES]
    assert sum(t > 1.5 for t in tilt) >= 2 and sum(t < 1.0 for t in tilt) >= 3, tilt


@pytest.mark.parametrize("ident", IDENTITIES)
def test_skin_has_texture_and_a_soft_highlight(ident):
    img = _image(ident)
    cheek = (0.33, 0.5, 0.4, 0.56)
    texture = _lines(img, cheek)
    assert 0.6 < texture < 3.0, f"face {ident}: cheek texture {texture:.2f}%"
    lit = np.median(fm.brightness(img, cheek))
    for name, box in (("forehead", (0.42, 0.24, 0.58, 0.36)), ("nose", (0.47, 0.47, 0.53, 0.57))):
        sheen = 100 * (np.percentile(fm.brightness(img, box), 98) / lit - 1)
        assert sheen > 12, f"face {ident}: the {name}'s highlight is {sheen:.0f}% over the cheek"
