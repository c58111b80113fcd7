"""Automatic coders' output (OpenFace 2, py-feat) read as course scores, and compared with a person.

OpenFace 2 writes one CSV row per frame with ``AU01_r`` ... (intensity 0-5) and ``AU01_c`` ...
(presence 0/1) columns, headers padded with a leading space, and ``frame`` (from 1),
``timestamp``, ``confidence`` and ``success``. py-feat writes ``AU01`` ... as probabilities 0-1
and ``frame`` (from 0). Each frame becomes a Score; frames the tool could not track have none.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from ..facs.agreement import Event, ItemResult, TimingResult, compare, timing_agreement
from ..facs.codes import INTENSITIES, catalog
from ..facs.notation import Entry, Score
from .coding import ClipCoding
from .errors import InteropError

_OPENFACE = re.compile(r"AU(\d+)_([rc])")
_PYFEAT = re.compile(r"AU(\d+)")


@dataclass(frozen=True)
class Thresholds:
    """When an automatic coder's number counts as a code, and which intensity letter it gets.

    The defaults are this course's own choice, not a published mapping: OpenFace's presence
    column decides when it is given (else an intensity of at least 1.0 of 5); the 0-5 intensity
    scale is cut into five equal bands, A below 1, B below 2, C below 3, D below 4, E from 4; a
    py-feat probability of 0.5 or more counts as present; frames with OpenFace's tracking
    confidence below 0.8 (its own ``success`` cut-off is similar) are left out.
    """

    presence: float = 1.0  # OpenFace intensity (0-5) that counts as present without a _c column
    probability: float = 0.5  # py-feat probability (0-1) that counts as present
    cuts: tuple[float, float, float, float] = (1.0, 2.0, 3.0, 4.0)  # A|B, B|C, C|D, D|E
    min_confidence: float = 0.8

    def letter(self, intensity: float) -> str:
        """The letter A-E for an intensity on OpenFace's 0-5 scale."""
        return INTENSITIES[sum(intensity >= cut for cut in self.cuts)]


@dataclass(frozen=True)
class AutoCoding:
    """An automatic coder's scores, frame by frame (frames from 0), with each frame's strength."""

    tool: str
    frames: dict[int, Score]
    strength: dict[int, float]  # sum over present codes: the apex is where it is largest

    @property
    def apex(self) -> int | None:
        """The frame where the present codes are strongest (the earliest on a tie)."""
        if not self.strength:
            return None
        return min(self.strength, key=lambda f: (-self.strength[f], f))

    def event(self, code: int) -> tuple[int, int, int] | None:
        """First frame, strongest frame and last frame the tool scored ``code``."""
        frames = [f for f, s in self.frames.items() if code in s]
        return (min(frames), max(frames, key=self.strength.get), max(frames)) if frames else None


def read_autocoder(
    path: str | Path, thresholds: Thresholds | None = None, tool: str = ""
) -> AutoCoding:
    """Read an OpenFace 2 or py-feat CSV (told by its columns unless ``tool`` says which)."""
    path, th = Path(path), thresholds or Thresholds()
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = [h.strip() for h in next(reader, [])]
        rows = list(reader)
    openface = {h for h in header if _OPENFACE.fullmatch(h)}
    pyfeat = {h for h in header if _PYFEAT.fullmatch(h)}
    tool = tool or ("openface" if openface else "py-feat" if pyfeat else "")
    if tool not in ("openface", "py-feat") or not (openface if tool == "openface" else pyfeat):
        raise InteropError(
            f"{path.name}, line 1: no automatic coder's AU columns found (OpenFace 2 writes "
            "AU01_r and AU01_c, py-feat writes AU01). Export the CSV from OpenFace's "
            "FeatureExtraction or py-feat's detector, or convert your tool's output to one of them."
        )
    if "frame" not in header:
        raise InteropError(f"{path.name}, line 1: there is no 'frame' column; {tool} writes one.")
    columns = sorted(openface if tool == "openface" else pyfeat)
    codes = {}
    for col in columns:
        code = int((_OPENFACE if tool == "openface" else _PYFEAT).fullmatch(col).group(1))
        if code not in catalog().codes:
            raise InteropError(
                f"{path.name}, line 1: the column {col} is AU {code}, which is not a FACS 2002 "
                "code; remove that column."
            )
        codes[col] = code
    frames, strength = {}, {}
    for line, row in enumerate(rows, start=2):
        if not row or not "".join(row).strip():
            continue
        values = dict(zip(header, (v.strip() for v in row), strict=False))
        try:
            nums = {col: float(values[col]) for col in columns}
            frame = int(float(values["frame"])) - (1 if tool == "openface" else 0)
            ok = tool != "openface" or (
                float(values.get("success", 1)) >= 1
                and float(values.get("confidence", 1)) >= th.min_confidence
            )
        except (KeyError, ValueError):
            raise InteropError(
                f"{path.name}, line {line}: a number is missing or unreadable; every AU column, "
                "frame, confidence and success needs a number on every line."
            ) from None
        if ok:
            frames[frame], strength[frame] = _frame_score(nums, codes, tool, th)
    return AutoCoding(tool, frames, strength)


def _frame_score(nums, codes, tool, th: Thresholds) -> tuple[Score, float]:
    info = catalog().codes
    entries, total = [], 0.0
    for code in sorted(set(codes.values())):
        if tool == "py-feat":
            p = next(v for c, v in nums.items() if codes[c] == code)
            if p >= th.probability:
                entries.append(Entry(code))
                total += p
            continue
        r = nums.get(f"AU{code:02d}_r")
        c = nums.get(f"AU{code:02d}_c")
        present = c >= 0.5 if c is not None else r is not None and r >= th.presence
        if present:
            letter = th.letter(r) if r is not None and info[code].intensity else ""
            entries.append(Entry(code, "", letter))
            total += r if r is not None else 1.0
    return Score(tuple(entries)), total


@dataclass(frozen=True)
class AutoComparison:
    """A person's coding against an automatic coder's, as the course's agreement measures it."""

    apex_frame: int | None
    at_apex: ItemResult | None
    frames: dict[int, ItemResult]  # per frame both have, the person taken as the key
    timing: dict[int, TimingResult]  # per code both scored

    @property
    def frame_agreement(self) -> float | None:
        """Mean agreement over the frames compared."""
        if not self.frames:
            return None
        return sum(r.agreement for r in self.frames.values()) / len(self.frames)


def compare_auto(person: ClipCoding | Score | str, auto: AutoCoding) -> AutoComparison:
    """Compare a person's coding (the key) with an automatic coder's output.

    With a full ClipCoding: at the person's apex, frame by frame and per code's timing. With a
    score only: at the automatic coder's apex frame.
    """
    if not isinstance(person, ClipCoding):
        apex = auto.apex
        return AutoComparison(
            apex, compare(person, auto.frames[apex]) if apex is not None else None, {}, {}
        )
    apex = person.apex
    at_apex = compare(person.score, auto.frames[apex]) if apex in auto.frames else None
    frames = {f: compare(person.at(f), s) for f, s in sorted(auto.frames.items())}
    timing = {}
    for code in sorted(person.score.codes):
        found = auto.event(code)
        if found is not None:
            timing[code] = timing_agreement(person.events[code], Event(*found), person.fps)
    return AutoComparison(apex, at_apex, frames, timing)
