"""What a graded assignment notebook calls on the learner's side: show a clip, check an answer.

Nothing here knows the keys. A blank or malformed answer is reported in plain words, as an
error without a Python traceback, so the cell scores 0 and ``nbgrader validate`` shows the words.
"""

from __future__ import annotations

import re
from pathlib import Path

from .content import not_attempted
from .facs import NotationError, parse
from .facs.codes import catalog

CLIPS = Path("clips")


class AnswerProblem(ValueError):
    """A blank or malformed answer. IPython shows only the message, never a traceback."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


def clip_name(number: int) -> str:
    """The file name of item ``number``'s clip: it says nothing about the answer."""
    return f"item{number:02d}.webm"


def show(number: int, clips: Path = CLIPS):
    """The player for item ``number``'s clip, ready to step through frame by frame."""
    from .player import play

    path = Path(clips) / clip_name(number)
    if not path.is_file():
        raise AnswerProblem(
            f"The clip for item {number} is missing ({path}). Fetch the assignment again, or ask "
            "your instructor to run `make release`."
        )
    return play(path)


def variable(number: int) -> str:
    """The name of item ``number``'s answer in the notebook: ``item_03``."""
    return f"item_{number:02d}"


def read_answer(number: int, answer: object):
    """The score of item ``number``'s answer; AnswerProblem if it is blank or malformed."""
    if not isinstance(answer, str) or not_attempted(answer):
        raise AnswerProblem(
            f"Item {number} is not answered yet: type the codes you see at the apex between the "
            f'quotes, for example {variable(number)} = "1+2+5B". Type "0" if nothing moves.'
        )
    try:
        return parse(answer)
    except NotationError as err:
        raise AnswerProblem(f"Item {number}: {err}") from None


def _lookup(namespace: dict, name: str, number: int) -> object:
    if name not in namespace:
        raise AnswerProblem(
            f'Item {number}: there is no {name} yet. Run the cell with {name} = "..." (Shift+Enter); '
            f'if you deleted it, type {name} = "" into a new cell above this one and answer there.'
        )
    return namespace[name]


def check(number: int, namespace: dict) -> None:
    """Check that item ``number``'s answer (looked up in the notebook's ``namespace``) is
    valid FACS notation, and say what it reads as."""
    score = read_answer(number, _lookup(namespace, variable(number), number))
    names = ", ".join(f"{e} {catalog().codes[e.code].name}" for e in score) or "neutral"
    print(f"Item {number} reads {score} ({names}). It is scored when you submit.")


def check_all(namespace: dict, count: int) -> None:
    """Check all ``count`` answers at once, listing each one that is missing, blank or unreadable."""
    problems = []
    for number in range(1, count + 1):
        try:
            read_answer(number, _lookup(namespace, variable(number), number))
        except AnswerProblem as problem:
            problems.append(str(problem))
    if problems:
        raise AnswerProblem("\n".join([f"{len(problems)} of {count} items need you:", *problems]))
    print(f"All {count} items are answered in valid FACS notation.")


def read_frames(number: int, text: object) -> tuple[int, int, int]:
    """Read ``"12, 30, 55"`` into onset, apex and offset frame numbers, in that order."""
    if not isinstance(text, str) or not_attempted(text):
        raise AnswerProblem(
            f"Item {number}: the onset, apex and offset frames are not given yet. Type three "
            f'frame numbers between the quotes, for example frames_{number:02d} = "12, 30, 55".'
        )
    pieces = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    if len(pieces) != 3 or not all(p.isdigit() for p in pieces):
        raise AnswerProblem(
            f"Item {number}: '{text}' should be three whole frame numbers (onset, apex, offset), "
            'for example "12, 30, 55".'
        )
    onset, apex, offset = (int(p) for p in pieces)
    if not onset <= apex <= offset:
        raise AnswerProblem(
            f"Item {number}: the onset ({onset}) must come before or at the apex ({apex}), and the "
            f"apex before or at the offset ({offset})."
        )
    return onset, apex, offset


def check_frames(number: int, namespace: dict) -> None:
    """Check that item ``number``'s frames are three ordered frame numbers."""
    name = f"frames_{number:02d}"
    onset, apex, offset = read_frames(number, _lookup(namespace, name, number))
    print(f"Item {number}: onset {onset}, apex {apex}, offset {offset}. Scored when you submit.")
