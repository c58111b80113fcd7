"""The clip player widget: frame-exact viewing, marks, and the coding panel beside it.

The browser steps through the clip on its own (no kernel round trip per frame); Python parses
codes, grades through :mod:`course.practice` and keeps the frame on screen and the marks.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

import anywidget
import traitlets as t

from ..content import not_attempted as is_starter
from ..facs import Event, NotationError, parse
from ..facs.agreement import PHASES
from ..facs.codes import INTENSITY_WORDS, catalog
from ..facs.explain import SIDE_WORDS
from .bundle import player_module
from .fallback import still_html
from .sources import LoadedClip

if TYPE_CHECKING:  # grading comes with an exercise (course.practice), not with the poster
    from ..practice import Exercise, Feedback

HERE = Path(__file__).parent
EMPTY_MARKS = {p: None for p in PHASES}
EMPTY_HINT = "Type the codes you see, joined with +, for example 1+2+5B (0 for a neutral face)."


def parse_preview(text: str) -> dict:
    """What the code box shows while a learner types: the canonical form, or the error."""
    if is_starter(text):
        return {"state": "empty", "message": EMPTY_HINT}
    try:
        score = parse(text)
    except NotationError as error:
        return {"state": "error", "message": str(error)}
    codes = []
    for entry in score:
        detail = []
        if entry.intensity:
            detail.append(f"{entry.intensity}: {INTENSITY_WORDS[entry.intensity]}")
        if entry.side:
            detail.append(SIDE_WORDS[entry.side])
        if entry.lip:
            detail.append("top lip" if entry.lip == "T" else "bottom lip")
        codes.append(
            {
                "text": str(entry),
                "name": catalog().codes[entry.code].name,
                "detail": ", ".join(detail),
            }
        )
    if not codes:
        codes.append({"text": "0", "name": "Neutral: no action", "detail": ""})
    return {"state": "ok", "canonical": str(score), "codes": codes}


class ClipPlayer(anywidget.AnyWidget):
    """A clip with frame stepping, marks, neutral comparison and zoom, and a coding panel."""

    _esm = player_module()
    _css = HERE / "player.css"

    clip = t.Bytes(b"").tag(sync=True)
    poster = t.Bytes(b"").tag(sync=True)  # frame 0, on screen until the clip has arrived
    problem = t.Unicode("").tag(sync=True)  # why the clip could not be made, in plain words
    file = t.Unicode("").tag(sync=True)  # absolute path, for videos too large to send
    mime = t.Unicode("video/webm").tag(sync=True)
    fps = t.Float(30.0).tag(sync=True)
    frame_count = t.Int(0).tag(sync=True)
    title = t.Unicode("").tag(sync=True)
    frame = t.Int(0).tag(sync=True)
    speed = t.Float(1.0).tag(sync=True)
    marks = t.Dict(EMPTY_MARKS).tag(sync=True)
    regions = t.List().tag(sync=True)
    region = t.Unicode("face").tag(sync=True)
    code = t.Unicode("").tag(sync=True)
    parsed = t.Dict(parse_preview("")).tag(sync=True)
    practice = t.Bool(False).tag(sync=True)
    feedback = t.Unicode("").tag(sync=True)
    feedback_state = t.Unicode("").tag(sync=True)
    agreement = t.Unicode("").tag(sync=True)
    hint = t.Unicode("").tag(sync=True)
    key_events = t.List().tag(sync=True)

    def __init__(self, loaded: LoadedClip, exercise: Exercise | None = None, **kwargs) -> None:
        super().__init__(
            clip=loaded.data,
            poster=loaded.poster,
            file=str(loaded.file or ""),
            mime=loaded.mime,
            fps=loaded.fps,
            frame_count=loaded.frame_count,
            title=loaded.title,
            regions=loaded.regions,
            practice=exercise is not None,
            **kwargs,
        )
        self.loaded = loaded
        self.exercise = exercise
        self._checked_code: str | None = None
        self._arrived = threading.Event()
        self.on_msg(self._on_message)
        if loaded.pending is None:
            self._arrived.set()
        else:
            loaded.pending.add_done_callback(self._clip_arrived)

    def _clip_arrived(self, pending: Future) -> None:
        """The encoder's result reaches the browser (called in the encoder's thread)."""
        try:
            self.clip = pending.result()
        except Exception as error:  # shown in the player: nothing is raised in a thread
            self.problem = f"The clip could not be drawn ({error}). Run the cell again."
        finally:
            self._arrived.set()

    def wait(self, timeout: float | None = None) -> ClipPlayer:
        """Block until the clip's video is here (it is encoded in the background)."""
        if self.loaded.start is not None:
            self.loaded.start.set()  # the encoder need not wait for the cell to end
        if not self._arrived.wait(timeout):
            raise TimeoutError(f"The clip was not ready within {timeout} s.")
        return self

    @t.observe("code")
    def _parse_code(self, change: dict) -> None:
        self.parsed = parse_preview(change["new"])
        if self.feedback_state == "checked" and change["new"] != self._checked_code:
            self.feedback_state = "stale"  # the result shown is for an earlier code

    @property
    def event(self) -> Event:
        """The learner's onset, apex and offset marks (None where not marked)."""
        return Event(*(self.marks.get(p) for p in PHASES))

    def check(self) -> Feedback:
        """Grade the code box and the marks against the exercise, and show the result."""
        if self.exercise is None:
            raise ValueError("This player has no key to check against; open it with practice=True.")
        result = self.exercise.check(self.code, self.event)
        self._checked_code = self.code
        with self.hold_sync():  # one message, so the browser never shows half a result
            self.feedback = result._repr_html_()
            self.agreement = "" if result.agreement is None else f"{result.agreement:.2f}"
            if result.state == "checked":
                self.key_events = _timeline(self.exercise.events)
            self.feedback_state = result.state
        return result

    def next_hint(self) -> Feedback:
        """Show the next, more telling hint."""
        if self.exercise is None:
            raise ValueError(
                "This player has no key to give hints from; open it with practice=True."
            )
        result = self.exercise.hint()
        self.hint = result._repr_html_()
        return result

    def _on_message(self, _widget, content: dict, _buffers) -> None:
        if content.get("type") == "check":
            self.code = content.get("code", self.code)
            self.marks = {p: content.get("marks", self.marks).get(p) for p in PHASES}
            self.check()
        elif content.get("type") == "hint":
            self.next_hint()

    def _repr_mimebundle_(self, **kwargs) -> tuple[dict, dict]:
        """The live widget, plus a still and the codes for exported HTML and feedback."""
        data, metadata = super()._repr_mimebundle_(**kwargs)
        data["text/html"] = still_html(self.title, self.loaded.still, self._fallback_lines())
        return data, metadata

    def _fallback_lines(self) -> list[str]:
        key, shown = self.loaded.key, self.loaded.still_frame
        which = f"the apex (frame {shown})" if key is not None else f"frame {shown}"
        lines = [f"{self.frame_count} frames at {self.fps:g} fps; still of {which}."]
        if key is not None and not self.practice:
            lines.append(f"Codes at the apex: {key.score}")
        if self.code and not is_starter(self.code):
            lines.append(f"Your code: {self.code}")
        return lines


def _timeline(events: dict[str, Event]) -> list[dict]:
    """Key events for the player's timeline; actions with the same timing share one bar."""
    groups: dict[tuple, list[str]] = {}
    for label, e in events.items():
        groups.setdefault((e.onset, e.apex, e.offset), []).append(label)
    return [
        {"label": "+".join(labels), "onset": onset, "apex": apex, "offset": offset}
        for (onset, apex, offset), labels in groups.items()
    ]
