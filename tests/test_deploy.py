"""The Kubernetes values (deploy/z2jh/) keep the settings the one-machine hub relies on."""

import importlib.util
import json
import re
from pathlib import Path

import yaml

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def _hub_install():
    spec = importlib.util.spec_from_file_location("hub_install", DEPLOY / "hub_install.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _values() -> dict:
    return yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text())


def test_learners_get_the_same_nbgrader_settings_as_on_one_machine():
    local = _hub_install()
    files = _values()["singleuser"]["extraFiles"]
    exchange = _values()["singleuser"]["storage"]["extraVolumeMounts"][0]["mountPath"]
    expected = local.NBGRADER_GLOBAL.format(course=local.COURSE_ID, exchange=exchange)
    assert files["nbgrader-config"]["stringData"] == expected
    assert files["nbgrader-config"]["mountPath"] == "/etc/jupyter/nbgrader_config.py"


def test_learners_see_no_instructor_tools(tmp_path):
    local = _hub_install()
    local.instructor_tools(tmp_path, enabled=False)
    extra = _values()["singleuser"]["extraFiles"].values()
    files = {f["mountPath"]: f.get("data") for f in extra}
    for written in tmp_path.rglob("*.json"):
        mount = "/etc/jupyter/" + written.relative_to(tmp_path).as_posix()
        assert files[mount] == json.loads(written.read_text()), mount


def test_culler_memory_and_start_page_match_the_local_hub():
    values = _values()
    config = (DEPLOY / "jupyterhub_config.py").read_text()
    assert values["cull"]["enabled"]
    assert f"--timeout={values['cull']['timeout']}" in config
    assert re.search(rf'c.Spawner.default_url = "{values["singleuser"]["defaultUrl"]}"', config)
    parser_default = re.search(
        r'"--mem-limit", default="(\w+)"', (DEPLOY / "hub_install.py").read_text()
    )
    assert values["singleuser"]["memory"]["limit"] == parser_default[1]


def test_the_course_service_is_the_instructors_only():
    values = _values()
    admins = values["hub"]["config"]["Authenticator"]["admin_users"]
    (role,) = [r for r in values["hub"]["loadRoles"].values() if "users" in r]
    assert role["users"] == admins
    assert "access:services!service=facs-course" in role["scopes"]
    assert "facs-course" in values["hub"]["services"]
    assert "apiToken" not in values["hub"]["services"]["facs-course"]  # never committed
    manifests = list(yaml.safe_load_all((DEPLOY / "z2jh" / "course-service.yaml").read_text()))
    (deployment,) = [m for m in manifests if m["kind"] == "Deployment"]
    assert deployment["spec"]["replicas"] == 1  # gradebook.db has one writer
    claims = {
        m["metadata"]["name"]: m["spec"]["accessModes"]
        for m in manifests
        if m["kind"] == "PersistentVolumeClaim"
    }
    exchange = values["singleuser"]["storage"]["extraVolumes"][0]["persistentVolumeClaim"][
        "claimName"
    ]
    assert claims[exchange] == ["ReadWriteMany"]
