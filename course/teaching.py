"""The teaching panels of the session notebooks: codes with pictures, comparisons, summaries.

Each helper returns a :class:`~course.html.Panel` that displays itself as HTML (pictures are
embedded PNGs, so they survive export). The words come from the catalog
(``course/facs/codes.toml``) and the course's data files (:mod:`course.content`).
"""

from __future__ import annotations

from collections.abc import Iterable

from . import content, html
from .facs import NotationError, catalog, parse
from .facs.codes import INTENSITIES, INTENSITY_WORDS, KINDS, REGIONS, Code, confusion_between
from .facs.explain import entry_words
from .html import Panel
from .pictures import drawable, face_row, label
from .practice import is_starter


def compare_faces(
    *scores: str, identity: int = 0, region: str = "face", labels: Iterable[str] | None = None
) -> Panel:
    """Faces side by side, e.g. ``compare_faces("0", "4B", "1+4B")``; ``region`` zooms in
    ("brows", "eyes", "cheeks", "mouth")."""
    try:
        names = list(labels) if labels is not None else [label(s) for s in scores]
        row = face_row(zip(scores, names, strict=True), identity, region)
    except NotationError as error:
        return Panel(html.box(html.escape(str(error)), "#e65100"), str(error))
    return Panel(row, "Faces: " + ", ".join(names))


def intensity_strip(code: int, identity: int = 0, region: str | None = None) -> Panel:
    """The code from neutral through A (trace) to E (maximum) on one face."""
    entry = catalog().codes[code]
    region = region or entry.region
    scores = [("0", "neutral")] + [
        (f"{code}{i}", f"{code}{i} {INTENSITY_WORDS[i]}") for i in INTENSITIES
    ]
    body = f"<strong>{code} {html.escape(entry.name)} from trace to maximum</strong>"
    body += face_row(scores, identity, region)
    if entry.intensity_guide:
        body += f"<p>{html.escape(entry.intensity_guide)}</p>"
    return Panel(html.box(body), f"{code} A to E. {entry.intensity_guide}")


def confusable(a: int, b: int, identity: int = 0, region: str | None = None) -> Panel:
    """Two codes that are easily mixed up, side by side, with the cue that separates them."""
    codes = catalog().codes
    if region is None:  # zoom in only when both codes show in the same region
        region = codes[a].region if codes[a].region == codes[b].region else "face"
    pair = confusion_between(a, b)
    cue = pair.cue if pair else "Compare where each movement starts and which way the skin moves."
    title = f"{a} {codes[a].name} or {b} {codes[b].name}?"
    pictures = ""
    if drawable(f"{a}") and drawable(f"{b}"):
        first, second = _marked(min(a, b)), _marked(max(a, b))
        scores = [(_marked(a), _marked(a)), (_marked(b), _marked(b))]
        both = f"{min(a, b)}+{max(a, b)}"
        if both in cue and _valid(f"{first}+{second}"):  # the cue is about the combination
            scores.append((f"{first}+{second}", both))
        pictures = face_row(scores, identity, region)
    body = f"<strong>{html.escape(title)}</strong>{pictures}<p>{html.escape(cue)}</p>"
    return Panel(html.box(body, "#1565c0"), f"{title} {cue}")


def _marked(code: int) -> str:
    """The code at a clear, marked intensity (C) when it takes one."""
    return f"{code}C" if catalog().codes[code].intensity else str(code)


def _valid(score: str) -> bool:
    try:
        parse(score)
    except NotationError:
        return False
    return True


def teach(code: int, identity: int = 0) -> Panel:
    """Everything about one code: name, muscles, where to look, pictures at B and D, how to do
    it in a mirror, intensity guidance and the codes it is confused with."""
    entry = catalog().codes[code]
    parts = [_heading(entry)]
    texts = [f"{code} {entry.name}"]
    if drawable(str(code)):
        if entry.intensity:
            scores = [
                ("0", "neutral"),
                (f"{code}B", f"{code}B slight"),
                (f"{code}D", f"{code}D severe"),
            ]
        else:
            scores = [("0", "neutral"), (str(code), str(code))]
        parts.append(face_row(scores, identity, "face"))
        if entry.region != "face":
            parts.append("<em>Close-up:</em>" + face_row(scores, identity, entry.region))
    else:
        parts.append(
            f"<p><em>The course faces do not show {code}: read about it in chapter "
            f"{entry.chapter} of your manual, and watch for it in real faces.</em></p>"
        )
    parts.append("<strong>What you see</strong>" + html.bullets(entry.appearance))
    texts += entry.appearance
    if entry.mirror:
        parts.append(f"<strong>In the mirror</strong><p>{html.escape(entry.mirror)}</p>")
        texts.append(entry.mirror)
    if entry.intensity and entry.intensity_guide:
        parts.append(f"<strong>Intensity</strong><p>{html.escape(entry.intensity_guide)}</p>")
        texts.append(entry.intensity_guide)
    for pair in entry.confusions:
        parts.append(confusable(code, pair.other(code), identity).html)
        texts.append(pair.cue)
    return Panel(html.box("".join(parts), "#2e7d32"), "\n".join(texts))


def _heading(entry: Code) -> str:
    muscles = ", ".join(entry.muscles) or "no single muscle (a visible movement)"
    notes = [
        f"{KINDS[entry.kind]}",
        f"look at the {REGIONS[entry.region]}",
        f"manual chapter {entry.chapter}",
    ]
    if entry.intensity:
        notes.append("scored with an intensity A–E")
    if entry.sided:
        notes.append("may be one-sided (L / R)")
    if entry.lips:
        notes.append("may be one lip only (T / B)")
    return (
        f'<h3 style="margin:2px 0">{entry.code} · {html.escape(entry.name)}</h3>'
        f"<div><em>Muscles:</em> {html.escape(muscles)}</div>"
        f'<div style="color:#555">{html.escape("; ".join(notes))}</div>'
    )


def code_table(codes: Iterable[int]) -> Panel:
    """A reference table: number, name, kind, where to look and the first thing you see."""
    entries = [catalog().codes[c] for c in codes]
    rows = "".join(
        f"<tr><td><strong>{e.code}</strong></td><td>{html.escape(e.name)}</td>"
        f"<td>{html.escape(KINDS[e.kind])}</td><td>{e.chapter}</td>"
        f"<td>{html.escape(e.appearance[0] if e.appearance else '')}</td></tr>"
        for e in entries
    )
    table = (
        '<table style="border-collapse:collapse;font-size:13px">'
        "<tr><th>code</th><th>name</th><th>kind</th><th>chapter</th><th>what you see</th></tr>"
        f"{rows}</table>"
    )
    return Panel(table, "\n".join(f"{e.code} {e.name}" for e in entries))


def week_codes(week: int) -> list[int]:
    """The codes the catalog assigns to ``week``, in numeric order."""
    return sorted(c.code for c in content.week(week).codes)


def read_score(text: str) -> Panel:
    """How FACS reads what you typed: the tidy form and each code in words, or what is wrong."""
    if is_starter(text):
        return Panel(
            html.box("Type a score between the quotes, for example 1+2+5B, and run the cell.")
        )
    try:
        score = parse(text)
    except NotationError as error:
        body = f"<strong>That cannot be read as FACS.</strong><p>{html.escape(str(error))}</p>"
        return Panel(html.box(body, "#e65100"), str(error))
    words = [entry_words(e) for e in score] or ["0: a neutral face, no action."]
    body = f"<strong>FACS reads this as {html.escape(str(score))}</strong>" + html.bullets(words)
    return Panel(html.box(body, "#2e7d32"), "\n".join([str(score), *words]))


def week_summary(week: int) -> Panel:
    """The codes of the week with their first cue, and how to get the graded assignment."""
    codes = week_codes(week)
    table = f"<strong>Codes of week {week}</strong>{code_table(codes).html}" if codes else ""
    fetch = content.text("week_summary", "self_paced").format(week=f"{week:02d}")
    hub = content.text("week_summary", "hub")
    body = (
        f"{table}<p><strong>Graded assignment of week {week}.</strong> {html.escape(fetch)}<br>"
        f"{html.escape(hub)}</p>"
    )
    return Panel(html.box(body, "#6a1b9a"), f"Week {week}: {fetch} {hub}")


def emotion_prototypes(identity: int = 0) -> Panel:
    """EMFACS-style emotion prototypes, as examples of interpretation after coding."""
    note = content.emotions_note()
    blocks = [f"<p>{html.escape(note)}</p>"]
    texts = [note]
    for emotion in content.emotions():
        scores = [(s, s) for s in emotion.examples if drawable(s)]
        blocks.append(
            f"<strong>{html.escape(emotion.name)}</strong>: "
            f"{html.escape(', '.join(emotion.examples))}. {html.escape(emotion.note)}"
            + face_row(scores, identity, "face")
        )
        texts.append(f"{emotion.name}: {', '.join(emotion.examples)}")
    return Panel(html.box("".join(blocks), "#ad1457"), "\n".join(texts))


def test_marks() -> Panel:
    """The final test's pass mark and the readiness mark, from the catalog."""
    marks = catalog()
    sentence = content.text("session", "marks")
    plain = sentence.format(
        pass_mark=f"{marks.pass_mark:.2f}", ready_mark=f"{marks.ready_mark:.2f}"
    )
    bold = html.escape(sentence).format(
        pass_mark=f"<strong>{marks.pass_mark:.2f}</strong>",
        ready_mark=f"<strong>{marks.ready_mark:.2f}</strong>",
    )
    return Panel(html.box(bold, "#1565c0"), plain)
