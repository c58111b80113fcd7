"""The command line's errors: each is printed as one line on stderr, with exit status 2."""

from __future__ import annotations

import argparse
from collections.abc import Callable


class UsageError(Exception):
    """A problem with what the user typed or gave; printed as one line, exit status 2."""


def friendly(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn a mistake in the input or a file that cannot be written into a one-line UsageError."""

    def wrapped(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except (ValueError, OSError) as err:
            raise UsageError(_one_line(err)) from None

    return wrapped


def _one_line(err: Exception) -> str:
    if isinstance(err, OSError) and err.filename:
        return f"cannot write {err.filename}: {err.strerror or err}"
    return " ".join(str(err).split())
