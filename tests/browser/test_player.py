"""The clip player in a real JupyterLab / Notebook 7 and chromium, as a learner uses it.

Each test waits on data-* attributes the widget sets, and reads the frame on screen from the
clip's pixels.
"""

from __future__ import annotations

from harness import BARS_FRAMES as FRAMES
from harness import BARS_JS, DRAW_FRAME_JS, wait_ready
from harness import BARS_WIDTH as BAR

SETTLED_JS = """([i, n]) => {
  const root = document.querySelectorAll('.facs-player')[i];
  return root.dataset.frame === String(n) && root.dataset.seeking !== '1'
    && root.dataset.playing !== '1';
}"""
PIXELS_JS = (
    DRAW_FRAME_JS
    + """  let sum = 0;
  for (const value of ctx.getImageData(0, 0, canvas.width, canvas.height).data) {
    sum = (sum * 31 + value) >>> 0;
  }
  return [sum, Number(root.dataset.frame)];
}"""
)
KERNEL_JS = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({ code, store_history: false });
  let out = '';
  future.onIOPub = (msg) => { if (msg.header.msg_type === 'stream') out += msg.content.text; };
  await future.done;
  return out.trim();
}"""


def python_says(page, code: str, expected: str, tries: int = 100) -> str:
    """What ``code`` prints in the kernel, asked again until it is ``expected``: widget
    updates queue behind a busy kernel, so Python may lag the screen by a few messages."""
    for _ in range(tries):
        out = page.evaluate(KERNEL_JS, code)
        if out == expected:
            break
    return out


def player(page, index: int = 0):
    return page.locator(".facs-player").nth(index)


def shown(page, index: int = 0) -> int:
    """The frame number read from the pixels on screen; it must match data-frame."""
    pixels, attribute = page.evaluate(BARS_JS, index)
    assert pixels == attribute, f"data-frame says {attribute} but the screen shows {pixels}"
    return pixels


def press(page, key: str, expected: int, index: int = 0) -> None:
    page.keyboard.press(key)
    page.wait_for_function(SETTLED_JS, arg=[index, expected])


def focus(page, index: int = 0) -> None:
    player(page, index).locator(".fp-stage").click()


def test_arrow_keys_and_buttons_step_frame_exactly(lab_page, artifacts):
    page = lab_page
    focus(page)
    press(page, "Home", 0)
    assert shown(page) == 0
    for n in (1, 2, 3):
        press(page, "ArrowRight", n)
        assert shown(page) == n
    press(page, "Shift+ArrowRight", 13)
    assert shown(page) == 13
    press(page, "ArrowLeft", 12)
    assert shown(page) == 12
    press(page, "Shift+ArrowLeft", 2)
    assert shown(page) == 2
    player(page).locator(".fp-step-fwd").click()
    page.wait_for_function(SETTLED_JS, arg=[0, 3])
    assert shown(page) == 3
    focus(page)
    press(page, "End", FRAMES - 1)
    assert shown(page) == FRAMES - 1
    # Python holds the frame on screen.
    assert python_says(page, "print(player.frame)", str(FRAMES - 1)) == str(FRAMES - 1)
    player(page).screenshot(path=artifacts / "player-stepped.png")


def test_play_pause_lands_on_a_whole_frame(lab_page):
    page = lab_page
    focus(page)
    press(page, "Home", 0)
    player(page).locator("[data-speed='0.5']").click()
    focus(page)
    page.keyboard.press("Space")
    page.wait_for_function(
        "() => document.querySelector('.facs-player').dataset.playing === '1'"
        " && Number(document.querySelector('.facs-player').dataset.frame) >= 8"
    )
    assert page.evaluate("() => document.querySelector('.facs-player video').playbackRate") == 0.5
    page.keyboard.press("Space")
    page.wait_for_function(
        "() => { const r = document.querySelector('.facs-player');"
        " return r.dataset.playing === '0' && r.dataset.seeking !== '1'; }"
    )
    assert 8 <= shown(page) < FRAMES


def test_mark_apex_type_code_and_check(lab_page, artifacts):
    page = lab_page
    root = player(page)
    focus(page)
    press(page, "Home", 0)
    press(page, "Shift+ArrowRight", 10)
    press(page, "Shift+ArrowRight", 20)
    press(page, "Shift+ArrowRight", 30)
    page.keyboard.press("a")
    page.wait_for_function("() => document.querySelector('.facs-player').dataset.marks === ',30,'")
    assert root.locator(".fp-mark-apex .fp-chip").inner_text() == "f 30"

    code = root.locator(".fp-code")
    code.fill("1+2x")
    page.wait_for_function("() => document.querySelector('.fp-panel').dataset.parse === 'error'")
    assert "not an intensity" in root.locator(".fp-error").inner_text()
    code.fill("2 + au1")
    page.wait_for_function("() => document.querySelector('.fp-panel').dataset.parse === 'ok'")
    assert root.locator(".fp-canonical strong").inner_text() == "1+2"
    assert "Outer brow raiser" in root.locator(".fp-codes").inner_text()

    root.locator(".fp-check").click()
    page.wait_for_function(
        "() => document.querySelector('.facs-player').dataset.feedback === 'checked'"
    )
    assert root.get_attribute("data-agreement") == "0.80"
    feedback = root.locator(".fp-feedback").inner_text()
    assert "Agreement 0.80" in feedback
    assert "5 (Upper lid raiser)" in feedback
    assert "Apex: you marked frame 30, key frame 30" in feedback
    assert root.locator(".fp-key-bar").count() == 1

    root.locator(".fp-hint-btn").click()
    page.wait_for_selector(".facs-player .fp-hintbox .facs-feedback")
    assert "Hint 1 of 3" in root.locator(".fp-hintbox").inner_text()
    said = python_says(page, "print(player.marks['apex'], player.code)", "30 2 + au1")
    assert said == "30 2 + au1"
    root.screenshot(path=artifacts / "player-checked.png")

    code.fill("1+2+5B")  # a new answer: the shown result no longer belongs to it
    page.wait_for_function(
        "() => document.querySelector('.facs-player').dataset.feedback === 'stale'"
    )
    note = page.evaluate(
        "getComputedStyle(document.querySelector('.facs-player .fp-feedback'), '::before').content"
    )
    assert "press Check again" in note
    root.screenshot(path=artifacts / "player-stale.png")


def test_an_empty_code_is_not_attempted(lab_page):
    root = player(lab_page)
    root.locator(".fp-code").fill("")
    lab_page.wait_for_function(
        "() => document.querySelector('.fp-panel').dataset.parse === 'empty'"
    )
    root.locator(".fp-check").click()
    lab_page.wait_for_function(
        "() => document.querySelector('.facs-player').dataset.feedback === 'not-attempted'"
    )
    assert "Not attempted" in root.locator(".fp-feedback").inner_text()


def test_neutral_views_and_zoom(lab_page, artifacts):
    page = lab_page
    root = player(page)
    focus(page)
    press(page, "Home", 0)
    press(page, "Shift+ArrowRight", 10)
    page.keyboard.down("n")
    page.wait_for_function("() => document.querySelector('.facs-player').dataset.neutral === '1'")
    assert root.locator(".fp-hold").is_visible()
    page.keyboard.up("n")
    page.wait_for_function("() => document.querySelector('.facs-player').dataset.neutral === '0'")
    assert not root.locator(".fp-hold").is_visible()

    root.locator(".fp-btn[data-view='side']").click()
    assert root.locator(".fp-neutral").is_visible() and root.locator(".fp-live").is_visible()
    # The neutral pane holds frame 0: bit 0's bar dark, the grey band below it (not black).
    neutral = page.evaluate(
        f"""() => {{
      const c = document.querySelector('.facs-player .fp-neutral canvas');
      const px = (x, y) => c.getContext('2d').getImageData(
        Math.round(x * c.width / 320), Math.round(y * c.height / 240), 1, 1).data[0];
      return [px({BAR // 2}, 50), px(160, 200)];
    }}"""
    )
    assert neutral[0] < 60 and 70 < neutral[1] < 110, neutral
    root.locator(".fp-btn[data-view='diff']").click()
    assert root.locator(".fp-diff").is_visible() and not root.locator(".fp-neutral").is_visible()
    # Frame 10 differs from frame 0 in the bars of bits 1 and 3 only: the difference view
    # lights up there and stays dark over bit 0.
    diff = page.evaluate(
        f"""() => {{
      const c = document.querySelector('.facs-player .fp-diff canvas');
      const px = (bit) => c.getContext('2d').getImageData(
        Math.round((bit * {BAR} + {BAR // 2}) * c.width / 320), 50, 1, 1).data[0];
      return [px(0), px(1), px(3)];
    }}"""
    )
    assert diff[0] < 60 and diff[1] > 200 and diff[2] > 200
    root.locator(".fp-btn[data-region='eyes']").click()
    page.wait_for_function("() => document.querySelector('.facs-player').dataset.region === 'eyes'")
    assert python_says(page, "print(player.region)", "eyes") == "eyes"
    root.screenshot(path=artifacts / "player-difference.png")
    root.locator(".fp-btn[data-view='clip']").click()
    root.locator(".fp-btn[data-region='face']").click()


def test_course_clip_shows_a_face(lab_page, artifacts):
    face = player(lab_page, 1)
    face.scroll_into_view_if_needed()
    lab_page.wait_for_function(
        "() => document.querySelectorAll('.facs-player')[1]?.dataset.ready === '1'"
    )
    assert face.locator(".fp-title").inner_text() == "Practice clip"
    face.locator(".fp-stage").click()
    for _ in range(4):
        lab_page.keyboard.press("Shift+ArrowRight")
    lab_page.wait_for_function(SETTLED_JS, arg=[1, 40])
    face.screenshot(path=artifacts / "player-face.png")
    face.locator(".fp-btn[data-view='side']").click()
    face.locator(".fp-btn[data-region='brows']").click()
    lab_page.wait_for_function(
        "() => document.querySelectorAll('.facs-player')[1].dataset.region === 'brows'"
    )
    face.screenshot(path=artifacts / "player-face-brows.png")
    face.locator(".fp-btn[data-region='face']").click()
    face.locator(".fp-code").fill("1+5")
    face.locator(".fp-code").press("Enter")
    lab_page.wait_for_function(
        "() => document.querySelectorAll('.facs-player')[1].dataset.feedback === 'checked'"
    )
    assert face.get_attribute("data-agreement") == "0.80"
    face.screenshot(path=artifacts / "player-face-checked.png")


def test_a_kept_clip_steps_as_the_freshly_encoded_one(lab_server, open_page):
    page = open_page(lab_server, "kept.ipynb", workspace="kept")
    wait_ready(page, 1)
    assert python_says(page, "print(kept.loaded.pending)", "None") == "None"
    assert player(page, 1).locator(".fp-poster").is_hidden()  # the video took its place
    seen = {}
    for index in (0, 1):
        focus(page, index)
        press(page, "Home", 0, index)
        seen[index] = [page.evaluate(PIXELS_JS, index)]
        for n in (1, 2, 12):
            press(page, "Shift+ArrowRight" if n == 12 else "ArrowRight", n, index)
            seen[index].append(page.evaluate(PIXELS_JS, index))
    assert seen[0] == seen[1]  # the same frames, pixel for pixel
    assert len({pixels for pixels, _ in seen[0]}) == 4  # and the frames do differ
    assert [frame for _, frame in seen[1]] == [0, 1, 2, 12]


def test_under_a_jupyterhub_base_url(hub_server, open_page, artifacts):
    page = open_page(hub_server, "player.ipynb")
    assert "/user/alice/lab" in page.url
    focus(page)
    press(page, "ArrowRight", 1)
    press(page, "Shift+ArrowRight", 11)
    assert shown(page) == 11
    press(page, "ArrowLeft", 10)
    assert shown(page) == 10
    page.keyboard.press("o")
    page.wait_for_function("() => document.querySelector('.facs-player').dataset.marks === '10,,'")
    root = player(page)
    # Enter right after typing checks what was typed, not what Python last parsed.
    root.locator(".fp-code").fill("1+2+5B")
    root.locator(".fp-code").press("Enter")
    page.wait_for_function(
        "() => document.querySelector('.facs-player').dataset.feedback === 'checked'"
    )
    assert root.get_attribute("data-agreement") == "1.00"
    assert "Onset: you marked frame 10, key frame 10" in root.locator(".fp-feedback").inner_text()
    page.screenshot(path=artifacts / "hub-lab.png")

    # A video too large to send through the kernel streams from /user/alice/files/.
    wait_ready(page, 2)
    src = page.evaluate(
        "() => document.querySelectorAll('.facs-player')[2].querySelector('video').src"
    )
    assert src.endswith("/user/alice/files/bars.webm")
    focus(page, 2)
    press(page, "End", FRAMES - 1, index=2)
    assert shown(page, 2) == FRAMES - 1
    press(page, "Shift+ArrowLeft", FRAMES - 11, index=2)
    assert shown(page, 2) == FRAMES - 11


def test_notebook7_opens_the_player(hub_server, open_page, artifacts):
    page = open_page(hub_server, "nb7.ipynb", app="notebooks")
    assert "/user/alice/notebooks/nb7.ipynb" in page.url
    focus(page)
    press(page, "ArrowRight", 1)
    assert shown(page) == 1
    page.screenshot(path=artifacts / "notebook7.png")


def test_python_sets_the_frame_and_loop_plays_between_marks(lab_page):
    page = lab_page
    page.evaluate(KERNEL_JS, "player.frame = 42")
    page.wait_for_function(SETTLED_JS, arg=[0, 42])
    assert shown(page) == 42
    focus(page)
    press(page, "Home", 0)
    press(page, "Shift+ArrowRight", 10)
    page.keyboard.press("o")
    press(page, "Shift+ArrowRight", 20)
    page.keyboard.press("e")
    page.wait_for_function(
        "() => document.querySelector('.facs-player').dataset.marks.endsWith(',20')"
    )
    press(page, "1", 10)  # jump to the onset mark
    root = player(page)
    root.locator("[data-speed='1']").click()
    root.locator(".fp-loop").click()
    focus(page)
    # Record the frames shown while playing until the loop wraps back from the offset mark.
    frames = page.evaluate(
        """() => new Promise((resolve) => {
      const root = document.querySelector('.facs-player');
      const seen = [];
      const watch = new MutationObserver(() => {
        const n = Number(root.dataset.frame);
        if (seen[seen.length - 1] !== n) seen.push(n);
        if (seen.length > 3 && n < seen[seen.length - 2]) { watch.disconnect(); resolve(seen); }
      });
      watch.observe(root, { attributes: true, attributeFilter: ['data-frame'] });
      root.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    })"""
    )
    page.keyboard.press("Space")
    assert max(frames) in (20, 21) and 10 <= frames[-1] <= 12, frames
    root.locator(".fp-loop").click()
    page.evaluate(KERNEL_JS, "player.marks = {'onset': None, 'apex': 30, 'offset': None}")
