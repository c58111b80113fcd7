"""A person's coding of one clip, written to and read from ELAN ``.eaf`` files and CSV.

In the ``.eaf`` file each code has a tier named ``AU<code>`` holding one annotation from onset
to offset whose value is the code as scored (``R12C``), and a tier ``AU<code> apex`` holding a
one-frame annotation at the apex. Times are milliseconds, ``round(frame * 1000 / fps)``; frames
count from 0, as in the course's clips. The CSV file has one row per code.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..facs.agreement import PHASES, Event
from ..facs.codes import INTENSITIES
from ..facs.notation import NotationError, Score, parse
from .errors import InteropError

CSV_COLUMNS = [
    "code",
    "prefix",
    "intensity",
    "onset_frame",
    "apex_frame",
    "offset_frame",
    "fps",
    "media",
]
APEX_SUFFIX = " apex"
_CODE_TIER = re.compile(r"AU\s*([0-9]+)", re.IGNORECASE)


@dataclass(frozen=True)
class ClipCoding:
    """The codes scored on a clip with each code's onset, apex and offset frames."""

    score: Score
    events: dict[int, Event]
    fps: float
    media: str = ""

    def __post_init__(self) -> None:
        if self.fps <= 0:
            raise InteropError(f"The frame rate must be positive; got {self.fps}.")
        missing = sorted(self.score.codes - self.events.keys())
        if missing:
            raise InteropError(
                f"Code {missing[0]} has no onset, apex and offset frames; give all three for every code."
            )

    def at(self, frame: int) -> Score:
        """The codes showing on ``frame``: those whose onset <= frame <= offset."""
        return Score(
            tuple(
                e
                for e in self.score
                if self.events[e.code].onset <= frame <= self.events[e.code].offset
            )
        )

    @property
    def apex(self) -> int | None:
        """The clip's apex: the apex frame most codes share (the earliest on a tie)."""
        counts = Counter(ev.apex for ev in self.events.values())
        if not counts:
            return None
        return min(counts, key=lambda f: (-counts[f], f))


def _ms(frame: int, fps: float) -> int:
    return round(frame * 1000 / fps)


def _frame(ms: int, fps: float) -> int:
    return round(ms * fps / 1000)


def write_eaf(coding: ClipCoding, path: str | Path) -> Path:
    """Write ``coding`` as an ELAN file with the media linked; returns the path."""
    from pympi.Elan import Eaf

    eaf = Eaf(author="facs-course")
    eaf.remove_tier("default")
    if coding.media:
        eaf.add_linked_file(coding.media, mimetype=_mimetype(coding.media))
    one_frame = max(1, _ms(1, coding.fps))
    for entry in coding.score:
        ev = coding.events[entry.code]
        tier = f"AU{entry.code}"
        eaf.add_tier(tier)
        eaf.add_annotation(tier, _ms(ev.onset, coding.fps), _ms(ev.offset, coding.fps), str(entry))
        eaf.add_tier(tier + APEX_SUFFIX)
        start = _ms(ev.apex, coding.fps)
        eaf.add_annotation(tier + APEX_SUFFIX, start, start + one_frame, "apex")
    path = Path(path)
    eaf.to_file(str(path))
    return path


def _mimetype(media: str) -> str:
    suffix = Path(media).suffix.lower().lstrip(".")
    return {"mp4": "video/mp4", "webm": "video/webm", "mov": "video/quicktime"}.get(
        suffix, "video/*"
    )


def read_eaf(path: str | Path, fps: float) -> ClipCoding:
    """Read an ELAN file coded here or elsewhere: tiers ``AU<code>`` (and ``AU<code> apex``).

    An annotation's value is the code as scored (``R12C``), an intensity letter alone (``C``) or
    empty. Tiers with other names are ignored. Without an apex tier the apex is the middle.
    """
    from pympi.Elan import Eaf

    path = Path(path)
    try:
        eaf = Eaf(str(path))
    except Exception as err:  # pympi raises bare XML and key errors on a broken file
        raise InteropError(
            f"{path.name} is not a readable ELAN (.eaf) file ({' '.join(str(err).split()) or type(err).__name__}); "
            "save it again from ELAN, or export the coding as CSV."
        ) from None
    media = next((d.get("MEDIA_URL", "") for d in eaf.media_descriptors), "")
    entries, events = [], {}
    for tier in eaf.get_tier_names():
        match = _CODE_TIER.fullmatch(tier)
        if not match:
            continue
        annotations = eaf.get_annotation_data_for_tier(tier)
        if not annotations:
            continue
        if len(annotations) > 1:
            raise InteropError(
                f"{path.name}, tier {tier}: {len(annotations)} annotations; the course scores one "
                "event per code and clip, so keep one annotation on this tier."
            )
        start, end, value = annotations[0][:3]
        value = value.strip()
        text = match.group(1) + value if value.upper() in INTENSITIES else value or match.group(1)
        entry = _entry(text, f"{path.name}, tier {tier}")
        if entry.code != int(match.group(1)):
            raise InteropError(
                f"{path.name}, tier {tier}: the annotation says {value}, another code; "
                f"put it on the tier AU{entry.code}."
            )
        apex_tier = tier + APEX_SUFFIX
        apexes = (
            eaf.get_annotation_data_for_tier(apex_tier) if apex_tier in eaf.get_tier_names() else []
        )
        apex_ms = apexes[0][0] if apexes else (start + end) // 2
        if not start <= apex_ms <= end:
            raise InteropError(
                f"{path.name}, tier {apex_tier}: the apex lies outside the annotation on {tier}; "
                "move it between the onset and the offset."
            )
        entries.append(entry)
        events[entry.code] = Event(*(_frame(ms, fps) for ms in (start, apex_ms, end)))
    return ClipCoding(_score(entries, path.name), events, fps, media)


def _entry(text: str, where: str):
    try:
        score = parse(text)
    except NotationError as err:
        raise InteropError(f"{where}: {err}") from None
    if len(score) != 1:
        raise InteropError(f"{where}: '{text}' is not one code; write one code, such as R12C.")
    return score.entries[0]


def _score(entries: list, where: str) -> Score:
    try:
        return parse("+".join(map(str, entries)) or "0")
    except NotationError as err:
        raise InteropError(f"{where}: {err}") from None


def write_coding_csv(coding: ClipCoding, path: str | Path) -> Path:
    """Write ``coding`` as CSV, one row per code (columns ``CSV_COLUMNS``); returns the path."""
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(CSV_COLUMNS)
        for e in coding.score:
            ev = coding.events[e.code]
            writer.writerow(
                [
                    e.code,
                    e.prefix,
                    e.intensity,
                    *(ev.frame(p) for p in PHASES),
                    coding.fps,
                    coding.media,
                ]
            )
    return path


def read_coding_csv(path: str | Path) -> ClipCoding:
    """Read a coding CSV written by ``write_coding_csv`` (or by hand with the same columns)."""
    path = Path(path)
    with path.open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
        header = rows[0].keys() if rows else []
    missing = [c for c in CSV_COLUMNS[:-1] if c not in header]
    if missing:
        raise InteropError(
            f"{path.name}, line 1: the columns {', '.join(missing)} are missing; a coding CSV has "
            f"the columns {','.join(CSV_COLUMNS)}. An OpenFace or py-feat file is read with "
            "read_autocoder (facs-course compare-auto)."
        )
    entries, events, fps, media = [], {}, None, ""
    for line, row in enumerate(rows, start=2):
        where = f"{path.name}, line {line}"
        text = f"{row['prefix'] or ''}{row['code'] or ''}{row['intensity'] or ''}".strip()
        entry = _entry(text, where)
        try:
            frames = [int(row[f"{p}_frame"]) for p in PHASES]
            fps = float(row["fps"])
        except (TypeError, ValueError):
            raise InteropError(
                f"{where}: onset_frame, apex_frame and offset_frame must be whole frame numbers "
                "and fps a number, such as 25."
            ) from None
        if not frames[0] <= frames[1] <= frames[2]:
            raise InteropError(f"{where}: the frames must run onset <= apex <= offset.")
        entries.append(entry)
        events[entry.code] = Event(*frames)
        media = row.get("media") or media
    if fps is None:
        raise InteropError(f"{path.name} has no coded rows; add one row per code.")
    return ClipCoding(_score(entries, path.name), events, fps, media)
