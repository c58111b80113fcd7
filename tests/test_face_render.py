"""The face renderer's contract: shape, determinism, identities, regions, face detection, speed."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from course.face.gallery import write_gallery
from course.face.identities import IDENTITIES, get_identity, identity_count
from course.face.pose import pose_from_score
from course.face.render import REGIONS, HeadMotion, region_box, render, render_score
from course.facs.notation import NotationError

EXPRESSIVE = (
    "1+2+5B+26", "6+12D", "6+12E+25", "4+5+7+23", "9+16+25", "9+10+17", "1+4+15",
    "1+2+4+5+20+25", "25+27E", "18E", "22D+25",
)  # fmt: skip


def test_render_gives_an_rgb_image_of_the_asked_size():
    for size in (64, 200, 320):
        img = render(pose_from_score("6+12"), 1, size)
        assert img.shape == (size, size, 3) and img.dtype == np.uint8


def test_same_inputs_give_identical_pixels():
    pose = pose_from_score("1+2+5B+L12+26")
    head = HeadMotion(yaw=4, pitch=-2, roll=3, dx=0.01)
    a = render(pose, 2, 240, head)
    b = render(pose, 2, 240, head)
    assert a.tobytes() == b.tobytes()
    assert render(pose, 2, 240).tobytes() == render(pose, 2, 240).tobytes()


def test_render_does_not_change_the_cached_neutral_face():
    before = render((), 0, 160).copy()
    render(pose_from_score("4+7+9+25+27"), 0, 160)
    assert np.array_equal(render((), 0, 160), before)


def test_score_zero_is_the_neutral_face_and_scores_are_parsed():
    assert np.array_equal(render_score("0", 3, 128), render((), 3, 128))
    assert np.array_equal(render_score("12D", 3, 128), render(pose_from_score("12D"), 3, 128))
    with pytest.raises(NotationError):
        render_score("26+27")


def test_head_motion_moves_the_picture_and_none_is_still():
    still = render((), 0, 160)
    assert np.array_equal(render((), 0, 160, HeadMotion()), still)
    for head in (HeadMotion(yaw=6), HeadMotion(pitch=5), HeadMotion(roll=4), HeadMotion(dx=0.02)):
        moved = np.abs(render((), 0, 160, head).astype(int) - still).max(axis=2) > 20
        assert moved.sum() > 200, head


def test_regions_are_boxes_inside_the_image_in_the_right_order():
    for size in (100, 320):
        boxes = {name: region_box(name, size) for name in REGIONS}
        for x0, y0, x1, y1 in boxes.values():
            assert 0 <= x0 < x1 <= size and 0 <= y0 < y1 <= size
        centre_y = {k: (b[1] + b[3]) / 2 for k, b in boxes.items()}
        assert centre_y["brows"] < centre_y["eyes"] < centre_y["cheeks"] < centre_y["mouth"]
    with pytest.raises(ValueError, match="region"):
        region_box("ears", 320)


def test_there_are_at_least_eight_different_people():
    assert identity_count() == len(IDENTITIES) >= 8
    assert {p.sex for p in IDENTITIES} == {"f", "m"}
    assert max(p.age for p in IDENTITIES) - min(p.age for p in IDENTITIES) >= 30
    faces = [render((), i, 96).astype(int) for i in range(identity_count())]
    for i in range(len(faces)):
        for j in range(i):
            assert np.abs(faces[i] - faces[j]).mean() > 8, (i, j)
    with pytest.raises(ValueError, match="face number"):
        get_identity(identity_count())


def forehead_lines(ident: int) -> float:
    """Horizontal-line energy in the middle of the forehead (noise and pores are isotropic)."""
    grey = cv2.cvtColor(render((), ident, 256), cv2.COLOR_RGB2GRAY).astype(np.float32)
    area = grey[int(0.27 * 256) : int(0.33 * 256), int(0.42 * 256) : int(0.58 * 256)]
    across = np.abs(np.diff(area, axis=0)).mean()
    along = np.abs(np.diff(area, axis=1)).mean()
    return float(across - along)


def test_some_people_have_forehead_lines_at_rest():
    lined = [i for i, p in enumerate(IDENTITIES) if p.forehead_lines >= 0.6]
    smooth = [i for i, p in enumerate(IDENTITIES) if p.forehead_lines == 0]
    assert lined and smooth
    assert min(forehead_lines(i) for i in lined) > max(forehead_lines(i) for i in smooth) + 1.0


@pytest.mark.parametrize("ident", range(len(IDENTITIES)))
def test_a_standard_face_detector_finds_every_face(ident):
    # OpenCV 4 is a requirement: a build without the Haar cascade must fail here, not skip.
    assert hasattr(cv2, "CascadeClassifier"), "this OpenCV build has no Haar cascade"
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    assert not cascade.empty(), "the frontal-face Haar cascade did not load"
    fx0, fy0, fx1, fy1 = region_box("face", 320)
    for score in ("0", *EXPRESSIVE):
        grey = cv2.cvtColor(render_score(score, ident, 320), cv2.COLOR_RGB2GRAY)
        found = cascade.detectMultiScale(grey, 1.1, 4, minSize=(80, 80))
        assert len(found) >= 1, (ident, score)
        x, y, w, h = found[0]
        overlap_w = min(x + w, fx1) - max(x, fx0)
        overlap_h = min(y + h, fy1) - max(y, fy0)
        assert overlap_w > 0.6 * w and overlap_h > 0.6 * h, (ident, score, found)


def test_gallery_writes_readable_contact_sheets(tmp_path):
    paths = write_gallery(tmp_path, size=64, prototypes=["6+12", "1+4+15"])
    names = {p.name for p in paths}
    assert len(paths) == len(set(paths)) and all(p.exists() for p in paths)
    assert sum(n.startswith("identity_") for n in names) == identity_count()
    assert {"au_12_a_to_e.png", "pair_09_vs_10.png", "prototypes.png", "one_sided.png"} <= names
    assert {"head_and_eye_positions.png", "three_quarter.png"} <= names
    sheet = cv2.imread(str(tmp_path / "three_quarter.png"))
    assert sheet.shape[0] > identity_count() * 64  # a row per identity
    sheet = cv2.imread(str(tmp_path / "pair_09_vs_10.png"))
    assert sheet is not None and sheet.shape[1] == 3 * 64
