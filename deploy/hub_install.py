"""Install the course for a cohort on this machine (as root); safe to re-run.

    /usr/bin/python3 deploy/hub_install.py --roster learners.csv --instructor NAME

The roster is a CSV with a header: ``username,first_name,last_name,email`` (email optional).
Re-running installs the current course and adds the accounts that are new in the roster; it never
overwrites the instructor's course files or anything in a learner's home.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COURSE_ID = "facs-course"
HUB_PACKAGES = ["jupyterhub>=5,<7", "jupyterhub-idle-culler>=1.4"]
# nbgrader's instructor tools: off for everyone in the shared environment, on for the instructor.
LAB_TOOLS = ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"]
PROFILE_MARK = "# facs-course (hub_install.py): the course's tools"
SERVER_TOOLS = ["nbgrader.server_extensions.formgrader"]
NBGRADER_GLOBAL = '''"""Read by every account that runs the course environment (written by hub_install.py)."""

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "{course}"
c.Exchange.root = "{exchange}"
c.Exchange.path_includes_course = True
'''
INSTRUCTOR_NBGRADER = '''"""The instructor's course directory (written by hub_install.py)."""

c = get_config()  # noqa: F821
c.CourseDirectory.root = "{course_dir}"
'''


def run(*cmd: str, **kwargs) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kwargs)


def as_user(user: str, *cmd: str, env_bin: Path, cwd: Path | None = None, **env: str) -> None:
    """Run ``cmd`` as ``user`` with the course environment's tools first on PATH."""
    path = f"{env_bin}:/usr/local/bin:/usr/bin:/bin"
    extra = [f"{k}={v}" for k, v in {"HOME": os.path.expanduser(f"~{user}"), **env}.items()]
    run("runuser", "-u", user, "--", "env", f"PATH={path}", *extra, *cmd, cwd=cwd)


def read_roster(path: Path) -> list[dict]:
    with open(path, newline="") as f:
        rows = [{k.strip(): (v or "").strip() for k, v in r.items()} for r in csv.DictReader(f)]
    if not rows or "username" not in rows[0]:
        sys.exit(f"{path}: needs a header line with username,first_name,last_name,email")
    return [r for r in rows if r["username"]]


def system_packages() -> None:
    """python3-venv, node and npm from Debian, configurable-http-proxy from npm, if missing."""
    need = (
        []
        if subprocess.run(["/usr/bin/python3", "-c", "import ensurepip"]).returncode == 0
        else ["python3-venv"]
    )
    need += [p for p, tool in (("nodejs", "node"), ("npm", "npm")) if not shutil.which(tool)]
    if need:
        run("apt-get", "update", "-qq")
        run(
            "apt-get",
            "install",
            "-y",
            "-qq",
            *need,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    if not shutil.which("configurable-http-proxy"):
        run("npm", "install", "--global", "--silent", "configurable-http-proxy")


def environment(prefix: Path, exchange: Path) -> Path:
    """The shared, non-editable environment every account runs (from Debian's Python)."""
    env = prefix / "env"
    if not (env / "bin" / "python").exists():
        run("/usr/bin/python3", "-m", "venv", str(env))
    pip = [str(env / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    run(*pip, "--upgrade", str(REPO), *HUB_PACKAGES)
    instructor_tools(env / "etc" / "jupyter", enabled=False)
    config = env / "etc" / "jupyter" / "nbgrader_config.py"
    config.write_text(NBGRADER_GLOBAL.format(course=COURSE_ID, exchange=exchange))
    shutil.copytree(REPO / "sessions", prefix / "sessions", dirs_exist_ok=True)
    (prefix / "sessions" / "README.md").unlink(missing_ok=True)
    run("chmod", "-R", "a+rX,go-w", str(env), str(prefix / "sessions"))
    return env / "bin"


def instructor_tools(config_dir: Path, enabled: bool) -> None:
    """Turn nbgrader's formgrader and create-assignment on or off in a Jupyter config folder."""
    lab = {"disabledExtensions": {tool: not enabled for tool in LAB_TOOLS}}
    server = {"ServerApp": {"jpserver_extensions": dict.fromkeys(SERVER_TOOLS, enabled)}}
    for path, settings in (
        (config_dir / "labconfig" / "page_config.json", lab),
        (config_dir / "jupyter_server_config.d" / "nbgrader_facs-course.json", server),
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings, indent=2) + "\n")


def account(name: str, group: str, passwords: Path) -> None:
    """Create the OS account if missing (random first password, kept for root), home mode 700."""
    if subprocess.run(["id", "-u", name], capture_output=True).returncode != 0:
        run("useradd", "--create-home", "--shell", "/bin/bash", name)
        password = secrets.token_urlsafe(9)
        subprocess.run(["chpasswd"], input=f"{name}:{password}\n", text=True, check=True)
        with open(passwords, "a") as f:
            f.write(f"{name},{password}\n")
    run("usermod", "--append", "--groups", group, name)
    home = Path(os.path.expanduser(f"~{name}"))
    home.chmod(0o700)


def exchange_root(exchange: Path) -> None:
    """nbgrader's exchange: world-writable root; nbgrader makes inbound/ 2733 at release."""
    exchange.mkdir(parents=True, exist_ok=True)
    exchange.chmod(0o777)


def course_dir(instructor: str, env_bin: Path, weeks: list[str]) -> Path:
    """The nbgrader course directory in the instructor's home (mode 700), with the keys."""
    home = Path(os.path.expanduser(f"~{instructor}"))
    course = home / COURSE_ID
    for part in ("nbgrader_config.py", "source", "autograder/keys"):
        target = course / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if (REPO / part).is_dir():
            shutil.copytree(REPO / part, target, dirs_exist_ok=True, copy_function=_copy_missing)
        else:
            _copy_missing(REPO / part, target)
    jupyter_dir = home / ".jupyter"
    jupyter_dir.mkdir(exist_ok=True)
    (jupyter_dir / "nbgrader_config.py").write_text(INSTRUCTOR_NBGRADER.format(course_dir=course))
    instructor_tools(jupyter_dir, enabled=True)
    run("chown", "-R", f"{instructor}:{instructor}", str(course), str(jupyter_dir))
    course.chmod(0o700)
    instructor_shell(home, env_bin)
    as_user(
        instructor,
        str(env_bin / "facs-course"),
        "release",
        *weeks,
        env_bin=env_bin,
        cwd=course,
    )
    return course


def instructor_shell(home: Path, env_bin: Path) -> None:
    """The instructor's login shells find the course's tools (nbgrader's ``alembic`` among them);
    the keys are found from the course directory the tools run in."""
    profile = home / ".profile"
    text = profile.read_text() if profile.exists() else ""
    if PROFILE_MARK not in text:
        block = f'{PROFILE_MARK}\nexport PATH="{env_bin}:$PATH"\n'
        profile.write_text(text + block)
        shutil.chown(profile, home.owner(), home.owner())


def _copy_missing(src, dst, **_):
    """Copy a file only if the instructor has none there: their edits are never overwritten."""
    if not os.path.exists(dst):
        shutil.copy2(src, dst)
    return dst


def gradebook(instructor: str, env_bin: Path, course: Path, learners: list[dict]) -> None:
    """Add (or update) every learner in nbgrader's gradebook."""
    roster = course / "roster-import.csv"
    with open(roster, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["id", "first_name", "last_name", "email"])
        for r in learners:
            out.writerow(
                [r["username"], r.get("first_name", ""), r.get("last_name", ""), r.get("email", "")]
            )
    shutil.chown(roster, instructor, instructor)
    as_user(
        instructor,
        str(env_bin / "nbgrader"),
        "db",
        "student",
        "import",
        str(roster),
        env_bin=env_bin,
        cwd=course,
    )
    roster.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--roster", type=Path, required=True, help="CSV: username,first_name,last_name,email"
    )
    parser.add_argument(
        "--instructor", required=True, help="the instructor's account (created if missing)"
    )
    parser.add_argument(
        "--prefix",
        type=Path,
        default=Path("/opt/facs-course"),
        help="where the shared environment goes",
    )
    parser.add_argument("--exchange", type=Path, default=Path("/srv/nbgrader/exchange"))
    parser.add_argument("--group", default="facs-course", help="the OS group of the hub's accounts")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--mem-limit", default="3G", help="address space per server or kernel process"
    )
    parser.add_argument("--weeks", nargs="*", default=[], help="weeks to build (default: all)")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        sys.exit("Run as root: it creates accounts and installs packages.")
    learners = read_roster(args.roster)
    system_packages()
    env_bin = environment(args.prefix, args.exchange)
    exchange_root(args.exchange)
    state = args.prefix / "hub"
    state.mkdir(mode=0o700, exist_ok=True)
    run("groupadd", "--force", args.group)
    passwords = state / "initial-passwords.csv"
    for name in [args.instructor, *(r["username"] for r in learners)]:
        account(name, args.group, passwords)
    course = course_dir(args.instructor, env_bin, args.weeks)
    gradebook(args.instructor, env_bin, course, learners)
    settings = {
        "instructor": args.instructor,
        "env": str(env_bin.parent),
        "sessions": str(args.prefix / "sessions"),
        "group": args.group,
        "port": args.port,
        "mem_limit": args.mem_limit,
        "state": str(state),
        "proxy": shutil.which("configurable-http-proxy"),
    }
    (args.prefix / "hub.json").write_text(json.dumps(settings, indent=2) + "\n")
    shutil.copy(REPO / "deploy" / "jupyterhub_config.py", args.prefix / "jupyterhub_config.py")
    print(f"Installed. Start the hub with: make hub-start (port {args.port}).")
    if passwords.exists():
        print(
            f"First passwords of new accounts: {passwords} (root only; hand them out, then delete it)."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
