"""Drawn things kept on disk between kernels: each face's still layer here, clips in the player.

Everything kept is keyed by a digest of the drawing code (every file of ``course/face`` and
``course/facs``), so a changed renderer never shows an old picture. The folder is
``$FACS_CLIP_CACHE`` (``off`` turns keeping off), else ``$XDG_CACHE_HOME/facs-course/clips``
or ``~/.cache/facs-course/clips``. Nothing kept is ever needed: what cannot be read or written
is drawn again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

DRAWING_CODE = [Path(__file__).parent.parent / name for name in ("face", "facs")]
FACES = ".faces"  # the still layers, in a folder of their own inside the cache
KEEP_FACES = 24  # identities x sizes; the least recently used go first
T = TypeVar("T")


def folder() -> Path | None:
    """Where drawn things are kept, or None when keeping is off."""
    chosen = os.environ.get("FACS_CLIP_CACHE")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "facs-course" / "clips"


@cache
def drawing_code() -> str:
    """A digest of every file the drawing of a face or clip depends on."""
    digest = hashlib.sha256()
    for root in DRAWING_CODE:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".pyc"):
            digest.update(path.relative_to(root.parent).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


# Taken as the drawing code is imported (2 ms), so that a kernel whose code was changed on disk
# after it started cannot keep its pictures under the new code's name.
drawing_code()


def key(what: object) -> str:
    """The name ``what`` (a spec's ``repr``, say) is kept under, for this drawing code."""
    return hashlib.sha256(f"{drawing_code()}\n{what}".encode()).hexdigest()[:32]


def kept(what: str, build: Callable[[], T]) -> T:
    """``build()``'s result, read back if it was kept before (by any kernel), else built and
    kept; for a face's still layer, which takes a tenth of a second or more to draw."""
    where = folder()
    path = None if where is None else where / FACES / f"{key(what)}.pickle"
    if path is not None:
        try:
            with path.open("rb") as stored:
                found = pickle.load(stored)
            os.utime(path)  # recently used: kept longest
            return found
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass  # not kept yet, or kept by another version of the code
    built = build()
    if path is not None:
        _write(path, built)
    return built


def _write(path: Path, value: object) -> None:
    staging = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, staging = tempfile.mkstemp(dir=path.parent, prefix=".new-")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(staging, path)
        staging = None
        stored = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in stored[:-KEEP_FACES]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # a read-only or full disk, or a value that cannot be kept: drawn again next time
    finally:
        if staging is not None:
            Path(staging).unlink(missing_ok=True)
