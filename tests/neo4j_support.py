"""Shared by the Neo4j tests: when to skip or fail, the Cypher linter, and Neo4j servers on a data folder we keep.

tests/neo4j/server.py (the launcher) starts a server with a throwaway home; `HomeServer` below runs the same
launcher on a home the test owns, so a server can be killed and started again on the same data, or started
on a database written by `neo4j-admin database import full`.
"""
from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
LINT_DIR = TESTS / "cypher_lint"
REGISTRY = LINT_DIR / "neo4j-5.26-registry.json"
sys.path.insert(0, str(TESTS / "neo4j"))  # the launcher; the folder has no __init__.py so it never shadows `neo4j`

import server as launcher  # noqa: E402 (after the sys.path entry it needs)

CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def unavailable(reason: str) -> None:
    """Skip with the reason stated, except under CI=true, where a missing tool fails the run."""
    if CI:
        pytest.fail(f"CI=true, so this cannot be skipped: {reason}", pytrace=False)
    pytest.skip(reason)


# ------------------------------------------------------------------ Cypher linter (Node)
def lint_available() -> str | None:
    """None when the linter can run, else why not."""
    if shutil.which("node") is None:
        return "node is not on PATH (the Cypher linter runs on Node.js 20+)"
    if not (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        return "tests/cypher_lint/node_modules is missing: run npm ci --prefix tests/cypher_lint"
    return None


def registry(apoc: bool = False) -> dict[str, Any]:
    """Functions and procedures of Neo4j 5.26 Community (as SHOW FUNCTIONS / SHOW PROCEDURES list them),
    without APOC unless asked: kgbuild's own statements must run on a plain server."""
    data = json.loads(REGISTRY.read_text(encoding="utf-8"))
    keep = (lambda name: True) if apoc else (lambda name: not name.startswith("apoc."))
    return {kind: {"CYPHER 5": {n: v for n, v in data[kind].items() if keep(n)}} for kind in ("functions", "procedures")}


def lint(statements: list[dict[str, Any]], schema: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Run tests/cypher_lint/lint.mjs once over [{id, text, parameters}]; returns id -> diagnostics."""
    proc = subprocess.run(["node", str(LINT_DIR / "lint.mjs")], input=json.dumps({"schema": schema, "statements": statements}),
                          capture_output=True, text=True, timeout=300, cwd=LINT_DIR)
    assert proc.returncode == 0, f"lint.mjs failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
    return {r["id"]: r["diagnostics"] for r in json.loads(proc.stdout)}


# ------------------------------------------------------------------ servers
def launcher_ready() -> str | None:
    """None when a test server can be started here (building it with Maven if needed), else why not."""
    if shutil.which("java") is None:
        return "java is not on PATH (the Neo4j tests run Neo4j 5.26 in a JVM; install a JDK 17+ and Maven)"
    if not launcher.artifacts_ready() and shutil.which("mvn") is None:
        return "mvn is not on PATH and tests/neo4j/target is not built (install Maven, or run the build once)"
    return None


class HomeServer:
    """The test launcher on a home folder the caller keeps: stop/kill leave the data for the next start."""

    def __init__(self, home: Path, password: str = launcher.DEFAULT_PASSWORD, timeout: float = 180) -> None:
        import neo4j

        if not launcher.artifacts_ready():
            launcher.build_launcher()
        self.home, self.user, self.password = Path(home), "neo4j", password
        self.home.mkdir(parents=True, exist_ok=True)
        self.stderr_path = self.home.parent / f"{self.home.name}-jvm-stderr.log"
        cmd = ["java", *launcher.DEFAULT_JVM_ARGS, "-cp", launcher.classpath(), launcher.MAIN_CLASS,
               "--home", str(self.home), "--plugins", str(launcher.PLUGINS), "--bolt-port", "0"]
        with open(self.stderr_path, "ab") as err:
            self.process = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                                            env=dict(os.environ, KGBUILD_NEO4J_PASSWORD=password),
                                            start_new_session=True)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [lines.put(b.decode(errors="replace").strip()) for b in self.process.stdout]
                         + [lines.put(None)], daemon=True).start()
        deadline = time.monotonic() + timeout
        self.uri = ""
        while not self.uri:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line is None:
                self.kill()
                raise RuntimeError(f"Neo4j on {self.home} did not start:\n{self.stderr_path.read_text(errors='replace')[-3000:]}")
            if line.startswith("BOLT_URI="):
                self.uri = line.split("=", 1)[1]
        while True:
            try:
                with neo4j.GraphDatabase.driver(self.uri, auth=(self.user, password)) as d:
                    d.verify_connectivity()
                    d.execute_query("RETURN 1", database_="neo4j")
                return
            except Exception:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.kill()
                    raise
                time.sleep(0.5)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def admin_import(home: Path, csv_dir: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run the command that `kgbuild export --format neo4j-admin` wrote into csv_dir/README.md, with the
    neo4j-admin of the test server's jars (org.neo4j.cli.AdminTool), into the database folder under `home`."""
    readme = (csv_dir / "README.md").read_text(encoding="utf-8")
    block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    args = block.replace("\\\n", " ").split()
    assert args[:4] == ["neo4j-admin", "database", "import", "full"], args[:4]
    args = [a.replace("'", "") for a in args[1:]]  # the shell would strip the quotes of --array-delimiter=';'
    (home / "conf").mkdir(parents=True, exist_ok=True)
    cmd = ["java", "-Xmx1g", "-cp", str(launcher.LIB / "*"), "org.neo4j.cli.AdminTool", *args]
    return subprocess.run(cmd, cwd=csv_dir, capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ, NEO4J_HOME=str(home), NEO4J_CONF=str(home / "conf")))


def server_registry(driver, database: str = "neo4j") -> dict[str, Any]:
    """SHOW FUNCTIONS and SHOW PROCEDURES of a server, in the linter's DbSchema shape (name -> description),
    without the role columns (they depend on who asks). tests/cypher_lint/neo4j-5.26-registry.json is this,
    taken from the test server; the live tests check that it still matches."""
    out: dict[str, Any] = {}
    for kind, cypher in (("functions", "SHOW FUNCTIONS YIELD *"), ("procedures", "SHOW PROCEDURES YIELD *")):
        records, _, _ = driver.execute_query(cypher, database_=database)
        rows = {}
        for r in records:
            d = {k: v for k, v in r.data().items() if k not in ("rolesExecution", "rolesBoostedExecution")}
            rows[d["name"]] = d
        out[kind] = dict(sorted(rows.items()))
    return out


def write_registry(uri: str, password: str, user: str = "neo4j") -> None:
    """Regenerate the registry file from a running server: python -c 'from tests.neo4j_support import *;
    write_registry("bolt://127.0.0.1:PORT", "PASSWORD")'."""
    import neo4j

    with neo4j.GraphDatabase.driver(uri, auth=(user, password)) as d:
        components, _, _ = d.execute_query("CALL dbms.components() YIELD versions, edition", database_="neo4j")
        apoc, _, _ = d.execute_query("RETURN apoc.version() AS v", database_="neo4j")
        data = {"neo4j": components[0]["versions"][0], "edition": components[0]["edition"], "apoc": apoc[0]["v"],
                **server_registry(d)}
    REGISTRY.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n", encoding="utf-8")
