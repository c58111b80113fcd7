"""The FACS course library that the notebooks import: ``from course import play``."""

__all__ = ["play"]


def __getattr__(name: str):
    # The player pulls in the widget stack; load it only when a notebook asks for it.
    if name == "play":
        from .player import play

        return play
    raise AttributeError(f"module 'course' has no attribute {name!r}")
