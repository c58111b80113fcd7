"""The synthetic people of the course: face shape, colouring, age cues and resting lines.

Identities differ the way real people do, so learners judge every movement against that
person's own neutral face: some have forehead lines or nasolabial folds at rest.
Lengths are fractions of the image size; colours are RGB.
"""

from __future__ import annotations

from dataclasses import dataclass

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Identity:
    """One synthetic person, frontal, at rest."""

    name: str
    sex: str  # "f" or "m": drives hair, jaw, brow weight and stubble
    age: int
    skin: RGB
    lips: RGB
    hair: RGB
    brows: RGB
    iris: RGB
    hair_style: str  # "long", "short", "coily", "bob", "bun", "curly", "bald"
    cheek_w: float = 0.245  # half-width of the face at the cheekbones
    jaw_w: float = 0.21  # half-width at the jaw angle
    chin_w: float = 0.08  # half-width of the chin
    chin_y: float = 0.865  # bottom of the chin
    hairline_y: float = 0.2  # top of the forehead at the midline
    eye_sep: float = 0.094  # half the distance between the eye centres
    eye_w: float = 0.047  # half-width of the eye opening
    eye_h: float = 0.019  # height of the upper-lid arch above the corners
    brow_thick: float = 0.012
    brow_arch: float = 0.012
    brow_gap: float = 0.028  # space above the upper lid crease
    nose_w: float = 0.043  # half-width of the nostril wings
    nose_y: float = 0.585  # the base of the nose
    mouth_y: float = 0.675
    mouth_w: float = 0.079  # half-width of the mouth
    lip_top: float = 0.021  # height of the red of the upper lip
    lip_bottom: float = 0.026
    forehead_lines: float = 0.0  # resting lines, 0 (none) to 1 (deep)
    nasolabial: float = 0.0
    crows_feet: float = 0.0
    bags: float = 0.0
    glabella: float = 0.0
    stubble: float = 0.0
    hooded: float = 0.0  # skin above the eye folding down over the lid, 0 to 1
    full_lids: float = 0.0  # skin under the brow full enough to fill the hollow above the lid
    mouth_tilt: float = 0.0  # the person's left lip corner higher at rest (negative: lower)
    background: RGB = (200, 205, 212)
    clothes: RGB = (70, 90, 120)


IDENTITIES: tuple[Identity, ...] = (
    # A narrow oval face with a small pointed chin, full lips, a narrow nose.
    Identity(
        "Ana", "f", 26, (232, 190, 160), (196, 98, 100), (92, 58, 36), (96, 64, 44),
        (92, 120, 70), "long", cheek_w=0.226, jaw_w=0.192, chin_w=0.062, chin_y=0.874,
        lip_top=0.023, lip_bottom=0.029, brow_thick=0.01, brow_arch=0.016, eye_w=0.048,
        eye_sep=0.094, nose_w=0.043, mouth_w=0.076, background=(196, 206, 214),
    ),
    # A broad square jaw and wide nose; his mouth sits a little higher on his left at rest.
    Identity(
        "Kofi", "m", 34, (150, 100, 70), (130, 72, 68), (28, 24, 22), (30, 26, 24),
        (60, 40, 28), "coily", cheek_w=0.256, jaw_w=0.242, chin_w=0.106, chin_y=0.88,
        brow_thick=0.014, brow_arch=0.008, mouth_w=0.086, lip_top=0.024, lip_bottom=0.029,
        nose_w=0.055, eye_sep=0.098, stubble=0.5, hairline_y=0.19, mouth_tilt=0.005,
        clothes=(110, 60, 50),
    ),
    # Hooded upper lids, thin lips, forehead lines and nasolabial folds at rest.
    Identity(
        "Margaret", "f", 64, (236, 200, 182), (186, 104, 112), (196, 194, 190), (120, 104, 92),
        (84, 110, 140), "short", cheek_w=0.242, jaw_w=0.2, chin_w=0.075, chin_y=0.86,
        lip_top=0.015, lip_bottom=0.02, brow_thick=0.008, brow_arch=0.014, forehead_lines=0.75,
        nasolabial=0.8, crows_feet=0.7, bags=0.5, glabella=0.3, hairline_y=0.2, hooded=0.7,
        mouth_w=0.076, background=(206, 200, 192),
        clothes=(120, 70, 110),
    ),
    # A wide face, heavy lids, deep lines between the brows.
    Identity(
        "Samuel", "m", 56, (104, 68, 50), (110, 60, 58), (70, 66, 62), (40, 34, 30),
        (48, 32, 24), "short", cheek_w=0.255, jaw_w=0.232, chin_w=0.097, chin_y=0.87,
        brow_thick=0.013, brow_arch=0.006, nose_w=0.052, mouth_w=0.084, forehead_lines=0.6,
        glabella=0.7, nasolabial=0.5, stubble=0.25, hairline_y=0.18, hooded=0.6,
        clothes=(60, 60, 64),
    ),
    # A round, short face with wide-set narrow eyes, a small mouth.
    Identity(
        "Mei", "f", 38, (228, 196, 166), (184, 92, 96), (22, 20, 22), (40, 34, 32),
        (52, 36, 28), "bob", cheek_w=0.258, jaw_w=0.224, chin_w=0.084, chin_y=0.856,
        eye_h=0.016, eye_w=0.046, eye_sep=0.097, brow_thick=0.009, brow_arch=0.01,
        nasolabial=0.25, nose_w=0.041, mouth_w=0.073, background=(210, 212, 200),
        clothes=(40, 100, 90),
    ),
    # A long face, close-set eyes, a long nose and a strong chin.
    Identity(
        "Luca", "m", 22, (212, 168, 130), (168, 90, 84), (54, 40, 30), (52, 38, 28),
        (70, 50, 30), "curly", cheek_w=0.232, jaw_w=0.21, chin_w=0.09, chin_y=0.895,
        brow_thick=0.013, brow_arch=0.01, mouth_w=0.077, lip_top=0.018, eye_sep=0.09,
        nose_w=0.044, clothes=(150, 120, 60),
    ),
    # A heart-shaped face: wide cheekbones, a narrow chin, full lips.
    Identity(
        "Amara", "f", 31, (120, 78, 56), (120, 62, 62), (18, 16, 16), (26, 20, 18),
        (40, 26, 18), "bun", cheek_w=0.25, jaw_w=0.186, chin_w=0.062, lip_top=0.025,
        lip_bottom=0.031, brow_thick=0.01, brow_arch=0.015, nose_w=0.05, crows_feet=0.2,
        hairline_y=0.2, background=(214, 204, 196), clothes=(180, 90, 60),
    ),
    # Deep lines everywhere, heavy hooded lids, a wide jaw; the mouth droops on his right.
    Identity(
        "Walter", "m", 72, (226, 176, 150), (170, 96, 96), (214, 212, 208), (100, 94, 90),
        (100, 110, 120), "bald", cheek_w=0.25, jaw_w=0.232, chin_w=0.094, chin_y=0.87,
        brow_thick=0.013, brow_arch=0.007, lip_top=0.014, lip_bottom=0.019,
        forehead_lines=0.8, nasolabial=1.0, crows_feet=0.9, bags=0.8, glabella=0.6,
        hairline_y=0.17, eye_h=0.017, hooded=1.0, full_lids=1.0, mouth_tilt=0.004,
        clothes=(90, 80, 70),
    ),
)  # fmt: skip


def identity_count() -> int:
    """How many synthetic people the course can draw."""
    return len(IDENTITIES)


def get_identity(index: int) -> Identity:
    """The identity at ``index``; raises ValueError for an index the course does not have."""
    if not 0 <= index < len(IDENTITIES):
        raise ValueError(
            f"There is no face number {index}: choose a number from 0 to {len(IDENTITIES) - 1}."
        )
    return IDENTITIES[index]
