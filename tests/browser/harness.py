"""A real JupyterLab server and Debian's chromium, for the player's browser tests and bench.

Nothing is mocked: the server runs this environment's Python kernel in a throwaway folder,
and Playwright drives the system chromium (no browser download, no network).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nbformat
import numpy as np

from course.face.video import write_webm

CHROMIUM = shutil.which("chromium")  # Debian's chromium; None when it is not installed
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Plugins that would pop up over the notebook (news, update checks).
QUIET_PAGE_CONFIG = {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}
# The bars clip: each frame shows its own number in binary, bit 0 leftmost, so a test can read
# from the pixels which frame is on screen.
BARS_FRAMES, BARS_FPS, BARS_BITS, BARS_WIDTH = 90, 30, 8, 40
# The start of a JS function of ``i``: the i-th player's current video frame drawn on a canvas
# whose 2D context is ``ctx``.
DRAW_FRAME_JS = """(i) => {
  const root = document.querySelectorAll('.facs-player')[i];
  const video = root.querySelector('video');
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(video, 0, 0);
"""
BARS_JS = (
    DRAW_FRAME_JS
    + f"""  let n = 0;
  for (let bit = 0; bit < {BARS_BITS}; bit++) {{
    const x = bit * {BARS_WIDTH} + {BARS_WIDTH // 2};
    if (ctx.getImageData(x, 50, 1, 1).data[0] > 128) n |= 1 << bit;
  }}
  return [n, Number(root.dataset.frame)];
}}"""
)
KERNEL_IDLE_JS = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const ctx = w && w.sessionContext;
  return !!(ctx && ctx.isReady && ctx.session && ctx.session.kernel
            && ctx.session.kernel.status === 'idle');
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class JupyterServer:
    """A running ``jupyter lab`` (which also serves Notebook 7) rooted at ``root``."""

    process: subprocess.Popen
    base: str  # e.g. http://127.0.0.1:8888/user/alice/
    token: str
    root: Path
    home: Path

    def url(self, path: str) -> str:
        """A page or API URL under the server's base URL, with the token."""
        sep = "&" if "?" in path else "?"
        return f"{self.base}{path}{sep}token={self.token}"

    def stop(self) -> None:
        """Stop the server and remove its folders."""
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.home, ignore_errors=True)


def start_server(home: Path, base_url: str = "/", timeout: float = 60.0) -> JupyterServer:
    """Start ``jupyter lab`` on a free port with a token; notebooks live in ``home / "root"``.

    Config, data and runtime folders are private to ``home``, so the kernel is this
    environment's Python and no user settings leak in.
    """
    home = Path(home)
    root = home / "root"
    for folder in ("root", "config/labconfig", "data", "runtime", "workspaces", "ipython"):
        (home / folder).mkdir(parents=True, exist_ok=True)
    (home / "config/labconfig/page_config.json").write_text(json.dumps(QUIET_PAGE_CONFIG))
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        IPYTHONDIR=str(home / "ipython"),
        JUPYTER_PLATFORM_DIRS="1",
    )
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--allow-root",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--ServerApp.base_url={base_url}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
        "--LabApp.expose_app_in_browser=True",
        "--JupyterNotebookApp.expose_app_in_browser=True",
    ]
    log = (home / "server.log").open("wb")
    process = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}{base_url}"
    server = JupyterServer(process, base, token, root, home)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited: {(home / 'server.log').read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(server.url("api/status"), timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.25)
    server.stop()
    raise RuntimeError(f"jupyter lab did not answer within {timeout:.0f} s")


def launch_chromium(playwright):
    """Debian's chromium, headless, with nothing that reaches for the network."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def write_bars_clip(path: Path) -> Path:
    """The bars clip (see ``BARS_JS``), written with the course's own encoder."""
    frames = []
    for n in range(BARS_FRAMES):
        image = np.full((240, BARS_BITS * BARS_WIDTH, 3), 90, np.uint8)
        for bit in range(BARS_BITS):
            image[:100, bit * BARS_WIDTH : (bit + 1) * BARS_WIDTH] = 255 if n >> bit & 1 else 0
        image[140:, :, 2] = 40 + 2 * n
        frames.append(image)
    return write_webm(frames, path, BARS_FPS)


def write_notebook(path: Path, cells: list[str]) -> Path:
    """A notebook of code cells with the default Python 3 kernel."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def open_and_run(
    page,
    server: JupyterServer,
    notebook: str,
    app: str = "lab",
    timeout=120_000,
    workspace: str | None = None,
):
    """Open ``notebook`` in JupyterLab (``app="lab"``, in a fresh ``workspace`` if named, so no
    other notebook is open beside it) or Notebook 7 (``"notebooks"``), wait for an idle kernel,
    and run every cell."""
    lab = f"lab/workspaces/{workspace}" if workspace else "lab"
    path = f"{lab}/tree/{notebook}" if app == "lab" else f"notebooks/{notebook}"
    page.goto(server.url(path))
    page.wait_for_function("() => !!window.jupyterapp", timeout=timeout)
    page.wait_for_function(KERNEL_IDLE_JS, timeout=timeout)
    # Start the run without awaiting it, so callers can time what follows.
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")


def wait_ready(page, index: int = 0, timeout: float = 120_000):
    """The ``index``-th player once it has shown its first frame."""
    player = page.locator(".facs-player").nth(index)
    player.wait_for(state="attached", timeout=timeout)
    player.scroll_into_view_if_needed()
    page.wait_for_function(
        "([i]) => document.querySelectorAll('.facs-player')[i]?.dataset.ready === '1'",
        arg=[index],
        timeout=timeout,
    )
    return player
