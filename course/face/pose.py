"""What a face is doing at one instant: the actions and how far each has gone.

A pose is the renderer's input. Scores (``"1+2+5B+L12"``) become poses through
:func:`pose_from_score`; clips build a pose per frame from a timeline of events.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..facs.notation import Score, parse

# How far each intensity letter moves the face, on a 0 (neutral) to 1 (maximum) scale.
# Ordinal, not equal steps: C and D cover wider ranges than A and E, as in FACS.
INTENSITY_AMOUNT = {"A": 0.15, "B": 0.32, "C": 0.55, "D": 0.8, "E": 1.0}
DEFAULT_AMOUNT = INTENSITY_AMOUNT["C"]


@dataclass(frozen=True)
class Action:
    """One code in motion: ``amount`` from 0 (at rest) to 1 (maximum) on ``side``.

    ``side`` is ``""`` for both sides, ``"L"`` or ``"R"`` for the person's own left or right
    (the person's left is on the viewer's right). ``lip`` is ``""``, ``"T"`` or ``"B"``.
    """

    code: int
    amount: float
    side: str = ""
    lip: str = ""


Pose = tuple[Action, ...]


def amount_of(intensity: str) -> float:
    """The amount for an intensity letter; a code scored without one is shown at C."""
    return INTENSITY_AMOUNT.get(intensity, DEFAULT_AMOUNT) if intensity else DEFAULT_AMOUNT


def pose_from_score(score: str | Score) -> Pose:
    """The apex pose of a score. Raises NotationError for a score FACS does not allow."""
    side_of = {"L": "L", "R": "R", "U": "L"}
    return tuple(
        Action(e.code, amount_of(e.intensity), side_of.get(e.prefix, ""), e.lip)
        for e in parse(score)
    )
