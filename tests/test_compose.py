"""docker-compose.yml, checked by the Compose CLI (`docker compose config` or docker-compose), and the Neo4j
settings it passes through the image's NEO4J_* variables, checked by Neo4j's own config validator.
No Docker daemon is needed."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from kgbuild.browser import GRASS_FILE, GUIDE_FILE

from .neo4j_support import launcher, launcher_ready, unavailable

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "compose-test-password"


def compose_cli() -> list[str] | None:
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def compose_config(tmp_path: Path, password: str | None) -> subprocess.CompletedProcess:
    cli = compose_cli()
    if cli is None:
        unavailable("neither `docker compose` nor docker-compose is installed (apt-get install docker-compose)")
    env_file = tmp_path / "empty.env"  # ignore a developer's own .env
    env_file.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "COMPOSE_"))}
    if password is not None:
        env["NEO4J_PASSWORD"] = password
    return subprocess.run([*cli, "--env-file", str(env_file), "-f", str(ROOT / "docker-compose.yml"), "config"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> dict:
    res = compose_config(tmp_path_factory.mktemp("compose"), PASSWORD)
    assert res.returncode == 0, res.stderr
    return yaml.safe_load(res.stdout)


def test_compose_file_is_valid_and_runs_neo4j_526_community_on_localhost(config):
    neo = config["services"]["neo4j"]
    assert neo["image"] == "neo4j:5.26-community"
    ports = {str(p) for p in neo["ports"]} if isinstance(neo["ports"][0], str) else {
        f"{p.get('host_ip')}:{p['published']}:{p['target']}" for p in neo["ports"]}
    assert {p.split("/")[0] for p in ports} == {"127.0.0.1:7474:7474", "127.0.0.1:7687:7687"}
    env = neo["environment"]
    assert env["NEO4J_AUTH"] == f"neo4j/{PASSWORD}"
    assert any(str(v).endswith(":/data") or "/data" in str(v) for v in neo["volumes"])
    assert "neo4j-data" in config["volumes"]
    test = " ".join(neo["healthcheck"]["test"])
    assert "cypher-shell" in test and "RETURN 1" in test and PASSWORD not in test
    cmd = env["NEO4J_browser_post__connect__cmd"]
    assert f"style http://localhost:7475/browser/{GRASS_FILE}" in cmd and f"guide http://localhost:7475/browser/{GUIDE_FILE}" in cmd
    assets = config["services"]["browser-assets"]
    assert any("7475" in str(p) for p in assets["ports"])
    for name in (GRASS_FILE, GUIDE_FILE):
        assert (ROOT / "cypher" / "browser" / name).is_file()


def test_compose_refuses_to_start_without_a_password(tmp_path):
    res = compose_config(tmp_path, None)
    assert res.returncode != 0 and "NEO4J_PASSWORD" in res.stderr


def test_env_example_names_neo4j_s_own_variables():
    names = {ln.split("=", 1)[0] for ln in (ROOT / ".env.example").read_text().splitlines() if "=" in ln and ln[0] != "#"}
    assert names == {"NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"}
    assert ".env" in (ROOT / ".gitignore").read_text().split()


def test_neo4j_accepts_the_settings_compose_passes(config, tmp_path):
    """The image turns NEO4J_a_b__c into setting a.b_c; Neo4j 5.26 refuses unknown settings at start-up."""
    why = launcher_ready()
    if why:
        unavailable(why)
    if not launcher.artifacts_ready():
        launcher.build_launcher()
    settings = {}
    for key, value in config["services"]["neo4j"]["environment"].items():
        if key == "NEO4J_AUTH" or not key.startswith("NEO4J_"):
            continue
        name = key[len("NEO4J_"):].replace("__", "\0").replace("_", ".").replace("\0", "_")
        settings[name] = value
    assert "browser.post_connect_cmd" in settings
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "neo4j.conf").write_text("".join(f"{k}={v}\n" for k, v in settings.items()), encoding="utf-8")
    res = subprocess.run(["java", "-cp", str(launcher.LIB / "*"), "org.neo4j.server.startup.Neo4jAdminCommand",
                          "server", "validate-config"], capture_output=True, text=True, timeout=300,
                         env=dict(os.environ, NEO4J_HOME=str(tmp_path), NEO4J_CONF=str(conf)))
    assert res.returncode == 0 and "validation successful" in res.stdout, res.stdout + res.stderr
