"""Printable handouts (PDF), generated from the code catalog and the synthetic-face renderer.

Built by ``make handouts``; the PDFs are never edited by hand, so they cannot drift from the
course.
"""

from __future__ import annotations

from pathlib import Path

from .pairs import build_confusable_pairs
from .pictures import Faces
from .reference import build_au_reference, build_intensity_guide
from .scoring import build_notation_sheet
from .syllabus import build_syllabus

__all__ = ["write_handouts"]


def write_handouts(out_dir: Path = Path("handouts")) -> list[Path]:
    """Write every handout PDF into ``out_dir`` and return their paths."""
    out_dir = Path(out_dir)
    faces = Faces()
    return [
        build_au_reference(out_dir / "au-reference.pdf", faces),
        build_intensity_guide(out_dir / "intensity-guide.pdf", faces),
        build_notation_sheet(out_dir / "notation-and-scoring.pdf"),
        build_confusable_pairs(out_dir / "confusable-pairs.pdf", faces),
        build_syllabus(out_dir / "syllabus.pdf"),
    ]
