"""Start a real Neo4j 5.26 Community server (plus APOC core) in a JVM for the test suite.

Usage (tests/neo4j has no __init__.py on purpose, so it never shadows the ``neo4j`` driver package)::

    sys.path.insert(0, str(Path(__file__).parent / "neo4j"))   # from a file in tests/
    from server import start_neo4j, java_and_maven_available
    with start_neo4j() as srv:
        driver = neo4j.GraphDatabase.driver(srv.uri, auth=(srv.user, srv.password))

The Java side is ``src/main/java/kgbuild/neo4j/Launcher.java``, built once with Maven into ``target/``
(``target/classes``, ``target/lib/*.jar``, ``target/plugins/*.jar``); at run time only ``java`` is needed.
Only the standard library and the ``neo4j`` driver are used here.
"""

from __future__ import annotations

import atexit
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional, Sequence

HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
SOURCE = HERE / "src" / "main" / "java" / "kgbuild" / "neo4j" / "Launcher.java"
TARGET = HERE / "target"
CLASSES = TARGET / "classes"
LIB = TARGET / "lib"
PLUGINS = TARGET / "plugins"
LAUNCHER_CLASS = CLASSES / "kgbuild" / "neo4j" / "Launcher.class"
MAIN_CLASS = "kgbuild.neo4j.Launcher"

DEFAULT_PASSWORD = "kgbuild-test"
DEFAULT_JVM_ARGS = (
    "-Xms256m",
    "-Xmx1g",
    "-XX:+UseG1GC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Dfile.encoding=UTF-8",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)
BUILD_TIMEOUT = 1800.0  # first build downloads ~130 MB from Maven Central
# Neo4j Browser settings the launcher takes, and its option for each.
BROWSER_SETTINGS = {
    "browser.post_connect_cmd": "--browser-post-connect-cmd",
    "browser.remote_content_hostname_whitelist": "--browser-remote-content-hostname-whitelist",
}


class Neo4jError(RuntimeError):
    """Base class for failures of this launcher."""


class Neo4jUnavailableError(Neo4jError):
    """java or mvn is not on PATH (tests may want to skip on this)."""


class Neo4jBuildError(Neo4jError):
    """The Maven build of the launcher failed."""


class Neo4jStartError(Neo4jError):
    """The JVM did not come up (or Bolt did not accept the password) in time."""


def java_and_maven_available() -> tuple[bool, str]:
    """(True, "") if both ``java`` and ``mvn`` are on PATH, else (False, reason)."""
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        return False, f"not on PATH: {', '.join(missing)} (needed to build/run the Neo4j test server)"
    return True, ""


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _file_tail(path: Path, lines: int = 40) -> str:
    try:
        return _tail(path.read_text(errors="replace"), lines)
    except OSError:
        return ""


def artifacts_ready() -> bool:
    """True if target/ holds a launcher built from the current pom.xml and Launcher.java."""
    if not LAUNCHER_CLASS.exists() or not any(LIB.glob("neo4j-kernel-*.jar")) or not any(PLUGINS.glob("apoc-core-*.jar")) \
            or not any(LIB.glob("neo4j-browser-*.jar")):
        return False
    built = LAUNCHER_CLASS.stat().st_mtime
    return all(src.stat().st_mtime <= built for src in (POM, SOURCE))


def build_launcher(timeout: float = BUILD_TIMEOUT) -> None:
    """Run ``mvn -q -f pom.xml package``; raise Neo4jBuildError with mvn's output tail on failure."""
    if shutil.which("mvn") is None:
        raise Neo4jUnavailableError(java_and_maven_available()[1])
    # copy-dependencies never deletes, so drop old jars (e.g. after a version bump) first
    for stale in (LIB, PLUGINS, CLASSES):
        shutil.rmtree(stale, ignore_errors=True)
    cmd = ["mvn", "-B", "-q", "-Dstyle.color=never", "-f", str(POM), "package"]
    try:
        proc = subprocess.run(cmd, cwd=HERE, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        out = exc.output.decode(errors="replace") if isinstance(exc.output, bytes) else (exc.output or "")
        raise Neo4jBuildError(f"{' '.join(cmd)} timed out after {timeout:.0f}s; output tail:\n{_tail(out)}") from None
    if proc.returncode != 0 or not artifacts_ready():
        raise Neo4jBuildError(
            f"{' '.join(cmd)} failed (exit {proc.returncode}); output tail:\n{_tail(proc.stdout)}")


def classpath() -> str:
    return os.pathsep.join([str(CLASSES), str(LIB / "*"), str(PLUGINS / "*")])


_live_servers: "weakref.WeakSet[Neo4jServer]" = weakref.WeakSet()


@dataclass(eq=False)
class Neo4jServer:
    """A running launcher JVM. ``stop()`` (graceful) or ``kill()`` (SIGKILL); both remove the temp dir.
    ``http_uri`` is ``http://127.0.0.1:PORT`` when HTTP is on (Neo4j Browser at ``http_uri + "/browser/"``), else "".
    """

    uri: str
    user: str
    password: str
    process: subprocess.Popen = field(repr=False)
    workdir: Path = field(repr=False)
    http_uri: str = ""

    @property
    def browser_url(self) -> str:
        return f"{self.http_uri}/browser/" if self.http_uri else ""

    @property
    def home(self) -> Path:
        return self.workdir / "home"

    @property
    def stderr_path(self) -> Path:
        return self.workdir / "jvm-stderr.log"

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def stderr_tail(self, lines: int = 40) -> str:
        return _file_tail(self.stderr_path, lines)

    def debug_log_tail(self, lines: int = 40) -> str:
        return _file_tail(self.home / "logs" / "debug.log", lines)

    def stop(self, timeout: float = 60.0) -> None:
        """Close the JVM's stdin (clean shutdown), wait, SIGKILL after ``timeout``; remove the temp dir."""
        if self.process.poll() is None:
            try:
                if self.process.stdin:
                    self.process.stdin.close()
            except OSError:
                pass
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._cleanup()

    def kill(self) -> None:
        """Hard stop (SIGKILL, no shutdown hook), e.g. to simulate the server dying mid-load."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._cleanup()

    def _cleanup(self) -> None:
        for stream in (self.process.stdin, self.process.stdout):
            try:
                if stream:
                    stream.close()
            except OSError:
                pass
        shutil.rmtree(self.workdir, ignore_errors=True)
        _live_servers.discard(self)

    def __enter__(self) -> "Neo4jServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@atexit.register
def _stop_leftovers() -> None:
    for srv in list(_live_servers):
        srv.kill()


def launcher_args(bolt_port: int = 0, http_port: Optional[int] = None,
                  browser_settings: Optional[Mapping[str, str]] = None) -> list[str]:
    """The launcher's options for these ports and Browser settings (without --home/--plugins)."""
    args = ["--bolt-port", str(bolt_port)]
    if http_port is not None:
        args += ["--http-port", str(http_port)]
    if browser_settings and http_port is None:
        raise ValueError("Browser settings need HTTP on (http_port=0 for a free port)")
    for name, value in (browser_settings or {}).items():
        if name not in BROWSER_SETTINGS:
            raise ValueError(f"unknown Browser setting {name!r}; the launcher takes {', '.join(BROWSER_SETTINGS)}")
        args += [BROWSER_SETTINGS[name], value]
    return args


def start_neo4j(password: str = DEFAULT_PASSWORD, build_if_needed: bool = True, timeout: float = 180,
                bolt_port: int = 0, jvm_args: Sequence[str] = DEFAULT_JVM_ARGS, http_port: Optional[int] = None,
                browser_settings: Optional[Mapping[str, str]] = None) -> Neo4jServer:
    """Start Neo4j on 127.0.0.1 (Bolt on ``bolt_port``, 0 = a free port) with a fresh temp data dir.

    ``http_port`` turns the HTTP connector on (0 = a free port; ``None`` = off): Neo4j Browser is then served at
    ``server.browser_url``, connecting to this Bolt port. ``browser_settings`` maps ``browser.post_connect_cmd``
    and ``browser.remote_content_hostname_whitelist`` to values. Returns once
    ``GraphDatabase.driver(uri, auth=("neo4j", password)).verify_connectivity()`` passes.
    """
    import neo4j  # imported lazily so java_and_maven_available() works without the driver

    extra_args = launcher_args(bolt_port, http_port, browser_settings)

    ok, reason = java_and_maven_available() if build_if_needed else (shutil.which("java") is not None, "java not on PATH")
    if not ok:
        raise Neo4jUnavailableError(reason)
    if not artifacts_ready():
        if not build_if_needed:
            raise Neo4jError(f"launcher not built; run: mvn -q -f {POM} package")
        build_launcher()

    workdir = Path(tempfile.mkdtemp(prefix="kgbuild-neo4j-"))
    stderr_file = open(workdir / "jvm-stderr.log", "wb")
    cmd = ["java", *jvm_args, "-cp", classpath(), MAIN_CLASS, "--home", str(workdir / "home"),
           "--plugins", str(PLUGINS), *extra_args]
    env = dict(os.environ, KGBUILD_NEO4J_PASSWORD=password)  # not on the command line (ps)
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr_file,
                                env=env, cwd=workdir, start_new_session=True)
    finally:
        stderr_file.close()
    server = Neo4jServer(uri="", user="neo4j", password=password, process=proc, workdir=workdir)
    _live_servers.add(server)

    lines: "queue.Queue[Optional[str]]" = queue.Queue()

    def pump() -> None:  # keeps draining stdout so the JVM never blocks on it
        assert proc.stdout is not None
        for raw in proc.stdout:
            lines.put(raw.decode(errors="replace").strip())
        lines.put(None)

    threading.Thread(target=pump, name="neo4j-stdout", daemon=True).start()

    def fail(msg: str) -> Neo4jStartError:
        err = Neo4jStartError(f"{msg}\n--- JVM stderr tail ---\n{server.stderr_tail()}"
                              f"\n--- debug.log tail ---\n{server.debug_log_tail(15)}")
        server.kill()
        return err

    deadline = time.monotonic() + timeout
    while not server.uri:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise fail(f"Neo4j did not print BOLT_URI= within {timeout:.0f}s")
        try:
            line = lines.get(timeout=min(remaining, 1.0))
        except queue.Empty:
            continue
        if line is None:
            proc.wait()
            raise fail(f"Neo4j JVM exited with code {proc.returncode} before it was ready")
        if line.startswith("HTTP_URI="):
            server.http_uri = line[len("HTTP_URI="):]
        elif line.startswith("BOLT_URI="):  # the launcher's last line: it is ready
            server.uri = line[len("BOLT_URI="):]

    last_exc: Optional[Exception] = None
    while time.monotonic() < deadline:
        try:
            with neo4j.GraphDatabase.driver(server.uri, auth=(server.user, password)) as driver:
                driver.verify_connectivity()
            return server
        except neo4j.exceptions.AuthError as exc:
            raise fail(f"Neo4j at {server.uri} rejected the test password: {exc}") from exc
        except Exception as exc:  # ServiceUnavailable etc.: retry until the deadline
            last_exc = exc
            if proc.poll() is not None:
                break
            time.sleep(0.5)
    raise fail(f"could not connect to {server.uri}: {last_exc!r}")


def main(argv: Sequence[str] = ()) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        description="Run a throwaway Neo4j 5.26 Community server (with APOC core, and Neo4j Browser with --http-port).",
        epilog="Neo4j Browser with kgbuild's style and guide: run `kgbuild browser-assets` and pass the two settings "
               "it prints, e.g. --http-port 7474 --post-connect-cmd 'style http://localhost:7475/browser/kgbuild.grass; "
               "guide http://localhost:7475/browser/kgbuild-guide.html' --remote-content-hostname-whitelist localhost")
    parser.add_argument("--password", default=DEFAULT_PASSWORD)
    parser.add_argument("--bolt-port", type=int, default=0, help="0 = pick a free port")
    parser.add_argument("--http-port", type=int, default=None,
                        help="turn HTTP on (Neo4j Browser at /browser/) on this port; 0 = pick a free port")
    parser.add_argument("--post-connect-cmd", help="browser.post_connect_cmd (needs --http-port)")
    parser.add_argument("--remote-content-hostname-whitelist", help="browser.remote_content_hostname_whitelist")
    parser.add_argument("--timeout", type=float, default=180)
    args = parser.parse_args(list(argv) or None)
    settings = {name: value for name, value in (("browser.post_connect_cmd", args.post_connect_cmd),
                ("browser.remote_content_hostname_whitelist", args.remote_content_hostname_whitelist)) if value}
    if settings and args.http_port is None:
        parser.error("--post-connect-cmd and --remote-content-hostname-whitelist need --http-port")
    t0 = time.monotonic()
    with start_neo4j(password=args.password, timeout=args.timeout, bolt_port=args.bolt_port,
                     http_port=args.http_port, browser_settings=settings) as srv:
        browser = f"  Browser: {srv.browser_url}" if srv.http_uri else ""
        print(f"{srv.uri}  user={srv.user} password={srv.password}{browser}  (ready in {time.monotonic() - t0:.1f}s; "
              "Ctrl-C to stop)", flush=True)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            while srv.running:
                time.sleep(1)
            print(f"JVM exited with code {srv.process.returncode}:\n{srv.stderr_tail()}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("stopping...", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
