"""A cohort on a real JupyterHub: installed by deploy/hub_install.py, real OS accounts, PAM
logins through the hub's login page in Chromium, the real proxy, nbgrader's exchange.

Three learners fetch week01, open it (the player works under /user/<name>/), answer (perfect,
partly right, blank and malformed), validate and submit; the instructor collects, autogrades and
releases feedback; each learner reads their own score, worked out here from the agreement
formula. Then the walls between learners, the keys and the instructor's tools. Runs as root.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from autograder.keys import load_week
from tests.browser.harness import CHROMIUM, KERNEL_IDLE_JS, wait_ready
from tests.test_nbgrader_pipeline import fill_in

ROOT = Path(__file__).resolve().parents[2]
PREFIX = Path("/opt/facs-t")  # kept between runs: re-installing into it takes seconds
EXCHANGE, GROUP, PORT = PREFIX / "exchange", "facs-t", 8765
HUB = f"http://127.0.0.1:{PORT}"
INSTRUCTOR = "facs-t-teach"
LEARNERS = {"facs-t-alice": "perfect", "facs-t-bob": "partial", "facs-t-carol": "careless"}
LATE = "facs-t-dave"  # joins the roster after the others have worked
COURSE, WEEK = "facs-course", "week01"
NOTEBOOK = f"{COURSE}/{WEEK}/{WEEK}.ipynb"
TOOLS = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment")
ARTIFACTS = ROOT / "tests" / "artifacts"
# The graded items in a learner's record: how many, their summed agreement, where the file is.
RECORDED = (
    "from course.record import load, record_path\n"
    "graded = [a for a in load()[0] if a.source == 'graded']\n"
    "print(len(graded), sum(a.agreement for a in graded), record_path())"
)

pytestmark = [
    pytest.mark.hub,
    pytest.mark.skipif(os.geteuid() != 0, reason="creates OS accounts: run as root"),
    pytest.mark.skipif(not CHROMIUM, reason="chromium is missing (.ci/system-packages)"),
    pytest.mark.skipif(not shutil.which("npm"), reason="npm is missing (.ci/system-packages)"),
]


def home(user: str) -> Path:
    return Path(os.path.expanduser(f"~{user}"))


def as_user(user: str, *cmd: str, cwd: Path | None = None, check=True):
    """Run ``cmd`` as ``user`` (their uid and groups, as their kernel has) with the course env."""
    path = f"{PREFIX}/env/bin:/usr/local/bin:/usr/bin:/bin"
    result = subprocess.run(
        ["runuser", "-u", user, "--", "env", f"PATH={path}", f"HOME={home(user)}", *cmd],
        cwd=cwd or home(user),
        capture_output=True,
        text=True,
    )
    if check:
        assert result.returncode == 0, f"{cmd}:\n{result.stdout}\n{result.stderr}"
    return result


def remove_accounts(users=(INSTRUCTOR, *LEARNERS, LATE)) -> None:
    for user in users:
        if subprocess.run(["id", "-u", user], capture_output=True).returncode == 0:
            subprocess.run(["pkill", "-KILL", "-u", user])  # only the test's own accounts
            time.sleep(0.5)
            subprocess.run(["userdel", "--remove", user], capture_output=True)
    subprocess.run(["groupdel", GROUP], capture_output=True)


def install(folder: Path, learners) -> str:
    """Run hub_install.py for ``learners``; its output."""
    roster = folder / "learners.csv"
    rows = [f"{u},{u.split('-')[-1].title()},Learner,{u}@example.org" for u in learners]
    roster.write_text("username,first_name,last_name,email\n" + "\n".join(rows) + "\n")
    command = [
        "/usr/bin/python3",
        str(ROOT / "deploy" / "hub_install.py"),
        f"--roster={roster}",
        f"--instructor={INSTRUCTOR}",
        f"--prefix={PREFIX}",
        f"--exchange={EXCHANGE}",
        f"--group={GROUP}",
        f"--port={PORT}",
        f"--weeks={WEEK}",
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def passwords(tmp_path_factory):
    """The course installed for an instructor and three learners, each with a password."""
    remove_accounts()
    for stale in (EXCHANGE, PREFIX / "hub"):
        shutil.rmtree(stale, ignore_errors=True)
    install(tmp_path_factory.mktemp("roster"), LEARNERS)
    secret = {u: secrets.token_urlsafe(12) for u in [INSTRUCTOR, *LEARNERS]}
    lines = "".join(f"{u}:{p}\n" for u, p in secret.items())
    subprocess.run(["chpasswd"], input=lines, text=True, check=True)
    for user in LEARNERS:  # test only: lets the test drive JupyterLab's commands
        config = home(user) / ".jupyter" / "jupyter_server_config.json"
        as_user(user, "mkdir", "-p", str(config.parent))
        as_user(
            user, "sh", "-c", f'echo \'{{"LabApp": {{"expose_app_in_browser": true}}}}\' > {config}'
        )
    yield secret
    remove_accounts()


@contextlib.contextmanager
def running_hub():
    """The installed hub (and the proxy it starts), answering on ``HUB``; stopped on exit."""
    log = PREFIX / "hub" / "hub.log"
    env = {
        "PATH": f"{PREFIX}/env/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG": "C.UTF-8",
    }
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [f"{PREFIX}/env/bin/jupyterhub", "-f", f"{PREFIX}/jupyterhub_config.py"],
            cwd=PREFIX / "hub",
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, log.read_text()[-3000:]
            try:
                urllib.request.urlopen(f"{HUB}/hub/api", timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline, "the hub did not answer within 120 s"
                time.sleep(0.5)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)  # the hub stops the servers and the proxy it started
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def hub(passwords):
    with running_hub() as process:
        yield process


class Learner:
    """One person's browser session on the hub, logged in through the login page."""

    def __init__(self, browser, user: str, password: str):
        self.user = user
        self.context = browser.new_context(viewport={"width": 1360, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(180_000)
        self.page.goto(f"{HUB}/hub/login")
        self.page.fill("#username_input", user)
        self.page.fill("#password_input", password)
        self.page.click("#login_submit")
        self.page.wait_for_url(re.compile(f"/user/{user}/lab"))
        self.page.wait_for_selector(".jp-LabShell")

    def url(self, path: str, user: str | None = None) -> str:
        return f"{HUB}/user/{user or self.user}/{path}"

    def _xsrf(self) -> str:
        cookies = self.context.cookies(self.url(""))
        return next(c["value"] for c in cookies if c["name"] == "_xsrf")

    def post(self, route: str, **form):
        response = self.context.request.post(
            self.url(route), form=form, headers={"X-XSRFToken": self._xsrf()}
        )
        assert response.ok, f"{route}: {response.status} {response.text()[:500]}"
        return response.json()

    def assignment(self, action: str):
        return self.post(f"assignments/{action}", assignment_id=WEEK, course_id=COURSE)

    def read(self, path: str) -> dict:
        response = self.context.request.get(self.url(f"api/contents/{path}?content=1"))
        assert response.ok, f"{path}: {response.status}"
        return response.json()

    def write_notebook(self, path: str, nb) -> None:
        body = {"type": "notebook", "format": "json", "content": nb}
        response = self.context.request.put(
            self.url(f"api/contents/{path}"),
            data=json.dumps(body),
            headers={"X-XSRFToken": self._xsrf(), "Content-Type": "application/json"},
        )
        assert response.ok, f"{path}: {response.status} {response.text()[:500]}"


def disabled_tools(learner: Learner) -> set[str]:
    """nbgrader's instructor tools that JupyterLab's page config turns off for this user."""
    html = learner.context.request.get(learner.url("lab")).text()
    config = re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', html, re.S)
    disabled = json.loads(config[1]).get("disabledExtensions", [])
    return {t for t in TOOLS if t in disabled}


def answer(learner: Learner, role: str) -> float:
    """Fill in the learner's copy as ``role`` through the contents API; their expected score."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{WEEK}.ipynb"
        nbformat.write(nbformat.from_dict(learner.read(NOTEBOOK)["content"]), path)
        expected = fill_in(path, role, load_week(WEEK))
        if role == "partial":
            tamper_with_a_test_cell(path)
        learner.write_notebook(NOTEBOOK, json.loads(path.read_text()))
    return expected


def tamper_with_a_test_cell(path: Path) -> None:
    """What a learner who tries their luck does: item 1's hidden test made to pass, worth 50."""
    nb = nbformat.read(path, as_version=4)
    (cell,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "item01"]
    cell.source = "print('full marks')"
    cell.metadata.nbgrader["points"] = 50
    nbformat.write(nb, path)


def feedback_score(learner: Learner) -> tuple[float, float]:
    folder = learner.read(f"{COURSE}/{WEEK}/feedback")["content"]
    (stamp,) = [f["name"] for f in folder if f["type"] == "directory"]
    html = learner.read(f"{COURSE}/{WEEK}/feedback/{stamp}/{WEEK}.html")["content"]
    score = re.search(r"Score ([\d.]+) of ([\d.]+) points", html)  # the page's total
    assert score, html[:2000]
    return float(score[1]), float(score[2])


def test_cohort_end_to_end(passwords, hub, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    course_dir = home(INSTRUCTOR) / COURSE
    as_user(INSTRUCTOR, "nbgrader", "release_assignment", WEEK, cwd=course_dir)
    teacher = Learner(browser, INSTRUCTOR, passwords[INSTRUCTOR])
    formgrader = teacher.context.new_page()
    formgrader.goto(teacher.url("formgrader"))
    formgrader.locator("td", has_text=WEEK).first.wait_for()  # it reads the course directory
    formgrader.screenshot(path=ARTIFACTS / "hub-formgrader.png")
    assert disabled_tools(teacher) == set()

    learners, expected = {}, {}
    for user, role in LEARNERS.items():
        learner = learners[user] = Learner(browser, user, passwords[user])
        page = learner.page
        page.get_by_role("menuitem", name="Nbgrader").click()
        menu = page.locator(".lm-Menu").last
        menu.wait_for()
        assert "Assignment List" in menu.inner_text()
        assert "Formgrader" not in menu.inner_text()
        page.keyboard.press("Escape")
        assert disabled_tools(learner) == set(TOOLS)
        sessions = [f["name"] for f in learner.read("sessions")["content"]]
        assert f"{WEEK}-foundations-brows.ipynb" in sessions

        listed = learner.context.request.get(learner.url(f"assignments?course_id={COURSE}"))
        assert [a["assignment_id"] for a in listed.json()["value"]] == [WEEK]
        learner.assignment("fetch")
        page.goto(learner.url(f"lab/tree/{NOTEBOOK}"))
        page.wait_for_function("() => !!window.jupyterapp")
        page.wait_for_function(KERNEL_IDLE_JS)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        wait_ready(page, 0, timeout=180_000)
        page.screenshot(path=ARTIFACTS / f"hub-{role}-week01.png")
        page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
        page.goto(learner.url("lab"))  # closes the notebook before its file is answered
        expected[user] = answer(learner, role)

        validated = learner.post("assignments/validate", path=NOTEBOOK)
        text = json.dumps(validated)
        if role == "careless":
            assert "Item 1 is not answered yet" in text and "Traceback" not in text
        elif role == "perfect":
            assert validated["success"] and "failed" not in validated["value"], text[:1000]
        learner.assignment("submit")

    # The instructor grades in a login shell in the course directory, as the README says.
    steps = ("collect", "autograde", "generate_feedback", "release_feedback")
    grading = " && ".join(f"nbgrader {step} {WEEK}" for step in steps)
    done = subprocess.run(
        ["runuser", "-l", INSTRUCTOR, "-c", f"cd {course_dir} && {grading}"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "KeysUnavailable" not in done.stdout + done.stderr

    points = sum(2 if i.timing else 1 for i in load_week(WEEK).items)
    for user, learner in learners.items():
        learner.assignment("fetch_feedback")
        score, total = feedback_score(learner)
        assert total == points
        assert score == pytest.approx(expected[user], abs=0.01), user
        # Their own record (in their home) holds the graded items, read as their kernel would.
        kept = as_user(user, "env", "-u", "FACS_RECORD", "python", "-c", RECORDED).stdout.split()
        assert float(kept[1]) == pytest.approx(expected[user], abs=0.01), user
        assert str(home(user) / ".local/share/facs-course") in kept[2], user

    # The formgrader's Autograde button (its API, from the instructor's server) gives the same.
    api = f"formgrader/api/submission/{WEEK}/facs-t-bob"
    regraded = teacher.post(f"{api}/autograde")
    assert regraded["success"], regraded.get("log", "")[-2000:]
    shown = teacher.context.request.get(teacher.url(api)).json()
    assert shown["score"] == pytest.approx(expected["facs-t-bob"], abs=0.01)

    # The walls. Each check runs with the learner's uid and groups, as their kernel does.
    alice, bob = "facs-t-alice", "facs-t-bob"
    private = [
        course_dir / "autograder" / "keys" / f"{WEEK}.toml",
        course_dir / "source" / WEEK / f"{WEEK}.ipynb",
        course_dir / "gradebook.db",
        course_dir / "submitted" / bob / WEEK / f"{WEEK}.ipynb",
        home(bob) / NOTEBOOK,
    ]
    for path in private:
        assert path.exists(), path
        read = as_user(alice, "python", "-c", f"open({str(path)!r}).read()", check=False)
        assert "PermissionError" in read.stderr, path
    key = as_user(alice, "python", "-c", "from autograder.keys import weeks; weeks()", check=False)
    assert "KeysUnavailable" in key.stderr
    request = learners[alice].context.request
    assert request.get(learners[alice].url("formgrader", user=INSTRUCTOR)).status == 403
    assert request.get(learners[alice].url("lab", user=bob)).status == 403
    assert request.get(learners[alice].url("formgrader")).status == 404


def test_adding_a_learner_adds_that_account_only(passwords, hub, tmp_path):
    """Re-running the install with one more learner: their account, nothing else changes."""
    alice = home("facs-t-alice")
    kept = {p: p.read_bytes() for p in [alice / NOTEBOOK, *(alice / "sessions").iterdir()]}
    source = home(INSTRUCTOR) / COURSE / "source" / WEEK / f"{WEEK}.ipynb"
    first_passwords = (PREFIX / "hub" / "initial-passwords.csv").read_text().splitlines()
    install(tmp_path, [*LEARNERS, LATE])

    assert home(LATE).is_dir() and oct(home(LATE).stat().st_mode & 0o777) == "0o700"
    added = (PREFIX / "hub" / "initial-passwords.csv").read_text().splitlines()
    assert added[: len(first_passwords)] == first_passwords
    assert [line.split(",")[0] for line in added[len(first_passwords) :]] == [LATE]
    assert {p: p.read_bytes() for p in kept} == kept
    assert source.exists()
    students = as_user(INSTRUCTOR, "nbgrader", "db", "student", "list", cwd=source.parents[2])
    assert all(name in students.stdout for name in [*LEARNERS, LATE])
    groups = subprocess.run(["id", "-nG", LATE], capture_output=True, text=True).stdout
    assert GROUP in groups.split()
