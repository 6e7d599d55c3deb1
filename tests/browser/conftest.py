"""Servers for the Browser tests: kgbuild's Browser assets, served either by `kgbuild browser-assets`
(kgbuild/browser_assets.py) or by nginx with docker/browser-assets.conf (the docker-compose service)."""
from __future__ import annotations

import contextlib
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kgbuild.browser_assets import AssetServer, serve_browser_assets

from ..neo4j_support import unavailable
from .nginx import NginxAssets, nginx_binary

ROOT = Path(__file__).resolve().parents[2]
ASSET_SERVERS = ("kgbuild", "nginx")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def kgbuild_assets(port: int = 0, timeout: float = 60) -> Iterator[AssetServer]:
    """`serve_browser_assets` in a thread, as `kgbuild browser-assets` runs it; shut down on exit."""
    ready = threading.Event()
    holder: list[AssetServer] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            serve_browser_assets("127.0.0.1", port, ready=lambda srv: (holder.append(srv), ready.set()))
        except BaseException as e:  # noqa: BLE001 (handed to the test thread)
            errors.append(e)
            ready.set()

    thread = threading.Thread(target=run, name="kgbuild-browser-assets", daemon=True)
    thread.start()
    assert ready.wait(timeout), f"the assets server did not listen within {timeout:.0f}s"
    if errors:
        raise errors[0]
    try:
        yield holder[0]
    finally:
        holder[0].shutdown()
        thread.join(timeout)


@contextlib.contextmanager
def asset_server(kind: str, port: int) -> Iterator[str]:
    """Serve the assets with `kind` ("kgbuild" or "nginx") on 127.0.0.1:port; yields the base URL."""
    if kind == "kgbuild":
        with kgbuild_assets(port) as srv:
            yield srv.base_url
    else:
        if nginx_binary() is None:
            unavailable("nginx is not installed (apt-get install nginx-light): it runs docker/browser-assets.conf "
                        "as the browser-assets service of docker-compose.yml does")
        with NginxAssets(port) as ngx:
            yield ngx.base_url


@pytest.fixture(params=ASSET_SERVERS)
def assets_url(request) -> Iterator[str]:
    """Base URL of the assets, served by each server in turn, on a free port."""
    with asset_server(request.param, free_port()) as url:
        yield url


def artifacts_dir() -> Path:
    """Where the Browser tests save screenshots: $KGBUILD_ARTIFACTS, else tests/artifacts/ (gitignored)."""
    out = Path(os.environ.get("KGBUILD_ARTIFACTS") or ROOT / "tests" / "artifacts") / "browser"
    out.mkdir(parents=True, exist_ok=True)
    return out
