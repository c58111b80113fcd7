"""The README's first command: `make lab` builds what the course needs and serves week 1.

It runs in a fresh clone of the checkout's HEAD, as a new user would, so the checkout under test
keeps its source/, release/ and gradebook.db. Uncommitted changes are not in the clone: commit
them to have them tried here. The clone makes its own .venv (pip's cache makes that quicker).
"""

import json
import os
import secrets
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIRST_SESSION = "sessions/week01-foundations-brows.ipynb"

pytestmark = pytest.mark.slow


def _server_url(runtime: Path) -> str | None:
    """The URL the server wrote to its runtime folder once listening (it picks a free port)."""
    for info in runtime.glob("jpserver-*.json"):
        return json.loads(info.read_text())["url"].rstrip("/")
    return None


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def test_make_lab_serves_the_first_session_with_the_clips_built(tmp_path):
    clone = tmp_path / "facs-course"
    _git("clone", "--quiet", "--local", str(ROOT), str(clone), cwd=tmp_path)
    built_here = ("status", "--porcelain", "--ignored", "--", "source", "release", "gradebook.db")
    checkout_before = _git(*built_here, cwd=ROOT)
    token, runtime = secrets.token_hex(8), tmp_path / "runtime"
    args = f"--no-browser --port=0 --ServerApp.token={token} --ServerApp.ip=127.0.0.1"
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["JUPYTER_RUNTIME_DIR"] = str(runtime)
    lab = subprocess.Popen(
        ["make", "lab", f"LAB_ARGS={args}"],
        cwd=clone,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 1200
        while True:
            assert lab.poll() is None, "make lab stopped before the server answered"
            assert time.monotonic() < deadline, "JupyterLab did not start within 20 minutes"
            base = _server_url(runtime)
            if base:
                try:
                    status, _ = _get(f"{base}/api/status?token={token}")
                    break
                except OSError:
                    pass
            time.sleep(1)
        assert status == 200
        status, body = _get(f"{base}/api/contents/{FIRST_SESSION}?token={token}&content=0")
        assert status == 200 and json.loads(body)["type"] == "notebook"
        status, _ = _get(f"{base}/lab/tree/{FIRST_SESSION}?token={token}")
        assert status == 200
        clips = sorted((clone / "release" / "week01" / "clips").glob("item*.webm"))
        assert len(clips) >= 8
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        lab.wait(timeout=30)
    assert _git(*built_here, cwd=ROOT) == checkout_before, "make lab wrote into the checkout"
