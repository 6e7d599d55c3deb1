"""kgbuild's Browser assets over HTTP, as Neo4j Browser fetches them: a CORS preflight first (Browser sends
cache-control, pragma and sentry-trace headers), then GET. Both servers answer the same way: `kgbuild
browser-assets` and nginx with docker/browser-assets.conf (the browser-assets service of docker-compose.yml)."""
from __future__ import annotations

import re
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from kgbuild.browser_assets import BrowserAssetsError, make_server, neo4j_settings
from kgbuild.browser import GRASS_FILE, GUIDE_FILE

from .conftest import ROOT, free_port, kgbuild_assets
from .nginx import CONF

BROWSER_ORIGIN = "http://127.0.0.1:7474"
REQUESTED = "cache-control,pragma,sentry-trace"


def fetch(url: str, method: str = "GET", headers: dict[str, str] | None = None):
    req = urllib.request.Request(url, method=method, headers={"Origin": BROWSER_ORIGIN, **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_preflight_allows_the_headers_browser_sends(assets_url):
    status, headers, body = fetch(f"{assets_url}/browser/{GUIDE_FILE}", "OPTIONS", {
        "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": REQUESTED})
    assert status == 204 and body == b""
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in headers["Access-Control-Allow-Methods"]
    assert {h.strip() for h in headers["Access-Control-Allow-Headers"].split(",")} == set(REQUESTED.split(","))
    assert int(headers["Access-Control-Max-Age"]) >= 600


@pytest.mark.parametrize("path, file, ctype", [
    (f"/browser/{GRASS_FILE}", f"browser/{GRASS_FILE}", "text/plain"),
    (f"/browser/{GUIDE_FILE}", f"browser/{GUIDE_FILE}", "text/html"),
    ("/who-met-whom.cypher", "who-met-whom.cypher", "text/plain"),
])
def test_get_serves_the_files_with_cors_and_no_cache(assets_url, path, file, ctype):
    status, headers, body = fetch(assets_url + path)
    assert status == 200
    assert body == (ROOT / "cypher" / file).read_bytes()
    assert headers["Content-Type"].split(";")[0] == ctype and "utf-8" in headers["Content-Type"].lower()
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert headers["Cache-Control"] == "no-cache"


def test_unknown_paths_and_writes_are_refused(assets_url):
    assert fetch(f"{assets_url}/browser/nothing.grass")[0] == 404
    assert fetch(f"{assets_url}/browser/../../../etc/passwd")[0] in (400, 404)
    assert fetch(f"{assets_url}/browser/{GRASS_FILE}", "POST")[0] in (403, 405)


def test_docker_conf_answers_the_preflight():
    """What the analyst's fix needed, checked in the text too (nginx is not on every developer's machine)."""
    text = CONF.read_text(encoding="utf-8")
    block = re.search(r"if \(\$request_method = OPTIONS\) \{(.*?)\}", text, re.DOTALL)
    assert block, "docker/browser-assets.conf has no OPTIONS block"
    assert "return 204;" in block[1]
    assert "Access-Control-Allow-Headers $http_access_control_request_headers" in block[1]
    assert 'Access-Control-Allow-Origin "*"' in block[1]


def test_settings_point_browser_at_the_server():
    settings = neo4j_settings("http://localhost:7475")
    assert settings["browser.post_connect_cmd"] == (f"style http://localhost:7475/browser/{GRASS_FILE}; "
                                                    f"guide http://localhost:7475/browser/{GUIDE_FILE}")
    assert "localhost" in settings["browser.remote_content_hostname_whitelist"].split(",")
    # the same settings docker-compose.yml passes to the neo4j service
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert f'NEO4J_browser_post__connect__cmd: "{settings["browser.post_connect_cmd"]}"' in compose
    other = neo4j_settings("http://10.0.0.5:8000")
    assert "10.0.0.5" in other["browser.remote_content_hostname_whitelist"].split(",")


def test_busy_port_is_one_line_error():
    with kgbuild_assets() as srv:
        with pytest.raises(BrowserAssetsError, match=rf"port {srv.port} on 127.0.0.1 is already in use.*--port"):
            make_server("127.0.0.1", srv.port)
        res = subprocess.run([sys.executable, "-m", "kgbuild", "browser-assets", "--port", str(srv.port)],
                             capture_output=True, text=True, timeout=120)
    assert res.returncode == 2
    assert res.stderr.count("\n") == 1 and "already in use" in res.stderr and "Traceback" not in res.stderr


def test_cli_serves_and_prints_the_neo4j_settings():
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kgbuild", "browser-assets", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()  # printed once it listens
        expected = neo4j_settings(f"http://localhost:{port}")
        assert f"http://localhost:{port}/browser/" in line
        for name, value in expected.items():
            assert f"{name}={value}" in line
        status, _, body = fetch(f"http://127.0.0.1:{port}/browser/{GRASS_FILE}")
        assert status == 200 and b"node.Person" in body
    finally:
        proc.terminate()
        proc.wait(timeout=60)
