"""The syllabus and study plan: nine weeks, what each reads, practises and hands in.

The weeks (titles, chapters, tasks) come from ``course/weeks.toml`` and the codes each week
teaches from the catalog's ``week`` field, so the syllabus always agrees with the sessions and
assignments built from the same data.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FontFace, XPos, YPos

from ..content import Week, chapters, weeks
from ..facs.codes import KINDS, Code, catalog
from .layout import ACCENT, INK, MUTED, TINT, Handout

FEW = 3  # a kind with this many codes or fewer in a week is listed by name


def reading(w: Week) -> list[str]:
    """The manual chapters to read, including any a taught code comes from."""
    lines = [f"Chapter {n}: {chapters()[n]}" for n in w.chapters]
    for n in sorted({c.chapter for c in w.codes} - set(w.chapters)):
        taught = ", ".join(f"{c.code} ({c.name.lower()})" for c in w.codes if c.chapter == n)
        lines.append(f"Chapter {n}: only the part on {taught}")
    if not lines:
        lines.append("The chapters your error table points to; chapters 10 and 11 again")
    return lines


def _taught(pdf: Handout, w: Week) -> None:
    codes = w.codes
    main = [c for c in codes if c.is_main]
    if main:
        pdf.bullets([f"{c.code} {c.name}" for c in main], size=9)
    others: dict[str, list[Code]] = {}
    for c in codes:
        if not c.is_main:
            others.setdefault(c.kind, []).append(c)
    for kind, group in others.items():
        if len(group) <= FEW:
            pdf.bullets([f"{c.code} {c.name} ({KINDS[kind]})" for c in group], size=9)
        else:
            numbers = ", ".join(str(c.code) for c in group)
            pdf.bullets([f"{KINDS[kind]}s: {numbers}"], size=9)
    if not codes:
        pdf.bullets(["No new codes: everything so far, together"], size=9)


def _week_block(pdf: Handout, w: Week) -> None:
    pdf.set_fill_color(*TINT)
    pdf.set_font("Sans", "B", 12)
    pdf.set_text_color(*ACCENT)
    pdf.cell(22, 8, f"Week {w.number}", fill=True)
    pdf.set_text_color(*INK)
    pdf.cell(0, 8, w.title, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    pdf.paragraph(w.topics, size=9.5)
    left, col = pdf.l_margin, pdf.width / 2 - 3
    y = pdf.get_y()
    pdf.set_xy(left, y)
    pdf.label("Codes taught")
    _taught(pdf, w)
    bottom_left = pdf.get_y()
    pdf.set_left_margin(left + col + 6)
    pdf.set_xy(left + col + 6, y)
    pdf.label("Read in your manual")
    pdf.bullets(reading(w), size=9)
    pdf.label("Practise")
    pdf.paragraph(w.practise, size=9)
    pdf.label("Hand in")
    pdf.paragraph(w.hand_in, size=9)
    pdf.set_left_margin(left)
    pdf.set_y(max(pdf.get_y(), bottom_left) + 2)
    _checklist(pdf)


def _checklist(pdf: Handout) -> None:
    pdf.set_font("Sans", "", 8.5)
    pdf.set_text_color(*MUTED)
    x = pdf.l_margin + 2
    y = pdf.get_y()
    for item in ("read", "session notebook", "mirror practice", "assignment handed in"):
        pdf.set_draw_color(*MUTED)
        pdf.set_line_width(0.25)
        pdf.rect(x, y + 0.8, 3, 3)
        pdf.set_xy(x + 4.5, y)
        pdf.cell(36, 4.6, item)
        x += 42
    pdf.set_xy(pdf.l_margin, y + 9)


def _block_height(pdf: Handout, w: Week) -> float:
    n_codes = len([c for c in w.codes if c.is_main])
    n_codes += len({c.kind for c in w.codes if not c.is_main}) * 2
    col = pdf.width / 2 - 3
    right = (
        pdf.text_height(w.practise, 9, col) + pdf.text_height(w.hand_in, 9, col) + 32
    ) + 5 * len(reading(w))
    return 20 + pdf.text_height(w.topics, 9.5) + max(right, 8 + 4.7 * n_codes)


def _overview(pdf: Handout) -> None:
    pdf.heading("At a glance", size=12, space=0)
    with pdf.table(
        col_widths=(12, 78, 60, 24),
        text_align=("RIGHT", "LEFT", "LEFT", "LEFT"),
        line_height=4.8,
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD", color=MUTED),
    ) as table:
        pdf.set_font("Sans", "", 8.5)
        pdf.set_text_color(*INK)
        table.row(("Week", "Theme", "Main codes", "Chapters"))
        for w in weeks():
            main = [str(c.code) for c in w.codes if c.is_main]
            taught = {c.chapter for c in w.codes}
            chapters = ", ".join(map(str, sorted(set(w.chapters) | taught))) or "review"
            table.row((str(w.number), w.title, ", ".join(main) or "-", chapters))
    pdf.ln(4)


def build_syllabus(path: Path) -> Path:
    """Write the syllabus and study plan to ``path``."""
    cat = catalog()
    pdf = Handout("Syllabus and study plan", "The nine weeks of the FACS course")
    pdf.title_block(
        "Syllabus and study plan",
        "Nine weeks, one live session each. Every week you read the manual chapters named "
        "below (you need your own copy of the FACS Manual; this course points to it by "
        "chapter and never reproduces it), work through the session notebook, practise each "
        "new action on your own face in a mirror, and hand in one assignment of clips coded "
        f"at the apex. Aim for a mean agreement of {cat.ready_mark:.2f} on practice items "
        f"before the final test; its pass mark is {cat.pass_mark:.2f}.",
    )
    _overview(pdf)
    for w in weeks():
        pdf.keep(_block_height(pdf, w))
        _week_block(pdf, w)
        pdf.ln(3)
    return pdf.save(path)
