"""``python tests/browser/bench.py`` (run by ``make bench``): the player's speed figures.

Cell to first frame, step latency and bytes sent per clip, in a real JupyterLab server and
Debian's chromium (see :mod:`harness`), each in a new kernel: a clip with nothing kept on disk,
a new clip of a face whose still layer was kept (:mod:`course.face.kept`), and the first clip
again, kept whole (:mod:`course.player.cache`). Kept out of the wheel with the browser tests.
"""

from __future__ import annotations

import compileall
import os
import statistics
import tempfile
import time
from pathlib import Path

from harness import launch_chromium, open_and_run, start_server, wait_ready, write_notebook

import course
from course.player.sources import load

SCORE = "1+2+5B"
OTHER_SCORE = "4+7"  # another clip of the same face
# Each run is a new kernel: nothing kept at all, then a new clip of a face kept on disk, then
# the first clip again (kept whole).
RUNS = [("first time", SCORE), ("new clip, face kept", OTHER_SCORE), ("again", SCORE)]
# The cell times its two kernel-side parts and prints them; the first frame is what it shows.
CELL = """import time as _time
_t0 = _time.perf_counter()
from course.player import play
_t1 = _time.perf_counter()
_player = play("{score}")
print("kernel", _t1 - _t0, _time.perf_counter() - _t1)
_player"""
# When the player's DOM is first in the page (the widget's comm and module have arrived).
DRAWN_JS = """new MutationObserver((_, watch) => {
  if (document.querySelector('.facs-player')) {
    window.__playerDrawn = performance.now();
    watch.disconnect();
  }
}).observe(document, { subtree: true, childList: true });"""
SHOWN_JS = "() => document.querySelector('.facs-player')?.dataset.shown === '1'"
READY_JS = """() => performance.now() - window.__playerDrawn"""
STEPS = 20
STEP_JS = """async ([key, n]) => {
  const root = document.querySelector('.facs-player');
  const times = [];
  for (let i = 0; i < n; i++) {
    const before = root.dataset.frame;
    const t0 = performance.now();
    const shown = new Promise((resolve) => {
      const watch = new MutationObserver(() => {
        if (root.dataset.frame !== before && root.dataset.seeking !== '1') {
          watch.disconnect();
          resolve();
        }
      });
      watch.observe(root, { attributes: true });
    });
    root.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    await shown;
    times.push(performance.now() - t0);
  }
  return times;
}"""


def bench_player() -> list[tuple[str, float, str]]:
    """(name, value, unit) rows for generated 90-frame course clips (see ``RUNS``)."""
    # The kernel imports the course as an installed learner's would: from bytecode (``make
    # bench`` compiles it too), not compiled again from source where PYTHONDONTWRITEBYTECODE is set.
    compileall.compile_dir(Path(course.__file__).parent, quiet=1)
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FACS_CLIP_CACHE"] = str(Path(tmp) / "clips")  # the kernels inherit it
        server = start_server(Path(tmp))
        try:
            with sync_playwright() as pw:
                browser = launch_chromium(pw)
                page = browser.new_page(viewport={"width": 1360, "height": 1000})
                page.add_init_script(DRAWN_JS)
                page.goto(server.url("lab"))  # warm the page cache and the kernel start
                for when, score in RUNS:
                    rows += _run_cell(page, server, when, score)
                browser.close()
        finally:
            server.stop()
    loaded = load(SCORE)
    return [("player: clip bytes sent to the browser", float(len(loaded.data)), "bytes"), *rows]


def _run_cell(page, server, when: str, score: str) -> list[tuple[str, float, str]]:
    """Open a notebook of the bench cell in a new kernel, run it, and step the player."""
    notebook = f"bench-{len(list(server.root.glob('bench-*')))}.ipynb"
    write_notebook(server.root / notebook, [CELL.format(score=score)])
    start = time.perf_counter()
    open_and_run(page, server, notebook, workspace=Path(notebook).stem)
    ran = time.perf_counter()
    page.wait_for_function(SHOWN_JS, timeout=120_000)
    shown = time.perf_counter()
    in_browser = page.evaluate(READY_JS) / 1000
    wait_ready(page)
    steppable = time.perf_counter()
    printed = page.locator(".jp-OutputArea-output pre").first.inner_text()
    _, imported, played = printed.split()
    forward = page.evaluate(STEP_JS, ["ArrowRight", STEPS])
    backward = page.evaluate(STEP_JS, ["ArrowLeft", STEPS])
    page.evaluate("() => window.jupyterapp.commands.execute('kernelmenu:shutdown')")
    return [
        (f"player, {when}: open notebook until kernel idle and cells run", ran - start, "s"),
        (f"player, {when}: cell run to first frame shown", shown - ran, "s"),
        (f"player, {when}: cell run to stepping ready (video arrived)", steppable - ran, "s"),
        (f"player, {when}:   of which kernel imports course.player", float(imported), "s"),
        (f"player, {when}:   of which kernel play() (draw or read, still)", float(played), "s"),
        (f"player, {when}:   of which widget drawn to first frame shown", in_browser, "s"),
        (f"player, {when}: step forward one frame (median)", statistics.median(forward), "ms"),
        (f"player, {when}: step back one frame (median)", statistics.median(backward), "ms"),
    ]


if __name__ == "__main__":
    for name, value, unit in bench_player():
        print(f"{name:76s} {value:10.3f} {unit}")
