"""docker/browser-assets.conf run by a real nginx, as the browser-assets service of docker-compose.yml runs it.

The service mounts ./cypher at /usr/share/nginx/html and the conf as /etc/nginx/conf.d/default.conf, which the
image's nginx.conf includes inside its `http` block. Here the same server block listens on 127.0.0.1:PORT and
serves a copy of cypher/; nothing else in it is changed. No Docker needed: Debian's nginx-light is enough.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "docker" / "browser-assets.conf"
COMPOSE_ROOT = "root /usr/share/nginx/html;"
COMPOSE_LISTEN = "listen 80;"

MAIN_CONF = """\
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{}}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/tmp-body;
    proxy_temp_path {dir}/tmp-proxy;
    fastcgi_temp_path {dir}/tmp-fastcgi;
    uwsgi_temp_path {dir}/tmp-uwsgi;
    scgi_temp_path {dir}/tmp-scgi;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    include {dir}/default.conf;
}}
"""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


class NginxAssets:
    """Start nginx with docker/browser-assets.conf on 127.0.0.1:port; `stop()` ends it and removes its folder."""

    def __init__(self, port: int, timeout: float = 60) -> None:
        binary = nginx_binary()
        if binary is None:
            raise FileNotFoundError("nginx is not installed (apt-get install nginx-light)")
        text = CONF.read_text(encoding="utf-8")
        assert COMPOSE_LISTEN in text and COMPOSE_ROOT in text, f"{CONF} no longer has {COMPOSE_LISTEN!r} / {COMPOSE_ROOT!r}"
        self.dir = Path(tempfile.mkdtemp(prefix="kgbuild-nginx-"))
        self.dir.chmod(0o755)  # nginx's workers run as nobody when started by root
        shutil.copytree(ROOT / "cypher", self.dir / "html", ignore=shutil.ignore_patterns("__pycache__", "*.py"))
        (self.dir / "default.conf").write_text(
            text.replace(COMPOSE_LISTEN, f"listen 127.0.0.1:{port};").replace(COMPOSE_ROOT, f"root {self.dir / 'html'};"),
            encoding="utf-8")
        (self.dir / "nginx.conf").write_text(MAIN_CONF.format(dir=self.dir), encoding="utf-8")
        self.port = port
        self.base_url = f"http://localhost:{port}"
        self.process = subprocess.Popen([binary, "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"),
                                         "-g", "daemon off;"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:  # ready when it answers; a failed start ends the process with its reason on stderr
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/browser/kgbuild.grass", timeout=5).close()
                return
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    err = self.stop()
                    raise RuntimeError(f"nginx did not serve docker/browser-assets.conf on port {port}: {err}")
                time.sleep(0.2)

    def stop(self) -> str:
        """Stop nginx (SIGTERM: fast shutdown) and return what it wrote to stderr and its error log."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        err = (self.process.stderr.read().decode(errors="replace") if self.process.stderr else "")
        log = self.dir / "error.log"
        err += log.read_text(errors="replace") if log.exists() else ""
        shutil.rmtree(self.dir, ignore_errors=True)
        return err.strip()

    def __enter__(self) -> NginxAssets:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
