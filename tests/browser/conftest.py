"""A real JupyterLab server (plain, and under a JupyterHub-style base URL) and Debian's chromium.

The test clip is the harness's bars clip: each frame shows its own number in its pixels.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import (
    open_and_run,
    start_server,
    wait_ready,
    write_bars_clip,
    write_notebook,
)

ARTIFACTS = Path(__file__).parents[1] / "artifacts"
KEY, TIMING = "1+2+5B", (10, 30, 60)
PLAYER_CELL = f"""from course.facs import Event
from course.player import play
player = play("bars.webm", key="{KEY}", timing=Event{TIMING})
player"""
FACE_CELL = 'face = play("1+2+5B", practice=True)\nface'
STREAM_CELL = 'streamed = play("bars.webm", inline_limit=0)\nstreamed'
# The same generated clip twice: drawn and encoded (and kept), then from the clip cache.
KEPT_CELL = """import os, tempfile
os.environ["FACS_CLIP_CACHE"] = tempfile.mkdtemp()
from course.player import play
fresh = play("1+2+5B").wait(120)
kept = play("1+2+5B")
display(fresh)
kept"""


def _prepare(root: Path) -> None:
    write_bars_clip(root / "bars.webm")
    write_notebook(root / "player.ipynb", [PLAYER_CELL, FACE_CELL, STREAM_CELL])
    write_notebook(root / "nb7.ipynb", [PLAYER_CELL])
    write_notebook(root / "kept.ipynb", [KEPT_CELL])


def new_page(browser):
    """A page with waits long enough for a loaded 2-core machine (they end on events)."""
    page = browser.new_page(viewport={"width": 1360, "height": 1000})
    page.set_default_timeout(90_000)
    return page


def _server(tmp_path_factory, name: str, base_url: str):
    server = start_server(tmp_path_factory.mktemp(name), base_url=base_url)
    _prepare(server.root)
    return server


@pytest.fixture(scope="session")
def lab_server(browser, tmp_path_factory):
    server = _server(tmp_path_factory, "lab", "/")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def hub_server(browser, tmp_path_factory):
    server = _server(tmp_path_factory, "hub", "/user/alice/")
    yield server
    server.stop()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def lab_page(browser, lab_server):
    """JupyterLab with player.ipynb run; both players are ready."""
    page = new_page(browser)
    open_and_run(page, lab_server, "player.ipynb")
    wait_ready(page, 1)
    wait_ready(page, 0)
    yield page
    page.close()


@pytest.fixture
def open_page(browser):
    """Open a notebook (JupyterLab or Notebook 7, in its own JupyterLab ``workspace`` if named,
    so that it is not opened again beside ``lab_page``'s), run it, and wait for its first
    player."""
    pages = []

    def open_page(server, notebook: str, app: str = "lab", workspace: str | None = None):
        page = new_page(browser)
        pages.append(page)
        open_and_run(page, server, notebook, app, workspace=workspace)
        wait_ready(page, 0)
        return page

    yield open_page
    for page in pages:
        page.close()
