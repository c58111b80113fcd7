"""The confusable pairs: each pair the catalog lists, drawn side by side, with its cue."""

from __future__ import annotations

from pathlib import Path

from fpdf import XPos, YPos

from ..facs.codes import Code, Confusion, catalog
from .layout import ACCENT, INK, Handout
from .pictures import Box, Faces, region_of, score_for, widened

SIDE = 56.0  # width of each close-up, in mm
GAP = 3.0
CUE_SIZE = 10.0
ASPECT = 4 / 3


def _order(pair: Confusion) -> tuple[int, list[int]]:
    codes = catalog().codes
    return (min(codes[c].week for c in pair.codes), sorted(pair.codes))


def _close_up(first: Code, second: Code) -> Box:
    """The smallest box showing where both codes act, at the close-up aspect."""
    a, b = region_of(first), region_of(second)
    union = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
    return widened(union, ASPECT)


def _column(pdf: Handout) -> tuple[float, float]:
    x = pdf.l_margin + 2 * SIDE + GAP + 6
    return x, pdf.w - pdf.r_margin - x


def _height(pdf: Handout, pair: Confusion) -> float:
    _, width = _column(pdf)
    cue = 4.5 + pdf.text_height(pair.cue, CUE_SIZE, width)
    return 8 + max(SIDE / ASPECT + 5, cue) + 4


def _pair(pdf: Handout, pair: Confusion, faces: Faces) -> None:
    codes = catalog().codes
    first, second = (codes[c] for c in pair.codes)
    pdf.set_font("Sans", "B", 12)
    pdf.set_text_color(*INK)
    heading = f"{first.code} {first.name} vs {second.code} {second.name}"
    pdf.cell(0, 7, heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    y = pdf.get_y() + 1
    box = _close_up(first, second)
    for n, score in enumerate((score_for(first), score_for(second))):
        x = pdf.l_margin + n * (SIDE + GAP)
        bottom = pdf.picture(faces(score, box=box), x, y, SIDE, score)
    x, width = _column(pdf)
    with pdf.column(x, width, y):
        pdf.set_font("Sans", "B", 7.5)
        pdf.set_text_color(*ACCENT)
        pdf.cell(0, 4.5, "HOW TO TELL THEM APART", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.paragraph(pair.cue, size=CUE_SIZE)
        bottom = max(bottom, pdf.get_y())
    pdf.set_xy(pdf.l_margin, bottom + 1)


def build_confusable_pairs(path: Path, faces: Faces) -> Path:
    """Write every confusable pair of the catalog, side by side with its cue, to ``path``."""
    pdf = Handout("Confusable pairs", "Codes that learners confuse, and how to tell them apart")
    pdf.title_block(
        "Confusable pairs",
        "The pairs of codes that learners mix up most, each drawn on the same person at "
        "intensity C (codes without intensity as they are), close up on the part of the face "
        "where they differ, with the cue that separates them. The AU reference cards show "
        "each code on the whole face beside the neutral face.",
    )
    for pair in sorted(catalog().confusions, key=_order):
        pdf.keep(_height(pdf, pair))
        _pair(pdf, pair, faces)
        pdf.ln(3)
    return pdf.save(path)
