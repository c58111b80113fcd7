"""The error every interoperability reader raises for a file it cannot use."""

from __future__ import annotations


class InteropError(ValueError):
    """A file that cannot be read; the message names the file, the line or tier, and what to do."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows this instead of a traceback: a learner sees only the message.
        return [str(self)]
