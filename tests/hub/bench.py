"""``make bench-hub`` (as root): 18 learners at once on the one-machine hub, for sizing advice.

Installs the hub as ``deploy/hub_install.py`` does (with the hub test's prefix and instructor),
starts 18 learner servers through the hub's API, and has every learner's own kernel run week 1's
session notebook with its practice checks at the same moment, over each server's websocket, as
JupyterLab would. Prints memory per learner (all of that account's processes), the hub's and a
learner server's response time under that load, then the time to autograde 18 submissions with
``nbgrader autograde`` and with ``facs-course cohort grade``. The figures go in deploy/README.md.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import nbformat
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

from autograder.keys import load_week
from tests.hub.test_hub_cohort import (
    COURSE,
    HUB,
    INSTRUCTOR,
    PREFIX,
    ROOT,
    WEEK,
    as_user,
    home,
    install,
    remove_accounts,
    running_hub,
)
from tests.test_nbgrader_pipeline import fill_in

LEARNERS = [f"facs-b-{n:02d}" for n in range(1, 19)]
SESSION = ROOT / "sessions" / "week01-foundations-brows.ipynb"
PROBE_EVERY = 0.5  # seconds between response-time probes


def session_code() -> list[str]:
    """The session's code cells, each practice check answered (as a learner would)."""
    cells = nbformat.read(SESSION, as_version=4).cells
    code = [c.source for c in cells if c.cell_type == "code"]
    return [c.replace(', "")', ', "1+2")') for c in code]


async def api(client, method: str, url: str, token: str, body=None):
    request = HTTPRequest(
        url,
        method=method,
        headers={"Authorization": f"token {token}"},
        body=None if body is None else json.dumps(body),
        allow_nonstandard_methods=True,
        request_timeout=600,
    )
    response = await client.fetch(request, raise_error=True)
    return json.loads(response.body) if response.body else None


async def start_server(client, user: str, token: str) -> None:
    await api(client, "POST", f"{HUB}/hub/api/users/{user}/server", token, {})
    while (
        not (await api(client, "GET", f"{HUB}/hub/api/users/{user}", token))["servers"]
        .get("", {})
        .get("ready")
    ):
        await asyncio.sleep(1)


async def run_session(client, user: str, token: str, code: list[str]) -> tuple[float, int]:
    """Every code cell in a new kernel of ``user``'s server; (seconds, cells that raised)."""
    kernel = await api(client, "POST", f"{HUB}/user/{user}/api/kernels", token, {})
    url = f"{HUB.replace('http', 'ws')}/user/{user}/api/kernels/{kernel['id']}/channels"
    socket = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {token}"}))
    started, errors = time.perf_counter(), 0
    for source in code:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": "execute_request", "version": "5.3"}
        content = {"code": source, "silent": False, "store_history": True}
        message = {"header": header, "parent_header": {}, "metadata": {}, "content": content}
        await socket.write_message(json.dumps({**message, "channel": "shell"}))
        while True:
            reply = decoded(await socket.read_message())
            if reply.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if reply["msg_type"] == "error":
                errors += 1
            if reply["msg_type"] == "execute_reply":
                break
    socket.close()
    return time.perf_counter() - started, errors


def decoded(frame: str | bytes) -> dict:
    """A kernel message from the websocket; a binary frame (a message with buffers, such as the
    player's clip) is offsets, then the message's JSON, then the buffers."""
    if isinstance(frame, str):
        return json.loads(frame)
    count = int.from_bytes(frame[:4], "big")
    offsets = [int.from_bytes(frame[4 + 4 * i : 8 + 4 * i], "big") for i in range(count)]
    return json.loads(frame[offsets[0] : offsets[1]])


async def probe(client, url: str, token: str, times: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        await api(client, "GET", url, token)
        times.append(time.perf_counter() - started)
        await asyncio.sleep(PROBE_EVERY)


def rss_mb(user: str) -> float:
    """Resident memory of all of ``user``'s processes, in MB."""
    ps = subprocess.run(["ps", "-o", "rss=", "-u", user], capture_output=True, text=True)
    return sum(int(n) for n in ps.stdout.split()) / 1024


def process_mb(pattern: str) -> float:
    pids = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout.split()
    ps = subprocess.run(["ps", "-o", "rss=", "-p", ",".join(pids)], capture_output=True, text=True)
    return sum(int(n) for n in ps.stdout.split()) / 1024 if pids else 0.0


def ms(values: list[float]) -> str:
    """Median and 95th percentile of response times, in ms."""
    p95 = statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]
    return f"median {statistics.median(values) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


async def load(token: str) -> dict:
    client = AsyncHTTPClient(max_clients=64)
    await api(client, "POST", f"{HUB}/hub/api/users", token, {"usernames": LEARNERS})
    started = time.perf_counter()
    await asyncio.gather(*(start_server(client, u, token) for u in LEARNERS))
    spawn = time.perf_counter() - started
    idle = {u: rss_mb(u) for u in LEARNERS}
    hub_idle: list[float] = []
    stop = asyncio.Event()
    await probe_once(client, token, hub_idle)
    hub_times, server_times = [], []
    probes = [
        asyncio.create_task(probe(client, f"{HUB}/hub/api/users", token, hub_times, stop)),
        asyncio.create_task(
            probe(client, f"{HUB}/user/{LEARNERS[0]}/api/status", token, server_times, stop)
        ),
    ]
    code = session_code()
    started = time.perf_counter()
    runs = await asyncio.gather(*(run_session(client, u, token, code) for u in LEARNERS))
    wall = time.perf_counter() - started
    stop.set()
    await asyncio.gather(*probes)
    return {
        "spawn": spawn,
        "idle": idle,
        "busy": {u: rss_mb(u) for u in LEARNERS},
        "runs": runs,
        "wall": wall,
        "hub_idle": hub_idle,
        "hub_times": hub_times,
        "server_times": server_times,
    }


async def probe_once(client, token: str, times: list[float]) -> None:
    for _ in range(10):
        started = time.perf_counter()
        await api(client, "GET", f"{HUB}/hub/api/users", token)
        times.append(time.perf_counter() - started)


def hand_in_all() -> None:
    """Each learner fetches week 1, answers it (partly right), and submits, as themselves."""
    week = load_week(WEEK)
    for user in LEARNERS:
        as_user(user, "nbgrader", "fetch_assignment", WEEK, f"--course={COURSE}")
        notebook = home(user) / COURSE / WEEK / f"{WEEK}.ipynb"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / notebook.name
            path.write_bytes(notebook.read_bytes())
            fill_in(path, "partial", week)
            notebook.write_bytes(path.read_bytes())  # root writes; the file stays theirs
        as_user(user, "nbgrader", "submit", WEEK, f"--course={COURSE}")


def timed_as_instructor(command: str) -> tuple[float, str]:
    course = home(INSTRUCTOR) / COURSE
    started = time.perf_counter()
    done = subprocess.run(
        ["runuser", "-l", INSTRUCTOR, "-c", f"cd {course} && {command}"],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        return seconds, f"failed: {(done.stdout + done.stderr)[-400:]}"
    return seconds, "ok"


def main() -> int:
    users = [INSTRUCTOR, *LEARNERS]
    remove_accounts(users)
    shutil.rmtree(PREFIX / "hub", ignore_errors=True)  # the hub's database of an earlier run
    with tempfile.TemporaryDirectory() as roster:
        install(Path(roster), LEARNERS)
    password = secrets.token_urlsafe(12)
    subprocess.run(["chpasswd"], input=f"{INSTRUCTOR}:{password}\n", text=True, check=True)
    try:
        with running_hub():
            as_user(
                INSTRUCTOR,
                "nbgrader",
                "release_assignment",
                WEEK,
                "--force",
                cwd=home(INSTRUCTOR) / COURSE,
            )
            figures = asyncio.run(load(urllib_token(password)))
            hub_mb, proxy_mb = process_mb("jupyterhub -f"), process_mb("configurable-http-proxy")
        hand_in_all()
        timed_as_instructor(f"nbgrader collect {WEEK}")
        serial = timed_as_instructor(f"nbgrader autograde {WEEK} --force")
        parallel = timed_as_instructor(f"facs-course cohort grade {WEEK}")
    finally:
        remove_accounts(users)
    report(figures, hub_mb, proxy_mb, serial, parallel)
    return 0


def urllib_token(password: str) -> str:
    """An API token of the instructor (the hub's admin), asked for with their password."""
    body = json.dumps({"auth": {"username": INSTRUCTOR, "password": password}}).encode()
    request = urllib.request.Request(
        f"{HUB}/hub/api/users/{INSTRUCTOR}/tokens", data=body, method="POST"
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())["token"]


def report(f: dict, hub_mb: float, proxy_mb: float, serial, parallel) -> None:
    idle, busy = list(f["idle"].values()), list(f["busy"].values())
    seconds = [s for s, _ in f["runs"]]
    errors = sum(e for _, e in f["runs"])
    print(f"hub bench: {len(LEARNERS)} learners on one machine")
    print(f"  {len(LEARNERS)} servers started at once in {f['spawn']:.1f} s")
    print(
        f"  memory per learner, server idle:  median {statistics.median(idle):.0f} MB, max {max(idle):.0f} MB"
    )
    print(
        f"  memory per learner, after week 1's session ran in a kernel: median {statistics.median(busy):.0f} MB, max {max(busy):.0f} MB, all {sum(busy) / 1024:.1f} GB"
    )
    print(f"  hub {hub_mb:.0f} MB, proxy {proxy_mb:.0f} MB")
    print(
        f"  week 1 session (all cells, {len(session_code())} of them) in 18 kernels at once: {f['wall']:.0f} s for all, median {statistics.median(seconds):.0f} s a learner; cells that raised: {errors}"
    )
    print(
        f"  hub API (GET /hub/api/users), idle: {ms(f['hub_idle'])}; under load: {ms(f['hub_times'])}"
    )
    print(f"  a learner's server (GET /api/status) under load: {ms(f['server_times'])}")
    print(
        f"  autograde 18 submissions: nbgrader autograde {serial[0]:.1f} s ({serial[1]}), facs-course cohort grade {parallel[0]:.1f} s ({parallel[1]})"
    )


if __name__ == "__main__":
    sys.exit(main())
