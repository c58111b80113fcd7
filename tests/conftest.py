"""Markers for the heavy tests of files whose own ``pytestmark`` would be in another's way.

Files that can say it themselves do (``pytestmark = pytest.mark.slow``); this marks the rest by
what they use: every test under ``tests/browser/`` drives Chromium, and a test that takes the
``executed`` fixture of ``test_sessions.py`` waits for every session notebook to run in a kernel.
``make test-fast`` leaves all marked tests out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

BROWSER = Path(__file__).parent / "browser"
SLOW_FIXTURES = {"executed"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
