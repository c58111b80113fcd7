"""A practice set imported from an instructor's clips (:mod:`course.importer`), in a notebook.

``PracticeSet(folder).play(n)`` opens clip ``n`` in the player with Check and Hint, the key
read from the set's ``practice.toml`` (never typed into the notebook); its zoom regions come
from the face found in the clip (:mod:`course.player.facebox`).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import nbformat

from .facs import Event
from .importer import SET_FILE, ImportedClip
from .notebook import python_notebook


class PracticeSet:
    """The clips of an imported set, numbered from 1 in the order of the keys file."""

    def __init__(self, folder: str | Path = ".") -> None:
        self.folder = Path(folder)
        path = self.folder / SET_FILE
        if not path.is_file():
            raise FileNotFoundError(
                f"There is no {SET_FILE} in {self.folder.resolve()}: open the notebook inside "
                "the folder that `facs-course import` wrote."
            )
        data = tomllib.loads(path.read_text("utf-8"))
        self.title = data.get("title", self.folder.name)
        self.clips = tuple(ImportedClip(**row) for row in data.get("clip", []))

    def __len__(self) -> int:
        return len(self.clips)

    def clip(self, number: int) -> ImportedClip:
        if not 1 <= number <= len(self.clips):
            raise ValueError(
                f"This set has clips 1 to {len(self.clips)}; there is no clip {number}."
            )
        return self.clips[number - 1]

    def play(self, number: int):
        """Clip ``number`` in the player, with Check and Hint against its key."""
        from .player import play

        clip = self.clip(number)
        marks = (clip.onset, clip.apex, clip.offset)
        timing = Event(*marks) if any(m is not None for m in marks) else None
        player = play(self.folder / clip.file, key=clip.score, timing=timing)
        player.title = f"{self.title} · clip {number} of {len(self.clips)}"
        return player


def notebook(title: str, count: int) -> nbformat.NotebookNode:
    """The session notebook of a set of ``count`` clips, to sit beside its ``practice.toml``."""
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [
        md(
            f"# Practice: {title}\n\n{count} clips. Play each clip, step to the apex with the arrow "
            "keys, type the codes you see and press **Check**; **Hint** tells you where to look."
        ),
        code("from course.imported import PracticeSet\n\nclips = PracticeSet()"),
    ]
    for n in range(1, count + 1):
        cells += [md(f"## Clip {n}"), code(f"clips.play({n})")]
    nb = python_notebook(cells)
    return nb
