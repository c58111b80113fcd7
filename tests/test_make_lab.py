"""The README's first command: `make lab` builds what the course needs and serves week 1."""

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_SESSION = "sessions/week01-foundations-brows.ipynb"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


def test_make_lab_serves_the_first_session_with_the_clips_built():
    port, token = _free_port(), secrets.token_hex(8)
    args = f"--no-browser --port={port} --ServerApp.token={token} --ServerApp.ip=127.0.0.1"
    lab = subprocess.Popen(
        ["make", "lab", f"LAB_ARGS={args}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=dict(os.environ),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            assert lab.poll() is None, "make lab stopped before the server answered"
            assert time.monotonic() < deadline, "JupyterLab did not start within 10 minutes"
            try:
                status, _ = _get(f"{base}/api/status?token={token}")
                break
            except OSError:
                time.sleep(1)
        assert status == 200
        status, body = _get(f"{base}/api/contents/{FIRST_SESSION}?token={token}&content=0")
        assert status == 200 and json.loads(body)["type"] == "notebook"
        status, _ = _get(f"{base}/lab/tree/{FIRST_SESSION}?token={token}")
        assert status == 200
        clips = sorted((ROOT / "release" / "week01" / "clips").glob("item*.webm"))
        assert len(clips) >= 8
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        lab.wait(timeout=30)
