"""Generated clips kept on disk: a cell run again shows its clip without drawing or encoding.

A clip is keyed by its :class:`~course.face.clip.ClipSpec` and by the drawing code itself (every
file of ``course/face`` and ``course/facs``), so a changed renderer never shows an old picture.
The folder is ``$FACS_CLIP_CACHE`` (``off`` turns the cache off), else
``$XDG_CACHE_HOME/facs-course/clips`` or ``~/.cache/facs-course/clips``; the newest
:data:`KEEP` clips stay. Nothing here is ever needed: a clip that cannot be read or written is
simply drawn again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from functools import cache
from pathlib import Path

KEEP = 100  # clips kept (about 45 MB); the least recently shown go first
PARTS = ("clip.webm", "poster.png", "still.png")
DRAWING_CODE = [Path(__file__).parent.parent / name for name in ("face", "facs")]


def folder() -> Path | None:
    """Where clips are kept, or None when the cache is off."""
    chosen = os.environ.get("FACS_CLIP_CACHE")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "facs-course" / "clips"


@cache
def _drawing_code() -> str:
    """A digest of every file the drawing of a clip depends on."""
    digest = hashlib.sha256()
    for root in DRAWING_CODE:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".pyc"):
            digest.update(path.relative_to(root.parent).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _entry(spec: object) -> Path | None:
    where = folder()
    if where is None:
        return None
    key = hashlib.sha256(f"{_drawing_code()}\n{spec!r}".encode()).hexdigest()[:32]
    return where / key


def read(spec: object) -> tuple[bytes, bytes, bytes] | None:
    """The kept video, frame-0 PNG and still PNG of ``spec``, or None."""
    entry = _entry(spec)
    if entry is None:
        return None
    try:
        parts = tuple((entry / name).read_bytes() for name in PARTS)
        os.utime(entry)  # recently shown: kept longest
    except OSError:
        return None
    return parts


def write(spec: object, video: bytes, poster: bytes, still: bytes) -> None:
    """Keep a clip (whole or not at all), then drop the oldest beyond :data:`KEEP`."""
    entry = _entry(spec)
    if entry is None:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=entry.parent, prefix=".new-"))
        for name, data in zip(PARTS, (video, poster, still), strict=True):
            (staging / name).write_bytes(data)
        try:
            staging.rename(entry)
        except OSError:  # kept meanwhile by another kernel
            shutil.rmtree(staging, ignore_errors=True)
        kept = sorted(
            (p for p in entry.parent.iterdir() if not p.name.startswith(".")),
            key=lambda p: p.stat().st_mtime,
        )
        for old in kept[:-KEEP]:
            shutil.rmtree(old, ignore_errors=True)
    except OSError:
        pass  # a read-only or full disk: the clip is drawn again next time
