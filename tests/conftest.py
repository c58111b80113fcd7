"""Markers for the heavy tests of files whose own ``pytestmark`` would be in another's way.

Files that can say it themselves do (``pytestmark = pytest.mark.slow``); this marks the rest by
what they use: every test under ``tests/browser/`` drives Chromium, and a test that takes the
``executed`` fixture of ``test_sessions.py`` waits for every session notebook to run in a kernel;
``SLOW_TESTS`` names the few others.
``make test-fast`` leaves all marked tests out.

No test writes into a real learner's record: ``FACS_RECORD`` points to a temporary file for
the whole run (kernels and subprocesses inherit it) and to each test's own ``tmp_path``. The
clip cache (``FACS_CLIP_CACHE``) is off, so no test reads a clip another run kept.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

BROWSER = Path(__file__).parent / "browser"
SLOW_FIXTURES = {"executed"}
SLOW_TESTS = {"test_exported_html_shows_the_still_instead_of_a_blank"}  # runs nbconvert


def pytest_configure(config: pytest.Config) -> None:
    os.environ["FACS_RECORD"] = str(Path(tempfile.mkdtemp(prefix="facs-record-")) / "run.sqlite")
    # Every test draws and encodes its clips (the clip cache's own tests turn it on).
    os.environ["FACS_CLIP_CACHE"] = "off"


@pytest.fixture(autouse=True)
def own_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own record file (``FACS_RECORD``)."""
    path = tmp_path / "record.sqlite"
    monkeypatch.setenv("FACS_RECORD", str(path))
    return path


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run, shared by the browser and hub tests: Playwright's sync
    API refuses to start a second instance while one is open."""
    from tests.browser.harness import CHROMIUM, launch_chromium

    if CHROMIUM is None:
        pytest.skip("chromium is missing: run `bash .ci/system-packages` (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch_chromium(pw)
        yield chromium
        chromium.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
        if item.name in SLOW_TESTS or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
