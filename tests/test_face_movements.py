"""Each FACS code changes the synthetic face where coders look, graded by intensity and side."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from course.face.pose import INTENSITY_AMOUNT, Action
from course.face.render import region_box, render, render_score

SIZE = 192
IDENTITIES = (0, 3, 7)  # light young woman, dark-skinned man with lines, old man
EVERYONE = range(8)  # for the creases coders look for, which must show on every skin

# Where each code's change must fall (one or more face regions).
WHERE = {
    1: "brows", 2: "brows", 4: "brows",
    5: "eyes", 6: "eyes cheeks", 7: "eyes", 43: "eyes", 45: "eyes", 46: "eyes",
    61: "eyes", 62: "eyes", 63: "eyes", 64: "eyes",
    9: "cheeks mouth", 11: "cheeks", 38: "cheeks", 39: "cheeks",
    10: "mouth cheeks", 12: "mouth cheeks", 13: "mouth cheeks", 14: "mouth cheeks",
    20: "mouth cheeks", 8: "mouth", 15: "mouth", 16: "mouth", 17: "mouth", 18: "mouth",
    22: "mouth", 23: "mouth", 24: "mouth", 25: "mouth", 26: "mouth", 27: "mouth", 28: "mouth",
}  # fmt: skip
# Blink and wink are all-or-nothing in a still: closed from C upward.
GRADED = sorted(set(WHERE) - {45, 46})


def neutral(ident: int) -> np.ndarray:
    return render((), ident, SIZE)


def changed(a: np.ndarray, b: np.ndarray, level: int = 10) -> np.ndarray:
    """Pixels whose colour moved by more than ``level`` in some channel."""
    return np.abs(a.astype(np.int16) - b.astype(np.int16)).max(axis=2) > level


def change(a: np.ndarray, b: np.ndarray) -> int:
    return int(np.abs(a.astype(np.int32) - b.astype(np.int32)).sum())


def region_mask(regions: str, size: int = SIZE) -> np.ndarray:
    mask = np.zeros((size, size), bool)
    for name in regions.split():
        x0, y0, x1, y1 = region_box(name, size)
        mask[y0:y1, x0:x1] = True
    return mask


def box(img: np.ndarray, x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    s = img.shape[0]
    return img[int(y0 * s) : int(y1 * s), int(x0 * s) : int(x1 * s)]


def still(code: int, letter: str, ident: int, side: str = "", lip: str = "") -> np.ndarray:
    return render((Action(code, INTENSITY_AMOUNT[letter], side, lip),), ident, SIZE)


@pytest.mark.parametrize("code", sorted(WHERE))
def test_change_is_in_the_codes_region(code):
    inside = region_mask(WHERE[code])
    for ident in IDENTITIES:
        base = neutral(ident)
        for letter in "CE":
            moved = changed(still(code, letter, ident), base)
            assert moved.sum() > 30, f"{code}{letter} barely changes face {ident}"
            share = (moved & inside).sum() / moved.sum()
            assert share > 0.85, (
                f"{code}{letter} on face {ident}: only {share:.0%} in {WHERE[code]}"
            )


@pytest.mark.parametrize("code", sorted(WHERE))
def test_trace_intensity_is_visible(code):
    for ident in IDENTITIES:
        moved = changed(still(code, "A", ident), neutral(ident), level=6)
        assert moved.sum() >= 6, f"{code}A is invisible on face {ident}"


@pytest.mark.parametrize("code", GRADED)
def test_intensity_grows_from_a_to_e(code):
    for ident in IDENTITIES:
        base = neutral(ident)
        sizes = [change(still(code, letter, ident), base) for letter in "ABCDE"]
        assert sizes == sorted(sizes) and len(set(sizes)) == 5, (code, ident, sizes)


@pytest.mark.parametrize(
    ("score", "region"),
    [("L12", "mouth cheeks"), ("R12", "mouth cheeks"), ("R2", "brows"), ("L1", "brows"),
     ("L4", "brows"), ("L6", "eyes cheeks"), ("R7", "eyes"), ("R14", "mouth cheeks"),
     ("L15", "mouth"), ("R20", "mouth cheeks"), ("L46", "eyes"), ("R46", "eyes"),
     ("L43", "eyes"), ("R5", "eyes"), ("L9", "cheeks mouth"), ("R10", "mouth cheeks")],
)  # fmt: skip
def test_one_sided_actions_stay_on_their_side(score, region):
    # The person's left is the viewer's right: larger x in the image.
    for ident in IDENTITIES:
        moved = changed(render_score(score, ident, SIZE), neutral(ident))
        band = SIZE // 32  # a lip or the nose bridge joins the sides at the midline
        right_half = moved[:, SIZE // 2 + band :].sum()
        left_half = moved[:, : SIZE // 2 - band].sum()
        near, far = (right_half, left_half) if score[0] == "L" else (left_half, right_half)
        assert near > 12 and far <= 0.1 * near, (score, ident, near, far)


def test_wink_defaults_to_the_persons_left_eye():
    img = render((Action(46, 1.0),), 0, SIZE)
    moved = changed(img, neutral(0))
    assert moved[:, SIZE // 2 :].sum() > 10 * max(1, moved[:, : SIZE // 2].sum())


def test_blink_still_shows_both_eyes_closed():
    img = render_score("45", 0, SIZE)
    for x0 in (0.33, 0.53):
        eye = box(img, x0, 0.42, x0 + 0.14, 0.47)
        white = (eye.min(axis=2) > 200).sum()
        assert white == 0, "the white of the eye still shows during a blink"
    open_eye = box(neutral(0), 0.33, 0.42, 0.47, 0.47)
    assert (open_eye.min(axis=2) > 200).sum() >= 4


def difference_in(a: np.ndarray, b: np.ndarray, *area: float) -> int:
    return change(box(a, *area), box(b, *area))


# Boxes (fractions of the image) for the cues that separate confusable codes.
FOREHEAD_CENTRE = (0.44, 0.2, 0.56, 0.34)
FOREHEAD_SIDES = (0.28, 0.2, 0.38, 0.34)
NOSE_BRIDGE = (0.46, 0.43, 0.54, 0.52)
BELOW_EYE = (0.31, 0.46, 0.48, 0.56)
GLABELLA = (0.47, 0.35, 0.53, 0.41)


@pytest.mark.parametrize("ident", EVERYONE)
def test_1_and_2_put_forehead_lines_in_the_centre_or_at_the_sides(ident):
    n, au1, au2 = neutral(ident), render_score("1D", ident, SIZE), render_score("2D", ident, SIZE)
    assert difference_in(au1, n, *FOREHEAD_CENTRE) > 3 * difference_in(au2, n, *FOREHEAD_CENTRE)
    assert difference_in(au2, n, *FOREHEAD_SIDES) > 3 * difference_in(au1, n, *FOREHEAD_SIDES)


@pytest.mark.parametrize("ident", EVERYONE)
def test_9_wrinkles_the_nose_bridge_and_10_does_not(ident):
    n = neutral(ident)
    au9, au10 = render_score("9D", ident, SIZE), render_score("10D", ident, SIZE)
    assert difference_in(au9, n, *NOSE_BRIDGE) > 4 * difference_in(au10, n, *NOSE_BRIDGE)
    # Both raise the upper lip.
    lip = (0.42, 0.6, 0.58, 0.7)
    assert difference_in(au10, n, *lip) > 0 and difference_in(au9, n, *lip) > 0


@pytest.mark.parametrize("ident", IDENTITIES)
def test_6_changes_below_the_eye_more_than_7(ident):
    n = neutral(ident)
    au6, au7 = render_score("6D", ident, SIZE), render_score("7D", ident, SIZE)
    assert difference_in(au6, n, *BELOW_EYE) > 2 * difference_in(au7, n, *BELOW_EYE)
    # Crow's feet: only 6 changes the skin beyond the outer eye corner.
    outer = (0.648, 0.4, 0.72, 0.5)
    assert difference_in(au6, n, *outer) > 3 * difference_in(au7, n, *outer)


@pytest.mark.parametrize("ident", EVERYONE)
def test_1_plus_4_shows_central_lines_and_a_furrow(ident):
    n = neutral(ident)
    au4, au14 = render_score("4D", ident, SIZE), render_score("1D+4D", ident, SIZE)
    assert difference_in(au14, n, *FOREHEAD_CENTRE) > 3 * difference_in(au4, n, *FOREHEAD_CENTRE)
    assert difference_in(au14, render_score("1D", ident, SIZE), *GLABELLA) > 0


@pytest.mark.parametrize("ident", IDENTITIES)
def test_6_plus_12_differs_from_12_around_the_eyes(ident):
    au12, both = render_score("12C", ident, SIZE), render_score("6C+12C", ident, SIZE)
    assert changed(both, au12)[region_mask("eyes")].sum() > 40


def lips(img: np.ndarray) -> np.ndarray:
    """Pixels with the colour of the red of the lips (red, no yellow): skin has more green."""
    r, g, b = (img[..., k].astype(int) for k in range(3))
    return (r - g > 35) & (g - b < 12)


def mouth_rows(img: np.ndarray) -> np.ndarray:
    """Rows on the mouth's centre line that show the dark mouth interior or teeth."""
    col = box(img, 0.49, 0.6, 0.51, 0.9).mean(axis=1)
    dark = np.abs(col - (62, 22, 26)).max(axis=1) < 15
    teeth = (col.min(axis=1) > 115) & (np.ptp(col, axis=1) < 40)
    return dark | teeth


@pytest.mark.parametrize("ident", IDENTITIES)
def test_25_26_27_open_the_mouth_further_each(ident):
    shut = mouth_rows(neutral(ident))
    parted, dropped, stretched = (
        int((mouth_rows(render_score(s, ident, SIZE)) & ~shut).sum())
        for s in ("25", "25+26", "25+27")
    )
    assert 2 <= parted < dropped < stretched


@pytest.mark.parametrize("ident", IDENTITIES)
def test_lip_corners_move_the_right_way(ident):
    def corner_y(score: str) -> float:
        img = render_score(score, ident, SIZE)
        area = lips(img)[int(0.6 * SIZE) : int(0.78 * SIZE), int(0.55 * SIZE) :]
        ys, xs = np.nonzero(area)
        outer = xs >= xs.max() - 2
        return float(ys[outer].mean())

    rest = corner_y("0")
    assert corner_y("12D") < rest - 1.5  # up
    assert corner_y("15D") > rest + 1.5  # down
    assert corner_y("13D") < rest - 1.5


@pytest.mark.parametrize("ident", IDENTITIES)
def test_mouth_width_grows_with_20_and_shrinks_with_18(ident):
    def width(score: str) -> int:
        img = render_score(score, ident, SIZE)
        cols = np.nonzero(lips(img)[int(0.6 * SIZE) : int(0.75 * SIZE)].any(axis=0))[0]
        return int(cols.max() - cols.min())

    rest = width("0")
    assert width("20D") > rest + 3
    assert width("18D") < rest - 5
    assert width("14D") < rest


def iris_shift(score: str, ident: int) -> float:
    """How far right the iris went: where the eye darkened minus where it brightened."""
    before = box(neutral(ident), 0.52, 0.41, 0.68, 0.48).astype(int).sum(axis=2)
    after = box(render_score(score, ident, SIZE), 0.52, 0.41, 0.68, 0.48).astype(int).sum(axis=2)
    darker = np.nonzero(after < before - 60)[1]
    lighter = np.nonzero(after > before + 60)[1]
    return float(darker.mean() - lighter.mean())


@pytest.mark.parametrize("ident", IDENTITIES)
def test_gaze_moves_the_iris(ident):
    assert iris_shift("61D", ident) > 1.5  # toward the person's left, the image right
    assert iris_shift("62D", ident) < -1.5


def test_head_positions_move_the_whole_face():
    n = neutral(0)

    def centre_x(img: np.ndarray) -> float:
        ys, xs = np.nonzero(changed(img, np.full_like(img, img[2, 2]), 40)[: int(0.8 * SIZE)])
        return float(xs.mean())

    for code in (51, 52, 53, 54, 55, 56, 57, 58):
        moved = changed(render_score(f"{code}D", 0, SIZE), n)
        assert moved[region_mask("face")].sum() > 0.1 * region_mask("face").sum(), code
    assert centre_x(render_score("51D", 0, SIZE)) > centre_x(n) + 1
    assert centre_x(render_score("52D", 0, SIZE)) < centre_x(n) - 1

    def top_x(img: np.ndarray) -> float:
        hair = img[: SIZE // 5].astype(int).sum(axis=2) < 150
        return float(np.nonzero(hair)[1].mean())

    # Tilting toward the person's left shoulder moves the top of the head to the image right.
    dark_hair = render((), 1, SIZE)
    assert top_x(render_score("55D", 1, SIZE)) > top_x(dark_hair) + 3
    assert top_x(render_score("56D", 1, SIZE)) < top_x(dark_hair) - 3

    def mouth_y(img: np.ndarray) -> float:
        return float(np.nonzero(lips(img))[0].mean())

    assert mouth_y(render_score("53D", 0, SIZE)) < mouth_y(n) - 2  # chin up: features rise
    assert mouth_y(render_score("54D", 0, SIZE)) > mouth_y(n) + 2


def test_lip_field_of_28_picks_the_lip():
    n = neutral(0)
    top, bottom = render_score("T28D", 0, SIZE), render_score("B28D", 0, SIZE)
    upper_lip, lower_lip = (0.42, 0.63, 0.58, 0.675), (0.42, 0.675, 0.58, 0.72)
    assert difference_in(top, n, *upper_lip) > 2 * difference_in(top, n, *lower_lip)
    assert difference_in(bottom, n, *lower_lip) > 2 * difference_in(bottom, n, *upper_lip)


ABOVE_AND_BELOW_LIPS = [(0.42, 0.6, 0.58, 0.635), (0.42, 0.72, 0.58, 0.76)]


@pytest.mark.parametrize("ident", IDENTITIES)
def test_24_bulges_the_skin_around_the_lips_more_than_23(ident):
    n = neutral(ident)
    au23, au24 = render_score("23D", ident, SIZE), render_score("24D", ident, SIZE)
    for area in ABOVE_AND_BELOW_LIPS:
        assert difference_in(au24, n, *area) > 1.5 * difference_in(au23, n, *area)


@pytest.mark.parametrize("ident", IDENTITIES)
def test_17_works_on_the_chin_and_15_on_the_corners(ident):
    n = neutral(ident)
    au15, au17 = render_score("15D", ident, SIZE), render_score("17D", ident, SIZE)
    chin = (0.44, 0.76, 0.56, 0.86)
    assert difference_in(au17, n, *chin) > 2 * difference_in(au15, n, *chin)


@pytest.mark.parametrize("ident", IDENTITIES)
def test_22_opens_a_funnel_and_18_keeps_the_lips_closed(ident):
    shut = mouth_rows(neutral(ident))
    funnel = int((mouth_rows(render_score("22D", ident, SIZE)) & ~shut).sum())
    pucker = int((mouth_rows(render_score("18D", ident, SIZE)) & ~shut).sum())
    assert funnel >= 2 and pucker == 0


@pytest.mark.parametrize("ident", IDENTITIES)
def test_10_raises_the_lip_and_11_mostly_deepens_the_furrow(ident):
    n = neutral(ident)
    au10, au11 = render_score("10D", ident, SIZE), render_score("11D", ident, SIZE)
    lip = (0.44, 0.62, 0.56, 0.69)
    assert difference_in(au10, n, *lip) > 3 * difference_in(au11, n, *lip)
    furrow = mouth_rows(au11) & ~mouth_rows(n)
    assert not furrow.any()


@pytest.mark.parametrize("ident", IDENTITIES)
def test_5_opens_the_lid_and_2_leaves_it(ident):
    n = neutral(ident)
    au2, au5 = render_score("2D", ident, SIZE), render_score("5D", ident, SIZE)
    lid = (0.33, 0.41, 0.67, 0.455)
    assert difference_in(au5, n, *lid) > 2 * difference_in(au2, n, *lid)


@pytest.mark.parametrize("ident", IDENTITIES)
def test_7_narrows_from_below_and_43_from_above(ident):
    n = neutral(ident)
    au7, au43 = render_score("7D", ident, SIZE), render_score("43C", ident, SIZE)
    above = (0.33, 0.405, 0.67, 0.44)
    below = (0.33, 0.45, 0.67, 0.475)
    assert difference_in(au43, n, *above) > difference_in(au7, n, *above)
    assert difference_in(au7, n, *below) > difference_in(au43, n, *below)


def lip_extent(img: np.ndarray) -> tuple[int, float]:
    """Width of the red of the lips, and how high its corner on the image right sits."""
    area = lips(img)[int(0.6 * SIZE) : int(0.8 * SIZE)]
    ys, xs = np.nonzero(area)
    return int(xs.max() - xs.min()), float(ys[xs >= xs.max() - 2].mean())


@pytest.mark.parametrize("ident", IDENTITIES)
def test_12_at_c_is_a_broad_smile_up_and_back(ident):
    rest_width, rest_corner = lip_extent(neutral(ident))
    width, corner = lip_extent(render_score("12C", ident, SIZE))
    assert width >= rest_width + 5 and corner <= rest_corner - 3, (width, corner)


def teeth_rows(img: np.ndarray) -> int:
    col = box(img, 0.48, 0.6, 0.52, 0.9).mean(axis=1)
    return int(((col.min(axis=1) > 115) & (np.ptp(col, axis=1) < 40)).sum())


@pytest.mark.parametrize("ident", IDENTITIES)
def test_25_parts_the_lips_over_the_teeth_and_26_drops_the_chin(ident):
    n = neutral(ident)
    below = int(0.8 * SIZE)  # the chin, well under the lower lip
    parted, dropped = render_score("25C", ident, SIZE), render_score("26C", ident, SIZE)
    assert teeth_rows(parted) >= 2 and teeth_rows(dropped) >= 2
    assert changed(parted, n)[below:].sum() == 0  # 25 alone leaves the jaw where it was
    assert changed(dropped, n)[below:].sum() > 40  # the chin goes down: the face lengthens
    gap = int((mouth_rows(dropped) & ~mouth_rows(n)).sum())
    assert gap >= 5, gap


@pytest.mark.parametrize("ident", IDENTITIES)
def test_16_shows_the_lower_teeth_and_10_the_upper(ident):
    assert teeth_rows(render_score("16D+25", ident, SIZE)) > teeth_rows(
        render_score("25", ident, SIZE)
    )
    assert teeth_rows(render_score("10D", ident, SIZE)) >= 2


def nostril_pixels(img: np.ndarray) -> int:
    """Dark pixels (the nostril openings) under the tip of the nose."""
    area = box(img, 0.42, 0.55, 0.58, 0.6).astype(int).sum(axis=2)
    skin = np.median(area)
    return int((area < 0.55 * skin).sum())


@pytest.mark.parametrize("ident", range(8))
def test_38_and_39_flare_and_narrow_the_nostrils_on_every_skin(ident):
    rest = nostril_pixels(render((), ident, SIZE))
    assert nostril_pixels(render_score("38D", ident, SIZE)) > 1.3 * rest
    assert nostril_pixels(render_score("39D", ident, SIZE)) < 0.85 * rest


def opening(img: np.ndarray) -> tuple[int, int]:
    """Width and height of the open mouth: its dark inside and the teeth."""
    area = box(img, 0.38, 0.6, 0.62, 0.8).astype(int)
    dark = np.abs(area - (62, 22, 26)).max(axis=2) < 16
    teeth = (area.min(axis=2) > 115) & (np.ptp(area, axis=2) < 40)
    inside = dark | teeth
    return int(inside.any(axis=0).sum()), int(inside.any(axis=1).sum())


@pytest.mark.parametrize("ident", IDENTITIES)
def test_27_stretches_the_mouth_taller_and_narrower_than_26(ident):
    w26, h26 = opening(render_score("25+26C", ident, SIZE))
    w27, h27 = opening(render_score("25+27C", ident, SIZE))
    assert h27 > 1.2 * h26 and w27 < w26, (w26, h26, w27, h27)


@pytest.mark.parametrize("ident", IDENTITIES)
def test_23_narrows_the_red_of_the_lips_and_28_hides_it(ident):
    def red_height(img: np.ndarray) -> int:
        """Rows of lip red down the middle of the mouth."""
        return int(lips(box(img, 0.46, 0.6, 0.54, 0.78)).any(axis=1).sum())

    rest = red_height(neutral(ident))
    assert red_height(render_score("23C", ident, SIZE)) < 0.75 * rest
    assert red_height(render_score("28D", ident, SIZE)) <= 3  # only the line where lips meet


def vertical_lines(img: np.ndarray) -> float:
    """Vertical-line energy between the brows: brightness steps across minus steps down."""
    grey = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY).astype(np.float32)
    area = box(grey, 0.46, 0.34, 0.54, 0.42)
    return float(np.abs(np.diff(area, axis=1)).mean() - np.abs(np.diff(area, axis=0)).mean())


@pytest.mark.parametrize("ident", EVERYONE)
def test_4_furrows_the_skin_between_the_brows_on_every_skin(ident):
    rest = vertical_lines(render((), ident, 256))
    b, d = (vertical_lines(render_score(s, ident, 256)) for s in ("4B", "4D"))
    assert rest + 0.25 < d and b < d, (ident, rest, b, d)
    # Raising the brows (1) lines the forehead across, not between the brows.
    assert vertical_lines(render_score("1D", ident, 256)) <= rest, ident
