"""The syllabus and study plan: nine weeks, what each reads, practises and hands in.

The codes each week teaches come from the catalog's ``week`` field, so the syllabus always
agrees with the sessions and assignments built from the same catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fpdf import FontFace, XPos, YPos

from ..facs.codes import KINDS, Code, catalog
from .layout import ACCENT, INK, MUTED, TINT, Handout

CHAPTERS = {
    1: "introduction",
    2: "upper face",
    3: "scoring procedure",
    4: "lower face: up and down actions",
    5: "horizontal actions",
    6: "oblique actions",
    7: "orbital (lip) actions",
    8: "miscellaneous actions and descriptors",
    9: "head and eye positions",
    10: "the scoring procedure in full",
    11: "advanced scoring: speech, events, asymmetry",
}


FEW = 3  # a kind with this many codes or fewer in a week is listed by name


@dataclass(frozen=True)
class Week:
    """One week of the course: its theme, the manual chapters it reads, its tasks."""

    number: int
    title: str
    topics: str
    chapters: tuple[int, ...]
    practise: str
    hand_in: str


WEEKS = (
    Week(
        1,
        "Foundations",
        "What FACS measures (movement, not emotion); how a score is written; judging every "
        "change against the person's own neutral face; intensity from A to E; the three brow "
        "actions.",
        (1, 2),
        "Session notebook 1. Perform each brow action in a mirror until you can do it alone; "
        "write scores in the notebook and read the feedback.",
        "Assignment week01: brow clips coded at the apex.",
    ),
    Week(
        2,
        "Upper face: lids and cheeks",
        "The lid and cheek actions; combinations of brows, lids and cheeks; the scoring "
        "procedure step by step.",
        (2, 3),
        "Session notebook 2. Compare each lid action with the neutral face; drill the pairs "
        "6/7 and 43/45/46 on the confusable-pairs handout.",
        "Assignment week02: upper-face clips, single actions and combinations.",
    ),
    Week(
        3,
        "Lower face, up and down actions I",
        "Actions that move the nose, upper lip, lip corners, lower lip and chin up or down.",
        (4,),
        "Session notebook 3. Mirror work on the lower face; separate 9 from 10 and 15 from 17.",
        "Assignment week03: lower-face clips.",
    ),
    Week(
        4,
        "Lower face, up and down actions II",
        "Lips parting and the jaw: 25, 26 and 27; the speech rule.",
        (4,),
        "Session notebook 4. Grade mouth openings from lips apart to a full stretch; code "
        "clips with and without speech.",
        "Assignment week04: mouth-opening clips, some with speech.",
    ),
    Week(
        5,
        "Horizontal and oblique actions",
        "Actions that pull the lip corners sideways, up at an angle, sharply up or inward.",
        (5, 6),
        "Session notebook 5. Tell 12, 13, 14 and 20 apart by the direction of the corners; "
        "mind 6 with a strong 12.",
        "Assignment week05: smile-like and stretch-like clips.",
    ),
    Week(
        6,
        "Orbital (lip) actions",
        "Actions of the lips themselves: pucker, funnel, tighten, press, suck and lips "
        "toward each other; top-lip and bottom-lip prefixes.",
        (7,),
        "Session notebook 6. Mirror work on lip shapes; drill 18/22 and 23/24.",
        "Assignment week06: lip-action clips.",
    ),
    Week(
        7,
        "Miscellaneous actions, head and eye positions",
        "The remaining action units, action descriptors, gross behaviour, head and eye "
        "positions and the visibility codes.",
        (8, 9),
        "Session notebook 7. Code head and eye positions alongside the face; decide when a "
        "position, not a lid action, explains what you see.",
        "Assignment week07: clips with head and eye movement.",
    ),
    Week(
        8,
        "Whole-face scoring",
        "Full combinations, intensity decisions, one-sided and asymmetric actions, events and "
        "their timing (onset, apex, offset).",
        (10, 11),
        "Session notebook 8. Score whole faces; mark onset, apex and offset frames; use the "
        "L, R, U and asymmetry prefixes.",
        "Assignment week08: whole-face clips, coded at the apex with timing.",
    ),
    Week(
        9,
        "Final test preparation",
        "A mock final test scored the way the final test is; your own table of misses and "
        "adds; interpretation after coding, with emotion prototypes as examples only.",
        (),
        "Session notebook 9. Review the codes your error table shows you miss or add.",
        "Assignment week09: the mock final test, scored by mean agreement.",
    ),
)


def week(number: int) -> Week:
    """The week with this number."""
    return WEEKS[number - 1]


def codes_of_week(number: int) -> list[Code]:
    """The codes the catalog says this week teaches, main codes first, then by number."""
    codes = [c for c in catalog().codes.values() if c.week == number]
    return sorted(codes, key=lambda c: (not c.is_main, c.code))


def reading(w: Week) -> list[str]:
    """The manual chapters to read, including any a taught code comes from."""
    lines = [f"Chapter {n}: {CHAPTERS[n]}" for n in w.chapters]
    for n in sorted({c.chapter for c in codes_of_week(w.number)} - set(w.chapters)):
        taught = ", ".join(
            f"{c.code} ({c.name.lower()})" for c in codes_of_week(w.number) if c.chapter == n
        )
        lines.append(f"Chapter {n}: only the part on {taught}")
    if not lines:
        lines.append("The chapters your error table points to; chapters 10 and 11 again")
    return lines


def _taught(pdf: Handout, number: int) -> None:
    codes = codes_of_week(number)
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
    _taught(pdf, w.number)
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
    n_codes = len([c for c in codes_of_week(w.number) if c.is_main])
    n_codes += len({c.kind for c in codes_of_week(w.number) if not c.is_main}) * 2
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
        for w in WEEKS:
            main = [str(c.code) for c in codes_of_week(w.number) if c.is_main]
            taught = {c.chapter for c in codes_of_week(w.number)}
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
    for w in WEEKS:
        pdf.keep(_block_height(pdf, w))
        _week_block(pdf, w)
        pdf.ln(3)
    return pdf.save(path)
