"""The printed page every handout shares: A4 portrait, one font family, fixed dates.

``Handout`` wraps fpdf2 with the few building blocks the handouts need (titles, labelled
paragraphs, bullet lists, framed pictures), so that all of them look alike.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import matplotlib
from fpdf import FPDF, XPos, YPos
from fpdf.enums import MethodReturnValue

from .pictures import Picture

_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
# A fixed date keeps two builds byte-identical.
_CREATED = datetime(2026, 1, 1, tzinfo=UTC)

RGB = tuple[int, int, int]
MARGIN = 18.0
INK: RGB = (25, 25, 25)
MUTED = (105, 105, 105)
ACCENT = (32, 78, 130)
RULE = (190, 190, 190)
TINT = (236, 241, 248)


class Handout(FPDF):
    """An A4 handout with a running header, numbered footer and the course's type styles."""

    def __init__(self, title: str, subject: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.handout_title = title
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)
        self.add_font("Sans", "", _FONTS / "DejaVuSans.ttf")
        self.add_font("Sans", "B", _FONTS / "DejaVuSans-Bold.ttf")
        self.add_font("Sans", "I", _FONTS / "DejaVuSans-Oblique.ttf")
        self.add_font("Mono", "B", _FONTS / "DejaVuSansMono-Bold.ttf")
        self.set_creation_date(_CREATED)
        self.set_title(title)
        self.set_subject(subject)
        self.set_author("FACS course")
        self.set_creator("facs-course handouts")
        self.set_lang("en")
        self.add_page()

    @property
    def width(self) -> float:
        """The width between the margins."""
        return self.w - self.l_margin - self.r_margin

    @property
    def room(self) -> float:
        """The height left above the bottom margin on this page."""
        return self.page_break_trigger - self.get_y()

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(8)
        self.set_font("Sans", "", 7.5)
        self.set_text_color(*MUTED)
        self.cell(self.width / 2, 4, f"FACS course \u00b7 {self.handout_title}")
        self.cell(self.width / 2, 4, f"page {self.page_no()} of {{nb}}", align="R")
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(MARGIN, 12.5, self.w - MARGIN, 12.5)
        self.set_y(MARGIN)

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font("Sans", "", 7)
        self.set_text_color(*MUTED)
        self.cell(
            0,
            4,
            "Generated from the course catalog by `make handouts`. Own words throughout; "
            "the FACS Manual is cited by chapter, never quoted.",
            align="C",
        )

    @contextmanager
    def column(self, x: float, width: float, y: float | None = None) -> Iterator[None]:
        """Write inside a column ``width`` wide starting at ``x`` (and at ``y`` if given)."""
        self.set_left_margin(x)
        self.set_right_margin(self.w - x - width)
        self.set_xy(x, self.get_y() if y is None else y)
        try:
            yield
        finally:
            self.set_left_margin(MARGIN)
            self.set_right_margin(MARGIN)

    def keep(self, height: float) -> None:
        """Start a new page unless ``height`` millimetres still fit on this one."""
        if height > self.room:
            self.add_page()

    def text_height(self, text: str, size: float, width: float = 0, style: str = "") -> float:
        """How tall ``text`` would be as a paragraph of ``width`` (0: full width)."""
        self.set_font("Sans", style, size)
        return self.multi_cell(
            width or self.width,
            size * 0.5,
            text,
            align="L",
            dry_run=True,
            output=MethodReturnValue.HEIGHT,
        )

    def title_block(self, title: str, lead: str) -> None:
        """The big title and lead paragraph on a handout's first page."""
        self.set_font("Sans", "", 8)
        self.set_text_color(*ACCENT)
        self.cell(0, 5, "FACS COURSE \u00b7 PRINTABLE HANDOUT", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("Sans", "B", 24)
        self.set_text_color(*INK)
        self.cell(0, 13, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.paragraph(lead, size=10.5)
        self.ln(2)
        self.set_draw_color(*ACCENT)
        self.set_line_width(0.6)
        self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
        self.ln(5)

    def heading(self, text: str, size: float = 14, space: float = 3) -> None:
        """A section heading in the accent colour."""
        self.ln(space)
        self.set_font("Sans", "B", size)
        self.set_text_color(*ACCENT)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def label(self, text: str) -> None:
        """A small upper-case label above a paragraph."""
        self.ln(1.5)
        self.set_font("Sans", "B", 7.5)
        self.set_text_color(*ACCENT)
        self.cell(0, 4.5, text.upper(), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def paragraph(self, text: str, size: float = 9.5, style: str = "", color: RGB = INK) -> None:
        """A wrapped paragraph across the current column."""
        self.set_font("Sans", style, size)
        self.set_text_color(*color)
        self.multi_cell(self.width, size * 0.5, text, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)

    def bullets(self, items: list[str], size: float = 9.5) -> None:
        """A bulleted list with hanging indents."""
        x = self.get_x()
        for item in items:
            self.set_font("Sans", "", size)
            self.set_text_color(*ACCENT)
            self.set_x(x)
            self.cell(4, size * 0.5, "\u2022")
            self.set_text_color(*INK)
            self.multi_cell(
                self.w - self.r_margin - x - 4,
                size * 0.5,
                item,
                align="L",
                new_x=XPos.LEFT,
                new_y=YPos.NEXT,
            )
            self.set_x(x)

    def picture(self, picture: Picture, x: float, y: float, w: float, caption: str) -> float:
        """A framed picture ``w`` wide with a caption under it; returns the bottom edge."""
        h = w * picture.height / picture.width
        self.image(io.BytesIO(picture.data), x=x, y=y, w=w, h=h)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.rect(x, y, w, h)
        self.set_xy(x, y + h + 0.8)
        self.set_font("Sans", "", 8)
        self.set_text_color(*MUTED)
        self.cell(w, 4, caption, align="C")
        return y + h + 5

    def save(self, path: Path) -> Path:
        """Write the PDF to ``path`` and return it."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.output(str(path))
        return path
