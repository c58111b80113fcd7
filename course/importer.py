"""An instructor's own (licensed) clips as a practice set: ``facs-course import FOLDER --keys``.

``keys.csv`` has one row per clip: ``file`` and ``score`` (the codes at the apex), and
optionally the ``onset``, ``apex`` and ``offset`` frames of the expression (the first frame is
0). Each clip is converted to a WebM the browser plays (the course's own encoder), its frame
rate and frame count read from the file. Every bad row gets a message naming the row and what to
fix; the good rows still import. The set is a folder: ``clips/``, ``practice.toml`` (the keys,
which learners may see: it is practice) and a session notebook that opens each clip in the
player with Check and Hint (:mod:`course.imported`).
"""

from __future__ import annotations

import csv
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .face.video import VideoError, to_browser_webm
from .facs import NotationError, parse
from .facs.agreement import PHASES

SET_FILE = "practice.toml"
COLUMNS = ("file", "score")


class ImportProblem(ValueError):
    """A row of the keys file that cannot be imported; the message names the row and the fix."""


@dataclass(frozen=True)
class ImportedClip:
    """One converted clip of a practice set, with its key."""

    file: str  # the WebM, relative to the set's folder
    source: str  # the instructor's file name
    score: str
    fps: float
    frames: int
    onset: int | None = None
    apex: int | None = None
    offset: int | None = None


def read_rows(keys: Path) -> list[tuple[int, dict[str, str]]]:
    """The rows of ``keys`` with their row numbers as a spreadsheet shows them (header is 1)."""
    if not keys.is_file():
        raise ImportProblem(f"There is no keys file {keys}; give its path with --keys.")
    with keys.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        header = [h.strip().lower() for h in reader.fieldnames or []]
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise ImportProblem(
                f"{keys.name} has no {' or '.join(missing)} column: its first row must name the "
                "columns file,score (and optionally onset,apex,offset)."
            )
        reader.fieldnames = header
        return [
            (n, {k: (v or "").strip() for k, v in row.items() if k})
            for n, row in enumerate(reader, start=2)
            if any((v or "").strip() for v in row.values() if isinstance(v, str))
        ]


def _frames(row: dict[str, str], where: str) -> dict[str, int | None]:
    marks: dict[str, int | None] = {}
    for phase in PHASES:
        value = row.get(phase, "")
        if not value:
            marks[phase] = None
            continue
        if not value.isdigit():
            raise ImportProblem(
                f"{where}: {phase} {value!r} is not a frame number; write a whole number "
                "(the first frame is 0) or leave it empty."
            )
        marks[phase] = int(value)
    given = [marks[p] for p in PHASES if marks[p] is not None]
    if given != sorted(given):
        raise ImportProblem(
            f"{where}: the frames must come in order, onset <= apex <= offset "
            f"(got {', '.join(f'{p} {marks[p]}' for p in PHASES if marks[p] is not None)})."
        )
    return marks


def _count(webm: Path) -> tuple[float, int]:
    """Frame rate and frame count of the converted clip, counted from its packets."""
    import av

    with av.open(str(webm)) as container:
        stream = container.streams.video[0]
        count = sum(1 for packet in container.demux(stream) if packet.size)
        return float(stream.average_rate), count


def import_row(number: int, row: dict[str, str], folder: Path, out: Path) -> ImportedClip:
    """Check and convert one row; :class:`ImportProblem` says what to fix."""
    name = row.get("file", "")
    where = f"Row {number}" + (f" ({name})" if name else "")
    if not name:
        raise ImportProblem(f"{where}: the file column is empty; write the clip's file name.")
    if not row.get("score"):
        raise ImportProblem(
            f"{where}: the score column is empty; write the codes at the apex (e.g. 6+12C, or 0 "
            "for a face that does not move)."
        )
    try:
        score = str(parse(row["score"]))
    except NotationError as err:
        raise ImportProblem(f"{where}: the score cannot be read: {err}") from None
    marks = _frames(row, where)
    source = folder / name
    if not source.is_file():
        raise ImportProblem(
            f"{where}: there is no file {name} in {folder}; check the name (and its extension)."
        )
    target = out / "clips" / f"{Path(name).stem}.webm"
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        partial = Path(tmp) / target.name
        try:
            to_browser_webm(source, partial)
        except VideoError as err:
            raise ImportProblem(f"{where}: {err}") from None
        fps, frames = _count(partial)
        late = {p: v for p, v in marks.items() if v is not None and v >= frames}
        if late:
            phase, frame = next(iter(late.items()))
            raise ImportProblem(
                f"{where}: {phase} {frame} is past the end: the clip has {frames} frames "
                f"(0 to {frames - 1}). Check the frame numbers (the first frame is 0)."
            )
        partial.replace(target)
    return ImportedClip(
        file=target.relative_to(out).as_posix(),
        source=name,
        score=score,
        fps=fps,
        frames=frames,
        **marks,
    )


def import_clips(folder: Path, keys: Path, out: Path) -> tuple[list[ImportedClip], list[str]]:
    """Import every good row of ``keys`` into the set ``out``; return the clips and the
    problems (one message per bad row). Two rows naming one clip file: the second is refused."""
    folder, out = Path(folder), Path(out)
    if not folder.is_dir():
        raise ImportProblem(f"There is no folder {folder}; give the folder that holds the clips.")
    clips, problems, seen = [], [], set()
    for number, row in read_rows(Path(keys)):
        stem = Path(row.get("file", "")).stem
        if stem and stem in seen:
            problems.append(
                f"Row {number} ({row['file']}): a clip named {stem} is already imported from an "
                "earlier row; give each clip its own file name."
            )
            continue
        try:
            clips.append(import_row(number, row, folder, out))
            seen.add(stem)
        except ImportProblem as err:
            problems.append(str(err))
    if clips:
        write_set(clips, out, folder.name)
    return clips, problems


def write_set(clips: list[ImportedClip], out: Path, title: str) -> Path:
    """Write ``practice.toml``: the set's title and every clip with its key."""
    lines = [
        "# A practice set imported with `facs-course import`: the clips and their keys.",
        f"title = {json.dumps(title)}",
    ]
    for clip in clips:
        lines += ["", "[[clip]]"]
        for field, value in vars(clip).items():
            if value is not None:
                lines.append(f"{field} = {json.dumps(value)}")
    path = out / SET_FILE
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path
