"""The AU reference cards and the intensity guide: one entry per main action unit."""

from __future__ import annotations

from pathlib import Path

from fpdf import FontFace, XPos, YPos

from ..content import week
from ..facs.codes import INTENSITIES, INTENSITY_WORDS, REGIONS, Code, catalog, main_codes
from .layout import ACCENT, INK, MUTED, TINT, Handout
from .pictures import NEUTRAL, SHOWN_AT, Faces, region_of, score_for, widened

CARD_PICTURE = 66.0  # width of each face on a card, in mm
STRIP_COLUMNS = 3
STRIP_ASPECT = 4 / 3
STRIP_GAP = 3.0


def course_order() -> list[Code]:
    """The main codes in the order the course teaches them: by week, then by number."""
    return sorted(main_codes(), key=lambda c: (c.week, c.code))


def _prefixes(code: Code) -> str:
    allowed = []
    if code.sided:
        allowed.append("L, R, U and asymmetry prefixes")
    if code.lips:
        allowed.append("T and B (top or bottom lip)")
    return "; ".join(allowed) or "none"


def _facts(pdf: Handout, code: Code) -> None:
    rows = [
        ("Muscles", "; ".join(code.muscles)),
        ("Where to look", REGIONS[code.region]),
        ("Manual", f"chapter {code.chapter}"),
        ("Intensity", "scored A\u2013E" if code.intensity else "not scored"),
        ("Prefixes", _prefixes(code)),
    ]
    pdf.set_fill_color(*TINT)
    for name, value in rows:
        pdf.set_font("Sans", "B", 8.5)
        pdf.set_text_color(*MUTED)
        pdf.cell(30, 5.2, f"  {name}", fill=True)
        pdf.set_font("Sans", "", 8.5)
        pdf.set_text_color(*INK)
        pdf.cell(0, 5.2, value, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _card(pdf: Handout, code: Code, faces: Faces) -> None:
    w = week(code.week)
    pdf.set_font("Sans", "B", 8)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 5, f"WEEK {w.number} \u00b7 {w.title.upper()}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Sans", "B", 22)
    pdf.set_text_color(*INK)
    pdf.cell(0, 12, f"AU {code.code} {code.name}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    _facts(pdf, code)
    shown = score_for(code)
    gap = pdf.width - 2 * CARD_PICTURE
    y = pdf.get_y() + 4
    pdf.picture(faces(NEUTRAL), pdf.l_margin + gap / 3, y, CARD_PICTURE, "neutral (0)")
    caption = f"{shown} ({INTENSITY_WORDS[SHOWN_AT]})" if code.intensity else shown
    x = pdf.l_margin + 2 * gap / 3 + CARD_PICTURE
    bottom = pdf.picture(faces(shown), x, y, CARD_PICTURE, caption)
    pdf.set_xy(pdf.l_margin, bottom + 2)
    pdf.label("What changes")
    pdf.bullets(list(code.appearance))
    pdf.label("In the mirror")
    pdf.paragraph(code.mirror)
    pdf.label("Intensity")
    pdf.paragraph(code.intensity_guide)
    if code.confusions:
        pdf.label("Not to be confused with")
        cat = catalog()
        pdf.bullets(
            [
                f"{c.other(code.code)} {cat.codes[c.other(code.code)].name}: {c.cue}"
                for c in code.confusions
            ],
            size=9,
        )


def _index(pdf: Handout, codes: list[Code]) -> None:
    pdf.heading("Cards in this handout", size=12, space=0)
    with pdf.table(
        col_widths=(12, 62, 88, 12),
        text_align=("RIGHT", "LEFT", "LEFT", "RIGHT"),
        line_height=5,
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD", color=MUTED),
    ) as table:
        pdf.set_font("Sans", "", 8.5)
        pdf.set_text_color(*INK)
        table.row(("AU", "Name", "Week", "Page"))
        for page, code in enumerate(codes, 2):
            table.row(
                (str(code.code), code.name, f"{code.week} {week(code.week).title}", str(page))
            )


def build_au_reference(path: Path, faces: Faces) -> Path:
    """Write one reference card per main action unit to ``path``."""
    codes = course_order()
    pdf = Handout("AU reference", "Reference cards for the main FACS action units")
    pdf.title_block(
        "AU reference cards",
        "One card for each main action unit, in the order the course teaches them. Each card "
        "shows the neutral face beside the action at intensity C (marked) on the same "
        "synthetic person, what changes, how to produce it in a mirror, how it grows from A "
        "to E, and the codes it is most often mistaken for, with the cue that tells them "
        "apart. Always judge a movement against the person's own neutral face.",
    )
    _index(pdf, codes)
    for code in codes:
        pdf.add_page()
        _card(pdf, code, faces)
    return pdf.save(path)


def _strip(pdf: Handout, code: Code, faces: Faces) -> None:
    pdf.set_font("Sans", "B", 12)
    pdf.set_text_color(*INK)
    pdf.cell(0, 7, f"AU {code.code} {code.name}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    scores = [NEUTRAL] + [f"{code.code}{i}" for i in INTENSITIES]
    box = widened(region_of(code), STRIP_ASPECT)
    side = _strip_side(pdf)
    y = bottom = pdf.get_y() + 1
    for n, score in enumerate(scores):
        if n and n % STRIP_COLUMNS == 0:
            y = bottom + 1
        x = pdf.l_margin + (n % STRIP_COLUMNS) * (side + STRIP_GAP)
        caption = f"{score} {INTENSITY_WORDS[score[-1]]}" if n else "0 neutral"
        bottom = pdf.picture(faces(score, box=box), x, y, side, caption)
    pdf.set_xy(pdf.l_margin, bottom + 1)
    pdf.paragraph(code.intensity_guide, size=9)


def _strip_side(pdf: Handout) -> float:
    return (pdf.width - STRIP_GAP * (STRIP_COLUMNS - 1)) / STRIP_COLUMNS


def _strip_height(pdf: Handout, code: Code) -> float:
    rows = -(-(len(INTENSITIES) + 1) // STRIP_COLUMNS)
    pictures = rows * (_strip_side(pdf) / STRIP_ASPECT + 6)
    return 8 + pictures + pdf.text_height(code.intensity_guide, 9) + 6


def build_intensity_guide(path: Path, faces: Faces) -> Path:
    """Write the A-E strip of every main action unit that takes an intensity to ``path``."""
    scored = [c for c in course_order() if c.intensity]
    skipped = [c for c in course_order() if not c.intensity]
    legend = ", ".join(f"{i} {INTENSITY_WORDS[i]}" for i in INTENSITIES)
    pdf = Handout("Intensity guide", "Intensity A to E for each main FACS action unit")
    pdf.title_block(
        "Intensity guide",
        "Each block shows one person's neutral face and the same action at each intensity: "
        f"{legend}. The letters are ordered, not evenly spaced: C and D each cover a wider "
        "range of change than A, B or E. Score the strongest point of the action against the "
        "neutral face, and when you hesitate between two letters, look for the signs named "
        "under the pictures.",
    )
    if skipped:
        names = " and ".join(f"{c.code} ({c.name.lower()})" for c in skipped)
        pdf.paragraph(
            f"Not in this guide: {names}, which take no intensity letter.",
            size=9,
            style="I",
            color=MUTED,
        )
        pdf.ln(3)
    for code in scored:
        pdf.keep(_strip_height(pdf, code))
        _strip(pdf, code, faces)
        pdf.ln(4)
    return pdf.save(path)
