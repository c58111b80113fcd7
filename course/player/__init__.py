"""The clip player and coding panel: ``play(source)`` in any notebook cell."""

from __future__ import annotations

from ..face.clip import ClipKey
from ..facs import Event, Score
from ..practice import Exercise
from .sources import INLINE_LIMIT, LoadedClip, Source, key_events, load
from .widget import ClipPlayer

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
) -> ClipPlayer:
    """Open a clip in the player.

    ``source`` is a course clip (a ``ClipSpec``, or a ``(ClipKey, path)`` pair), a FACS score
    such as ``"1+2+5B"`` (a clip is generated), or the path of any video file (converted when
    the browser cannot play it). With ``practice=True`` (or a ``key`` for your own video) the
    panel gets Check and Hint buttons; ``timing`` is the key's onset, apex and offset frames.
    Videos over ``inline_limit`` bytes stream from the Jupyter server instead of the kernel;
    they must then lie inside the folder Jupyter serves.
    """
    loaded = load(source, inline_limit)
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
    if isinstance(key, ClipKey):
        return Exercise(key.score, timing or key.expression, fps, window_s, key_events(key))
    events = {str(key): timing} if timing is not None else {}
    return Exercise(key, timing, fps, window_s, events)
