"""JupyterHub for a cohort on one machine: one OS account per learner, the instructor as admin.

`deploy/hub_install.py` writes `hub.json` (the instructor, the shared environment, the port) beside
an installed copy of this file; `make hub-start` runs it. Learners log in with their OS account's
password (PAM); the accounts allowed are the members of the course's group.
"""

import json
import os
import resource
import subprocess
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner

c = get_config()  # noqa: F821 (provided by JupyterHub)

SETTINGS = json.loads((Path(__file__).resolve().parent / "hub.json").read_text())
ENV_BIN = Path(SETTINGS["env"]) / "bin"
INSTRUCTOR = SETTINGS["instructor"]


class CourseSpawner(LocalProcessSpawner):
    """LocalProcessSpawner that caps each process of a learner's server at ``mem_limit``.

    LocalProcessSpawner does not enforce ``mem_limit``; here it becomes RLIMIT_AS (address space)
    of the server and of every kernel it starts, each on its own, not a total per learner.
    """

    def make_preexec_fn(self, name):
        become_user, limit = super().make_preexec_fn(name), self.mem_limit

        def preexec():
            if limit:
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            become_user()

        return preexec


def copy_sessions(spawner):
    """Copy the session notebooks the learner does not have yet into ``~/sessions`` (as them)."""
    user = spawner.user.name
    env = {"PATH": f"{ENV_BIN}:/usr/local/bin:/usr/bin:/bin"}
    spawner.environment = {**spawner.environment, **env}  # a copy: never shared between users
    copy = f'mkdir -p "$HOME/sessions" && cp -rn "{SETTINGS["sessions"]}/." "$HOME/sessions/"'
    subprocess.run(["/usr/sbin/runuser", "-l", user, "-c", copy], check=True, timeout=120)


c.JupyterHub.bind_url = f"http://{SETTINGS.get('ip', '')}:{SETTINGS['port']}"
c.JupyterHub.cookie_secret_file = os.path.join(SETTINGS["state"], "jupyterhub_cookie_secret")
c.JupyterHub.db_url = f"sqlite:///{SETTINGS['state']}/jupyterhub.sqlite"
c.ConfigurableHTTPProxy.pid_file = os.path.join(SETTINGS["state"], "proxy.pid")
c.ConfigurableHTTPProxy.command = [SETTINGS["proxy"]]

c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_groups = {SETTINGS["group"]}
c.Authenticator.admin_users = {INSTRUCTOR}
c.PAMAuthenticator.open_sessions = False

c.JupyterHub.spawner_class = CourseSpawner
c.Spawner.cmd = [str(ENV_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.mem_limit = SETTINGS["mem_limit"]
c.Spawner.pre_spawn_hook = copy_sessions
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 180

# Servers nobody used for an hour are stopped; their files stay in the learners' homes.
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [str(ENV_BIN / "python"), "-m", "jupyterhub_idle_culler", "--timeout=3600"],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
