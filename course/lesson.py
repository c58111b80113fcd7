"""What the session notebooks show: codes taught with pictures, comparisons, practice clips.

Each helper returns an object that displays itself as HTML in a notebook cell (pictures are
embedded PNGs, so they survive export). The words come from the catalog
(``course/facs/codes.toml``), the practice clips and emotion examples from the TOML files next
to this module; the notebooks only call these helpers.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache

import cv2
import numpy as np

from .content import PracticeClip, emotions, emotions_note, practice_clips, text
from .face.clip import make_clip
from .face.movements import DRAWN_CODES
from .face.render import region_box, render_score
from .facs import NotationError, TestScore, catalog, compare, error_table, parse
from .facs.codes import INTENSITIES, INTENSITY_WORDS, KINDS, REGIONS, Code, confusion_between
from .facs.explain import entry_words, item_lines, test_lines
from .player import ClipPlayer, play
from .player.sources import key_events, load
from .practice import Exercise, Feedback, is_starter

__all__ = [
    "check_clip",
    "clip_hint",
    "code_table",
    "compare_faces",
    "confusable",
    "emotion_prototypes",
    "intensity_strip",
    "mock_clip",
    "mock_test",
    "practice_clip",
    "read_score",
    "teach",
    "test_marks",
    "week_codes",
    "week_summary",
]

IMAGE_SIZE = 224
ZOOM_SIZE = 480  # render size a close-up is cut from


@dataclass(frozen=True)
class Panel:
    """A block of HTML that a notebook displays; ``str()`` gives the same content as text."""

    html: str
    text: str = ""

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.text


# ---- data ---------------------------------------------------------------------------------


def _clip(week: int, number: int) -> PracticeClip:
    clips = practice_clips(week)
    if not 1 <= number <= len(clips):
        raise ValueError(
            f"Week {week} has practice clips 1 to {len(clips)}; there is no clip {number}."
        )
    return clips[number - 1]


@cache
def _exercise(week: int, number: int) -> Exercise:
    """One Exercise per clip, so that hints escalate across cells."""
    item = _clip(week, number)
    key = make_clip(item.spec).key
    timing = key.expression if item.timed else None
    return Exercise(key.score, timing, item.spec.fps, None, key_events(key))


# ---- pictures -----------------------------------------------------------------------------


def _png(rgb: np.ndarray) -> str:
    ok, buffer = cv2.imencode(".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    if not ok:
        raise ValueError("A picture could not be encoded.")
    return base64.b64encode(buffer.tobytes()).decode("ascii")


def drawable(score: str) -> bool:
    """True when the synthetic faces can show every code of ``score``."""
    return all(e.code in DRAWN_CODES for e in parse(score))


def picture(
    score: str, identity: int = 0, region: str = "face", size: int = IMAGE_SIZE
) -> np.ndarray:
    """An RGB picture of ``score`` ("0" is neutral), the whole face or a close-up of a region."""
    if region == "face":
        return render_score(score, identity, size)
    x0, y0, x1, y1 = region_box(region, ZOOM_SIZE)
    crop = render_score(score, identity, ZOOM_SIZE)[y0:y1, x0:x1]
    scale = size / (x1 - x0)
    return cv2.resize(crop, (size, round((y1 - y0) * scale)), interpolation=cv2.INTER_AREA)


def _figure(score: str, label: str, identity: int, region: str) -> str:
    data = _png(picture(score, identity, region))
    alt = html.escape(f"{label}: face showing {score}")
    return (
        '<figure style="margin:0 8px 8px 0;text-align:center">'
        f'<img src="data:image/png;base64,{data}" alt="{alt}" '
        f'style="width:{IMAGE_SIZE}px;border-radius:6px;display:block">'
        f'<figcaption style="font:600 13px system-ui,sans-serif;margin-top:4px">'
        f"{html.escape(label)}</figcaption></figure>"
    )


def _row(scores: Iterable[tuple[str, str]], identity: int, region: str) -> str:
    figures = "".join(_figure(score, label, identity, region) for score, label in scores)
    return f'<div style="display:flex;flex-wrap:wrap;align-items:flex-start">{figures}</div>'


def _label(score: str) -> str:
    return "neutral" if score.strip() == "0" else str(parse(score))


def _box(body: str, colour: str = "#546e7a") -> str:
    return (
        f'<div style="border-left:4px solid {colour};padding:8px 12px;margin:6px 0;'
        "background:rgba(127,127,127,0.06);border-radius:4px;line-height:1.45;"
        f'font-family:system-ui,sans-serif">{body}</div>'
    )


def _list(lines: Iterable[str]) -> str:
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f'<ul style="margin:4px 0;padding-left:20px">{items}</ul>'


# ---- teaching -----------------------------------------------------------------------------


def compare_faces(
    *scores: str, identity: int = 0, region: str = "face", labels: Iterable[str] | None = None
) -> Panel:
    """Faces side by side, e.g. ``compare_faces("0", "4B", "1+4B")``; ``region`` zooms in
    ("brows", "eyes", "cheeks", "mouth")."""
    try:
        names = list(labels) if labels is not None else [_label(s) for s in scores]
        row = _row(zip(scores, names, strict=True), identity, region)
    except NotationError as error:
        return Panel(_box(html.escape(str(error)), "#e65100"), str(error))
    return Panel(row, "Faces: " + ", ".join(names))


def intensity_strip(code: int, identity: int = 0, region: str | None = None) -> Panel:
    """The code from neutral through A (trace) to E (maximum) on one face."""
    entry = catalog().codes[code]
    region = region or entry.region
    scores = [("0", "neutral")] + [
        (f"{code}{i}", f"{code}{i} {INTENSITY_WORDS[i]}") for i in INTENSITIES
    ]
    body = f"<strong>{code} {html.escape(entry.name)} from trace to maximum</strong>"
    body += _row(scores, identity, region)
    if entry.intensity_guide:
        body += f"<p>{html.escape(entry.intensity_guide)}</p>"
    return Panel(_box(body), f"{code} A to E. {entry.intensity_guide}")


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
        pictures = _row(scores, identity, region)
    body = f"<strong>{html.escape(title)}</strong>{pictures}<p>{html.escape(cue)}</p>"
    return Panel(_box(body, "#1565c0"), f"{title} {cue}")


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
        parts.append(_row(scores, identity, "face"))
        if entry.region != "face":
            parts.append("<em>Close-up:</em>" + _row(scores, identity, entry.region))
    else:
        parts.append(
            f"<p><em>The course faces do not show {code}: read about it in chapter "
            f"{entry.chapter} of your manual, and watch for it in real faces.</em></p>"
        )
    parts.append("<strong>What you see</strong>" + _list(entry.appearance))
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
    return Panel(_box("".join(parts), "#2e7d32"), "\n".join(texts))


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
    """The codes the catalog assigns to ``week``."""
    return sorted(c.code for c in catalog().codes.values() if c.week == week)


def read_score(text: str) -> Panel:
    """How FACS reads what you typed: the tidy form and each code in words, or what is wrong."""
    if is_starter(text):
        return Panel(_box("Type a score between the quotes, for example 1+2+5B, and run the cell."))
    try:
        score = parse(text)
    except NotationError as error:
        body = f"<strong>That cannot be read as FACS.</strong><p>{html.escape(str(error))}</p>"
        return Panel(_box(body, "#e65100"), str(error))
    words = [entry_words(e) for e in score] or ["0: a neutral face, no action."]
    body = f"<strong>FACS reads this as {html.escape(str(score))}</strong>" + _list(words)
    return Panel(_box(body, "#2e7d32"), "\n".join([str(score), *words]))


# ---- practice -----------------------------------------------------------------------------


def practice_clip(week: int, number: int) -> ClipPlayer:
    """Practice clip ``number`` of ``week`` in the player, with Check and Hint buttons."""
    item = _clip(week, number)
    count = len(practice_clips(week))
    player = play(item.spec, practice=True)
    player.exercise = _exercise(week, number)
    player.title = f"Week {week} · practice clip {number} of {count} · {item.level}"
    return player


def mock_clip(number: int) -> ClipPlayer:
    """Mock-test clip ``number`` (week 9) as in the real test: no Check, no Hint, no key."""
    item = _clip(9, number)
    count = len(practice_clips(9))
    loaded = replace(load(item.spec), key=None, title=f"Mock test · item {number} of {count}")
    return ClipPlayer(loaded)


def check_clip(
    week: int,
    number: int,
    answer: str,
    onset: int | None = None,
    apex: int | None = None,
    offset: int | None = None,
) -> Feedback:
    """Check codes typed in a cell (and, for timed clips, the onset/apex/offset frames)."""
    marks = {"onset": onset, "apex": apex, "offset": offset}
    timed = any(v is not None for v in marks.values())
    return _exercise(week, number).check(answer, marks if timed else None)


def clip_hint(week: int, number: int) -> Feedback:
    """The next hint for a clip: where to look, then the cue, then the answer."""
    return _exercise(week, number).hint()


# ---- the end of a week --------------------------------------------------------------------


def week_summary(week: int) -> Panel:
    """The codes of the week with their first cue, and how to get the graded assignment."""
    codes = week_codes(week)
    table = f"<strong>Codes of week {week}</strong>{code_table(codes).html}" if codes else ""
    fetch = text("week_summary", "self_paced").format(week=f"{week:02d}")
    hub = text("week_summary", "hub")
    body = (
        f"{table}<p><strong>Graded assignment of week {week}.</strong> {html.escape(fetch)}<br>"
        f"{html.escape(hub)}</p>"
    )
    return Panel(_box(body, "#6a1b9a"), f"Week {week}: {fetch} {hub}")


def emotion_prototypes(identity: int = 0) -> Panel:
    """EMFACS-style emotion prototypes, as examples of interpretation after coding."""
    note = emotions_note()
    blocks = [f"<p>{html.escape(note)}</p>"]
    texts = [note]
    for emotion in emotions():
        scores = [(s, s) for s in emotion.examples if drawable(s)]
        blocks.append(
            f"<strong>{html.escape(emotion.name)}</strong>: "
            f"{html.escape(', '.join(emotion.examples))}. {html.escape(emotion.note)}"
            + _row(scores, identity, "face")
        )
        texts.append(f"{emotion.name}: {', '.join(emotion.examples)}")
    return Panel(_box("".join(blocks), "#ad1457"), "\n".join(texts))


def test_marks() -> Panel:
    """The final test's pass mark and the readiness mark, from the catalog."""
    marks = catalog()
    sentence = text("session", "marks")
    plain = sentence.format(
        pass_mark=f"{marks.pass_mark:.2f}", ready_mark=f"{marks.ready_mark:.2f}"
    )
    bold = html.escape(sentence).format(
        pass_mark=f"<strong>{marks.pass_mark:.2f}</strong>",
        ready_mark=f"<strong>{marks.ready_mark:.2f}</strong>",
    )
    return Panel(_box(bold, "#1565c0"), plain)


def mock_test(answers: Mapping[int, str], week: int = 9) -> Panel:
    """Score your answers to the week's practice clips as the final test is scored: mean
    agreement, each item's misses and adds, and your error table over all items."""
    count = len(practice_clips(week))
    results, lines, unanswered = [], [], 0
    for number in range(1, count + 1):
        answer = answers.get(number, "")
        if is_starter(answer):
            unanswered += 1
            lines.append(
                f"Clip {number}: no answer yet (counts as 0, as in the final test; "
                "a face with nothing to score is coded 0)."
            )
            continue
        try:
            result = compare(_exercise(week, number).key, answer)
        except NotationError as error:
            unanswered += 1
            lines.append(f"Clip {number}: your answer could not be read (counts as 0). {error}")
            continue
        results.append(result)
        lines.append(f"Clip {number}: " + " ".join(item_lines(result)))
    if not results:
        body = "<strong>No answers to score yet.</strong> Type your codes between the quotes."
        return Panel(_box(body), "No answers to score yet.")
    score = TestScore(tuple(results), unanswered=unanswered)
    table = error_table(score.items)
    table = table[table["errors"] > 0].rename(columns={"in_key": "in the key"})
    verdict = test_lines(score)
    body = f"<strong>{html.escape(verdict[0])}</strong>" + _list(lines)
    body += "<strong>Your error table</strong> (codes you missed or added, most errors first)"
    body += table.to_html(index=False) if len(table) else "<p>No misses and no adds.</p>"
    return Panel(_box(body, "#1565c0"), "\n".join(verdict + lines))
