"""Serve kgbuild's Neo4j Browser style, guide and queries over HTTP, with the CORS answers Browser needs.

Neo4j Browser fetches a remote style (`:style URL`) and guide (`:guide URL`) from the page, with headers such
as `cache-control`, `pragma` and `sentry-trace`. Those make the fetch a CORS request with a preflight: the
server must answer `OPTIONS` with 2xx and allow the requested headers, then answer `GET` with
`Access-Control-Allow-Origin`. This is the no-Docker twin of the `browser-assets` service of docker-compose.yml
(nginx with docker/browser-assets.conf), with the same URLs:

    /browser/kgbuild.grass        the style (cypher/browser/kgbuild.grass)
    /browser/kgbuild-guide.html   the guide (every bundled query, click to run)
    /NAME.cypher                  each bundled query

    serve_browser_assets("127.0.0.1", 7475)          # blocks; `kgbuild browser-assets` runs this

Only the standard library is used; files are read from the installed package on every request.
"""
from __future__ import annotations

import ipaddress
import re
import socket
import sys
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .browser import GRASS_FILE, GUIDE_FILE
from .errors import KgbuildError
from .queries import cypher_dir

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7475
BROWSER_PREFIX = "/browser/"
# Neo4j's own default, plus localhost where these assets are served.
WHITELIST = "guides.neo4j.com,localhost"
CONTENT_TYPES = {".grass": "text/plain; charset=utf-8", ".html": "text/html; charset=utf-8",
                 ".cypher": "text/plain; charset=utf-8"}
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
PREFLIGHT_MAX_AGE = 86400  # seconds Browser may reuse a preflight answer
_HEADER_LIST = re.compile(r"[^A-Za-z0-9!#$%&'*+.^_`|~, -]")  # what a list of header names may hold


class BrowserAssetsError(KgbuildError):
    """The assets server could not listen where asked."""


def asset_paths(folder: Path | None = None) -> dict[str, Path]:
    """URL path -> file: /browser/<file> for the style and guide, /<name>.cypher for each bundled query."""
    base = folder or cypher_dir()
    out: dict[str, Path] = {}
    browser = base / "browser"
    if browser.is_dir():
        for f in sorted(browser.iterdir()):
            if f.is_file() and f.suffix in CONTENT_TYPES:
                out[BROWSER_PREFIX + f.name] = f
    for f in sorted(base.glob("*.cypher")):
        out["/" + f.name] = f
    return out


def public_host(host: str) -> str:
    """The host name for URLs that Browser (in the user's web browser) fetches: localhost for a loopback or
    all-interfaces bind, so it matches Neo4j's default `browser.remote_content_hostname_whitelist`."""
    if host in ("", "localhost", "0.0.0.0", "::"):
        return "localhost"
    try:
        return "localhost" if ipaddress.ip_address(host).is_loopback else host
    except ValueError:
        return host


def neo4j_settings(base_url: str) -> dict[str, str]:
    """The Neo4j settings that make Browser apply kgbuild's style and open its guide on connect."""
    host = base_url.split("://", 1)[1].split("/", 1)[0].rsplit(":", 1)[0].strip("[]")
    whitelist = WHITELIST if host in WHITELIST.split(",") else f"{WHITELIST},{host}"
    return {
        "browser.remote_content_hostname_whitelist": whitelist,
        "browser.post_connect_cmd": f"style {base_url}{BROWSER_PREFIX}{GRASS_FILE}; "
                                    f"guide {base_url}{BROWSER_PREFIX}{GUIDE_FILE}",
    }


class AssetHandler(BaseHTTPRequestHandler):
    server: AssetServer
    server_version = "kgbuild-browser-assets"
    protocol_version = "HTTP/1.1"

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")

    def do_OPTIONS(self) -> None:
        """CORS preflight: allow GET from any origin with whatever headers Browser asks to send."""
        self.send_response(HTTPStatus.NO_CONTENT)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", ALLOWED_METHODS)
        requested = _HEADER_LIST.sub("", self.headers.get("Access-Control-Request-Headers", ""))
        if requested.strip(", "):
            self.send_header("Access-Control-Allow-Headers", requested)
        if self.headers.get("Access-Control-Request-Private-Network", "").lower() == "true":
            self.send_header("Access-Control-Allow-Private-Network", "true")
        self.send_header("Access-Control-Max-Age", str(PREFLIGHT_MAX_AGE))
        self.send_header("Vary", "Access-Control-Request-Headers")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _refuse(self) -> None:
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"only GET, HEAD and OPTIONS\n", "text/plain; charset=utf-8",
                   True, extra={"Allow": ALLOWED_METHODS})

    do_POST = do_PUT = do_DELETE = do_PATCH = _refuse

    def _answer(self, body: bool) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        assets = asset_paths(self.server.folder)
        if path in ("/", BROWSER_PREFIX, BROWSER_PREFIX.rstrip("/")):
            listing = "kgbuild's Neo4j Browser assets:\n" + "".join(f"{self.server.base_url}{p}\n" for p in assets)
            self._send(HTTPStatus.OK, listing.encode(), "text/plain; charset=utf-8", body)
            return
        generated = self.server.generated.get(path)
        if generated is not None:
            self._send(HTTPStatus.OK, generated, CONTENT_TYPES[Path(path).suffix], body)
            return
        file = assets.get(path)
        if file is None:
            self._send(HTTPStatus.NOT_FOUND, f"not found: {path}\n".encode(), "text/plain; charset=utf-8", body)
            return
        self._send(HTTPStatus.OK, file.read_bytes(), CONTENT_TYPES[file.suffix], body)

    def _send(self, status: HTTPStatus, data: bytes, ctype: str, body: bool, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self._cors()
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        if self.server.log:
            sys.stderr.write(f"kgbuild browser-assets: {self.address_string()} {format % args}\n")


class AssetServer(ThreadingHTTPServer):
    """A threaded HTTP server for the assets; `base_url` is the address Browser should fetch from."""

    daemon_threads = True
    allow_reuse_address = True  # a restart right after Ctrl-C does not wait for TIME_WAIT

    def __init__(self, host: str, port: int, folder: Path | None = None, log: bool = False,
                 generated: dict[str, bytes] | None = None) -> None:
        self.folder, self.log = folder, log
        self.generated = generated or {}  # URL path -> content served instead of the shipped file
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), AssetHandler)

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{public_host(self.server_address[0])}:{self.port}"

    def settings(self) -> dict[str, str]:
        return neo4j_settings(self.base_url)


def assets_for_schema(schema) -> dict[str, bytes]:
    """The style and guide rendered for a store's schema (its user-declared relation types get their colours)."""
    from .browser import render_grass, render_guide

    return {BROWSER_PREFIX + GRASS_FILE: render_grass(schema).encode(),
            BROWSER_PREFIX + GUIDE_FILE: render_guide(schema=schema).encode()}


def make_server(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, folder: Path | None = None,
                log: bool = False, generated: dict[str, bytes] | None = None) -> AssetServer:
    """Bind the server (port 0 = a free one); one-line BrowserAssetsError when it cannot listen there."""
    try:
        return AssetServer(host, port, folder, log, generated)
    except OSError as e:
        if e.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
            raise BrowserAssetsError(f"port {port} on {host} is already in use (is docker compose's browser-assets "
                                     f"service or another `kgbuild browser-assets` running?); pick another with --port")
        if isinstance(e, socket.gaierror):
            raise BrowserAssetsError(f"cannot listen on host {host!r}: {e.strerror or e}; use an address of this machine "
                                     "such as 127.0.0.1")
        raise BrowserAssetsError(f"cannot listen on {host}:{port}: {e.strerror or e}")


def serve_browser_assets(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                         ready: Callable[[AssetServer], None] | None = None, folder: Path | None = None,
                         log: bool = False, schema=None) -> None:
    """Serve until `server.shutdown()` (from another thread) or Ctrl-C. `ready(server)` is called once it listens,
    e.g. to read `server.port` / `server.settings()` or keep the server to shut it down. With `schema` (a store's,
    with user-declared relation types), the style and guide are rendered for it."""
    server = make_server(host, port, folder, log, assets_for_schema(schema) if schema is not None else None)
    try:
        if ready is not None:
            ready(server)
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
