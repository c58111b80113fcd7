"""The clip player and coding panel: ``play(source)`` in any notebook cell."""

from __future__ import annotations

import sys
import threading
from dataclasses import replace
from typing import TYPE_CHECKING

from ..face.clip import ClipKey
from ..facs import Event, Score
from .sources import INLINE_LIMIT, LoadedClip, Source, key_events, load
from .widget import ClipPlayer

if TYPE_CHECKING:
    from ..practice import Exercise

__all__ = ["ClipPlayer", "LoadedClip", "play"]


def play(
    source: Source,
    *,
    practice: bool = False,
    key: str | Score | ClipKey | None = None,
    timing: Event | None = None,
    window_s: float | None = None,
    title: str | None = None,
    inline_limit: int = INLINE_LIMIT,
    hide_key: bool = False,
) -> ClipPlayer:
    """Open a clip in the player.

    ``source`` is a course clip (a ``ClipSpec``, or a ``(ClipKey, path)`` pair), a FACS score
    such as ``"1+2+5B"`` (a clip is generated), or a video file (converted when the browser
    cannot play it). A video file is a ``Path``, or a string ending in a video suffix such as
    ``.webm`` or ``.mp4``; any other string is a score, even when a file of that name exists.
    With ``practice=True`` (or a ``key`` for your own video) the panel gets Check and Hint
    buttons; ``timing`` is the key's onset, apex and offset frames. ``hide_key=True`` (a test
    item) drops the key: no Check, no Hint, and no codes in the player or its fallback.
    Videos over ``inline_limit`` bytes stream from the Jupyter server instead of the kernel;
    they must then lie inside the folder Jupyter serves. In a notebook a generated clip's first
    frame shows at once and its video follows from a background encoder, which starts when
    the cell has finished, so as not to slow the first frame (``player.wait()`` starts it at
    once and blocks until the video is there); outside a kernel ``play`` returns with the video
    in place.
    """
    shell = _kernel_shell()
    start = None if shell is None else threading.Event()  # the encoder waits for the cell's end
    loaded = load(source, inline_limit, wait=shell is None, start=start)
    if loaded.start is not None:
        _when_the_cell_ends(shell, loaded.start.set)
    if hide_key:
        if practice or key is not None:
            raise ValueError("hide_key=True hides the key: do not pass practice=True or a key.")
        loaded = replace(loaded, key=None)
    key = loaded.key if key is None else key
    exercise = None
    if practice or key is not None and not isinstance(key, ClipKey):
        if key is None:
            raise ValueError(
                'A practice clip needs a key: pass key="1+2" (and timing=Event(...)) '
                "for your own video."
            )
        exercise = _exercise(key, timing, loaded.fps, window_s)
    player = ClipPlayer(loaded, exercise)
    if title is not None:
        player.title = title
    elif exercise is not None:
        player.title = "Practice clip"
    return player


def _exercise(
    key: str | Score | ClipKey, timing: Event | None, fps: float, window_s: float | None
) -> Exercise:
    from ..practice import Exercise  # grading parts, only for a clip with a key to check

    if isinstance(key, ClipKey):
        return Exercise(key.score, timing or key.expression, fps, window_s, key_events(key))
    events = {str(key): timing} if timing is not None else {}
    return Exercise(key, timing, fps, window_s, events)


def _kernel_shell():
    """The IPython shell of a Jupyter kernel (where a widget can be updated after it is shown),
    or None."""
    shell = sys.modules.get("IPython") and sys.modules["IPython"].get_ipython()
    return shell if getattr(shell, "kernel", None) is not None else None


def _when_the_cell_ends(shell, then) -> None:
    """Call ``then()`` once, after the running cell (and the output it shows) has finished."""

    def once(*_) -> None:
        shell.events.unregister("post_execute", once)
        then()

    shell.events.register("post_execute", once)
