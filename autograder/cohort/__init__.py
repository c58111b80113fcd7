"""The instructor's week for a cohort: release, collect, grade, feedback, export.

Each step wraps nbgrader's own machinery (:class:`nbgrader.apps.NbGraderAPI`, its converters and
its gradebook) in the course directory ``root``, with the configuration nbgrader itself reads
there (the system's ``nbgrader_config.py``, then the course's); the answer keys are found from
the same course directory. Every step can be run again: it does only what is new.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


class CohortError(RuntimeError):
    """A step cannot run; the message says what to do."""


@contextlib.contextmanager
def in_course(root: Path) -> Iterator[None]:
    """Run inside the course directory, with the keys looked up there and its tools on PATH."""
    import sys

    from autograder import keys

    if not (root / "nbgrader_config.py").is_file():
        raise CohortError(
            f"{root} is not a course directory (it has no nbgrader_config.py): run the command "
            "in your course directory or give it with --root."
        )
    before, path = Path.cwd(), os.environ.get("PATH", "")
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + path  # alembic
    os.chdir(root)
    keys.use_course(root)
    try:
        yield
    finally:
        os.chdir(before)
        os.environ["PATH"] = path


def config(root: Path, exchange: Path | None = None):
    """nbgrader's configuration for the course ``root``, as its own commands would load it."""
    from nbgrader.apps.baseapp import NbGrader

    app = NbGrader()
    with in_course(root):
        app.load_config_file()
    cfg = app.config
    cfg.CourseDirectory.root = str(root)
    if exchange is not None:
        cfg.Exchange.root = str(exchange)
    return cfg


def api(root: Path, exchange: Path | None = None):
    """nbgrader's own high-level API on the course ``root``."""
    import logging

    from nbgrader.apps import NbGraderAPI

    cfg = config(root, exchange)
    quiet = logging.getLogger("traitlets")
    level, quiet.level = quiet.level, logging.CRITICAL + 1  # its exchange check logs; we say it
    try:
        nbgrader_api = NbGraderAPI(config=cfg)
    finally:
        quiet.setLevel(level)
    nbgrader_api.log.setLevel(logging.WARNING)
    return nbgrader_api


def check(result: dict, what: str) -> str:
    """nbgrader's captured log of a step, or a CohortError naming what failed and why."""
    if result.get("success"):
        return result.get("log", "")
    log = result.get("log", "") + result.get("error", "")
    errors = [line for line in log.splitlines() if line.startswith("[ERROR]")]
    raise CohortError(f"{what} failed: " + ("\n".join(errors) or log.strip()))
