"""The notation and scoring sheet: how a score is written and how it is compared with a key.

Every rule, example and number here is computed from the catalog and from ``course.facs``, so
the sheet cannot disagree with the feedback learners get in the notebooks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fpdf import XPos, YPos

from ..facs import canonical, compare, item_agreement, parse
from ..facs.codes import INTENSITIES, INTENSITY_WORDS, catalog, main_codes
from ..facs.notation import ASYMMETRY_PREFIXES, LIP_PREFIXES, SIDE_PREFIXES
from .layout import ACCENT, INK, MUTED, TINT, Handout

EXAMPLE_SCORE = "1+2+4B+5C+L12+R14A+25+26"
LENIENT_INPUT = "12b + 6"
WORKED_KEY = "1+2+5B+26"
WORKED_ANSWER = "1+2+5C+25+26"

Section = Callable[[Handout], None]


def _row(pdf: Handout, term: str, meaning: str, term_width: float, size: float = 9.5) -> None:
    pdf.set_font("Mono", "B", size)
    pdf.set_text_color(*ACCENT)
    pdf.cell(term_width, size * 0.55, term)
    pdf.set_font("Sans", "", size)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, size * 0.55, meaning, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _writing(pdf: Handout) -> None:
    pdf.heading("Writing a score", space=0)
    pdf.paragraph(
        "A score lists the codes you see, joined by +, each code once, in number order. A "
        "prefix letter goes before a code's number, an intensity letter after it. A face that "
        f"does nothing is scored {canonical('0')}.",
    )
    pdf.ln(1.5)
    pdf.set_font("Mono", "B", 12)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 7, canonical(EXAMPLE_SCORE), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    lettered = [e for e in parse(EXAMPLE_SCORE) if e.prefix or e.intensity]
    plain = [str(e) for e in parse(EXAMPLE_SCORE) if not (e.prefix or e.intensity)]
    for e in lettered:
        side = f" on the {SIDE_PREFIXES[e.prefix]}" if e.prefix else ""
        level = (
            f" at intensity {e.intensity} ({INTENSITY_WORDS[e.intensity]})" if e.intensity else ""
        )
        _row(pdf, str(e), f"{e.code}{side}{level}", term_width=14, size=9)
    _row(pdf, ", ".join(plain), "present; no letter given", term_width=30, size=9)
    pdf.ln(1.5)
    pdf.paragraph(
        f"You may type loosely, for example {LENIENT_INPUT}: the course rewrites it as "
        f"{canonical(LENIENT_INPUT)} and names any piece it cannot read.",
    )


def _intensities(pdf: Handout) -> None:
    unscored = [c for c in main_codes() if not c.intensity]
    pdf.heading("Intensity: after the number")
    for letter in INTENSITIES:
        _row(pdf, letter, INTENSITY_WORDS[letter], term_width=8)
    pdf.paragraph(
        "The letters are ordered, not evenly spaced: C and D each span more change than A, B "
        "or E. "
        + " and ".join(f"{c.code} ({c.name.lower()})" for c in unscored)
        + " take no letter.",
        size=8.5,
        color=MUTED,
    )


def _prefix_rows(pdf: Handout, prefixes: dict[str, str]) -> None:
    for letter, meaning in prefixes.items():
        unit = ""
        if meaning[-1].isdigit():
            unit = " step" if meaning.endswith(" 1") else " steps"
        _row(pdf, letter, meaning + unit, term_width=8)


def _prefixes(pdf: Handout) -> None:
    pdf.heading("Prefixes: before the number")
    pdf.label("Sides")
    _prefix_rows(pdf, SIDE_PREFIXES)
    pdf.label("Lips")
    _prefix_rows(pdf, LIP_PREFIXES)
    pdf.paragraph(
        "Left and right are the person's own sides: in a frontal picture the person's left is "
        "on your right.",
        size=8.5,
        color=MUTED,
    )


def _asymmetry(pdf: Handout) -> None:
    pdf.heading("Asymmetry prefixes")
    pdf.paragraph(
        "Both sides act, one more than the other (steps of intensity):", size=8.5, color=MUTED
    )
    _prefix_rows(pdf, ASYMMETRY_PREFIXES)


def _two_columns(pdf: Handout, left: list[Section], right: list[Section]) -> None:
    top, half = pdf.get_y(), (pdf.width - 8) / 2
    bottom = top
    for x, sections in ((pdf.l_margin, left), (pdf.l_margin + half + 8, right)):
        with pdf.column(x, half, top):
            for section in sections:
                section(pdf)
            bottom = max(bottom, pdf.get_y())
    pdf.set_xy(pdf.l_margin, bottom)


def _a_and_b(pdf: Handout) -> None:
    cat = catalog()
    pdf.heading("A and B: position decides")
    pdf.paragraph(
        "A and B are both prefixes and intensity letters. Before the number they are a "
        "prefix, after it an intensity.",
        size=8.5,
        color=MUTED,
    )
    for text in ("B28", "28B", "A12", "12A"):
        e = parse(text).entries[0]
        name = cat.codes[e.code].name.lower()
        if e.prefix in LIP_PREFIXES:
            meaning = f"{name} on the {LIP_PREFIXES[e.prefix]} (prefix)"
        elif e.prefix:
            meaning = f"{name}, {ASYMMETRY_PREFIXES[e.prefix]} (prefix)"
        else:
            meaning = f"{name} at intensity {e.intensity}, {INTENSITY_WORDS[e.intensity]} (suffix)"
        _row(pdf, text, meaning, term_width=14)


def _exclusive(pdf: Handout) -> None:
    cat = catalog()
    pdf.heading("Codes that cannot be scored together")
    pdf.paragraph(
        "Each code on the left never goes with the codes after it, nor they with it: if you "
        "seem to see both, keep the one the face really shows. A letter after a number limits the rule to that intensity "
        "(7E: 7 at E only); T or B before it limits the rule to that lip. Codes on different "
        "sides (L and R) or different lips (T and B) never clash.",
        size=9,
    )
    pdf.ln(1.5)
    rules: dict[str, list[str]] = {}
    for first, second in cat.exclusive:
        rules.setdefault(first, []).append(second)
    lines = [(first, ", ".join(seconds)) for first, seconds in rules.items()]
    columns = 3
    per_column = -(-len(lines) // columns)
    col = pdf.width / columns
    top = pdf.get_y()
    pdf.set_fill_color(*TINT)
    pdf.rect(pdf.l_margin, top - 1, pdf.width, per_column * 5 + 2, style="F")
    for n, (first, seconds) in enumerate(lines):
        pdf.set_xy(pdf.l_margin + (n // per_column) * col + 2, top + (n % per_column) * 5)
        pdf.set_font("Mono", "B", 9)
        pdf.set_text_color(*ACCENT)
        pdf.cell(9, 5, first, align="R")
        pdf.set_font("Sans", "", 9)
        pdf.set_text_color(*INK)
        pdf.cell(col - 11, 5, f"  not with {seconds}")
    pdf.set_xy(pdf.l_margin, top + per_column * 5 + 2)


def _speech(pdf: Handout) -> None:
    cat = catalog()
    speech = cat.codes[cat.speech_code]
    quiet = sorted(cat.not_scored_in_speech)
    listed = ", ".join(map(str, quiet[:-1])) + f" and {quiet[-1]}"
    pdf.heading("The speech rule")
    pdf.paragraph(
        f"While {speech.code} ({speech.name.lower()}) is scored, {listed} are not: talking "
        "opens the lips and moves the jaw anyway, so those movements say nothing about the "
        "expression. A code already visible at the start of a clip is scored only if its "
        "intensity increases.",
    )


def _agreement(pdf: Handout) -> None:
    cat = catalog()
    result = compare(WORKED_KEY, WORKED_ANSWER)
    both, k, a = len(result.shared), len(result.key), len(result.answer)
    pdf.heading("Agreement with the key")
    pdf.paragraph(
        "Each item is compared with its key by the agreement ratio, counting codes only "
        "(intensity and side are ignored here and reported separately):",
    )
    pdf.ln(1.5)
    pdf.set_font("Sans", "B", 10.5)
    pdf.set_text_color(*ACCENT)
    pdf.cell(
        0,
        7,
        "agreement = 2 \u00d7 codes in both / (codes in the key + codes in your answer)",
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(1)
    pdf.label("Worked example")
    _row(pdf, "key", str(result.key), term_width=18)
    _row(pdf, "answer", str(result.answer), term_width=18)
    shared = ", ".join(map(str, result.shared))
    added = ", ".join(result.added_text) or "none"
    missed = ", ".join(result.missed_text) or "none"
    _row(pdf, "both", f"{shared} ({both} codes)", term_width=18)
    _row(pdf, "added", added, term_width=18)
    _row(pdf, "missed", missed, term_width=18)
    pdf.set_font("Mono", "B", 11)
    pdf.set_text_color(*INK)
    pdf.cell(
        0,
        8,
        f"2 \u00d7 {both} / ({k} + {a}) = {result.agreement:.2f}",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    notes = [
        f"{p.code} is {p.key} in the key and {p.answer} in the answer: that costs nothing here "
        f"and shows up in the intensity report ({p.steps} letter{'s' if p.steps != 1 else ''} "
        "apart)."
        for p in result.intensity_differences
    ]
    notes.append(f"A neutral item scored as neutral agrees fully ({item_agreement('0', '0'):.2f}).")
    pdf.bullets(notes, size=9)
    pdf.label("Marks")
    pdf.paragraph("A test score is the mean agreement over its items.")
    pdf.ln(1.5)
    marks = [
        (cat.pass_mark, "Pass mark of the final test", "mean agreement over its items"),
        (
            cat.ready_mark,
            "Readiness mark of this course",
            "on practice items; below it, passing is unlikely",
        ),
    ]
    top, half = pdf.get_y(), (pdf.width - 6) / 2
    pdf.set_fill_color(*TINT)
    for n, (mark, title, note) in enumerate(marks):
        x = pdf.l_margin + n * (half + 6)
        pdf.rect(x, top, half, 19, style="F")
        pdf.set_xy(x + 3, top + 2)
        pdf.set_font("Mono", "B", 18)
        pdf.set_text_color(*ACCENT)
        pdf.cell(24, 15, f"{mark:.2f}")
        with pdf.column(x + 28, half - 30, top + 2.5):
            pdf.paragraph(title, size=9, style="B")
            pdf.paragraph(note, size=8.5, color=MUTED)
    pdf.set_xy(pdf.l_margin, top + 21)


def _retired(pdf: Handout) -> None:
    pdf.heading("Numbers that are not FACS 2002 codes")
    pdf.bullets(list(catalog().retired.values()), size=9)


def build_notation_sheet(path: Path) -> Path:
    """Write the notation and scoring sheet to ``path``."""
    pdf = Handout("Notation and scoring", "How FACS scores are written and compared")
    pdf.title_block(
        "Notation and scoring",
        "How to write a score, which codes exclude each other, and how your score is "
        "compared with the key. Every example here is computed by the same code that gives "
        "you feedback in the notebooks.",
    )
    _writing(pdf)
    _two_columns(pdf, [_intensities, _prefixes], [_asymmetry, _a_and_b])
    pdf.add_page()
    for section in (_exclusive, _speech, _agreement, _retired):
        section(pdf)
    return pdf.save(path)
