"""Neo4j Browser, in a real headless Chromium, applies kgbuild's style and opens its guide on connect.

Neo4j 5.26 runs from the test launcher with HTTP on, serving Neo4j Browser (org.neo4j.client:neo4j-browser from
Maven Central) at /browser/, with `browser.post_connect_cmd` pointing at kgbuild's assets: served once by
`kgbuild browser-assets` and once by nginx with docker/browser-assets.conf. The graph is built from examples/
and loaded with kgbuild.load. Debian's Chromium, driven by Playwright, logs in through Browser's connect form;
the test checks that the guide opened, runs the who-met-whom graph query and reads the colours of the drawn
Person nodes and MET relationships from the page's SVG. Screenshots go to tests/artifacts/browser/ (or
$KGBUILD_ARTIFACTS/browser/).

Without java/mvn, Chromium, Playwright or nginx the test skips and says why; under CI=true it fails instead.
"""
from __future__ import annotations

import html
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.request

import pytest

import kgbuild
from kgbuild.browser_assets import neo4j_settings
from kgbuild.browser import GRASS_FILE, GUIDE_FILE

from ..neo4j_support import launcher, launcher_ready, unavailable
from .conftest import ASSET_SERVERS, ROOT, artifacts_dir, asset_server, free_port

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

EXAMPLES = ROOT / "examples"
GRASS = ROOT / "cypher" / "browser" / GRASS_FILE
GUIDE = ROOT / "cypher" / "browser" / GUIDE_FILE
GRAPH_QUERY = "MATCH (a:Person)-[m:MET]->(b:Person) RETURN a, m, b"
WAIT_MS = 180_000  # every wait is for a page state; the bound is generous for a busy 2-core machine
# true once the guide drawer shows the guide's title or Browser's error for a guide it could not fetch
GUIDE_SETTLED = """title => {
    const drawer = document.querySelector('[data-testid=guidesDrawer]');
    return !!drawer && (drawer.innerText.includes(title) || drawer.innerText.includes('Remote guide error'));
}"""
# true once the drawn graph has stopped moving: zoom and node positions unchanged between two polls
LAYOUT_SETTLED = """() => {
    const g = document.querySelector('svg g.layer.nodes');
    const now = g ? g.parentElement.getAttribute('transform') + [...g.querySelectorAll('g.node')].map(n => n.getAttribute('transform')).join() : '';
    const same = now !== '' && now === window.__kgbuildLayout;
    window.__kgbuildLayout = now;
    return same;
}"""
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """Selector -> properties of a Neo4j Browser style sheet (GraSS), e.g. grass["node.Person"]["color"]."""
    return {sel.strip(): {k.strip(): v.strip().strip('"') for k, v in re.findall(r"([\w-]+)\s*:\s*([^;]+);", body)}
            for sel, body in re.findall(r"([\w.]+)\s*\{([^}]*)\}", text)}


def chromium_path() -> str | None:
    return os.environ.get("KGBUILD_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def chromium():
    path = chromium_path()
    if path is None:
        unavailable("Chromium is not installed (apt-get install chromium); the Browser test drives it headless")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install '.[test]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS, timeout=WAIT_MS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def browser_neo4j(tmp_path_factory):
    """Neo4j with HTTP and Browser, told to fetch kgbuild's style and guide from localhost:PORT on connect, and
    holding the graph built from examples/. PORT is free now; each asset server listens on it in turn."""
    why = launcher_ready()
    if why:
        unavailable(why)
    port = free_port()
    settings = neo4j_settings(f"http://localhost:{port}")
    try:
        srv = launcher.start_neo4j(http_port=0, browser_settings=settings)
    except launcher.Neo4jError as e:
        pytest.fail(f"could not start the Neo4j test server: {e}", pytrace=False)
    try:
        store = tmp_path_factory.mktemp("browser") / "kg"
        kgbuild.build([EXAMPLES], store=store)
        kgbuild.load(store, kgbuild.api.neo4j_store(uri=srv.uri, user=srv.user, password=srv.password))
        yield srv, port
    finally:
        srv.stop()


def expected_graph(srv) -> tuple[set[str], int]:
    """Names of the people and number of MET relationships the graph query returns, from Neo4j itself."""
    import neo4j

    with neo4j.GraphDatabase.driver(srv.uri, auth=(srv.user, srv.password)) as d:
        records, _, _ = d.execute_query(GRAPH_QUERY, database_="neo4j")
    names = {r[k]["name"] for r in records for k in ("a", "b")}
    return names, len(records)


def drawn_graph(page) -> dict:
    """What the graph view drew: each node's fill, stroke, radius and caption; each relationship's fill and caption."""
    return page.evaluate("""() => ({
        nodes: [...document.querySelectorAll('svg g.node')].map(g => {
            const c = g.querySelector('circle.b-outline');
            return {fill: c.getAttribute('fill'), stroke: c.getAttribute('stroke'), r: c.getAttribute('r'),
                    caption: [...g.querySelectorAll('text.caption')].map(t => t.textContent.trim()).join(' ')};
        }),
        rels: [...document.querySelectorAll('svg g.relationship')].map(g => ({
            fill: g.querySelector('path.b-outline').getAttribute('fill'),
            caption: (g.querySelector('text') || {}).textContent || ''})),
    })""")


@pytest.mark.parametrize("assets", ASSET_SERVERS)
def test_browser_opens_the_guide_and_draws_the_graph_in_kgbuild_style(browser_neo4j, chromium, assets):
    srv, port = browser_neo4j
    from playwright.sync_api import expect

    grass = parse_grass(GRASS.read_text(encoding="utf-8"))
    person, met = grass["node.Person"], grass["relationship.MET"]
    guide = GUIDE.read_text(encoding="utf-8")
    guide_title = html.unescape(re.search(r"<title>(.*?)</title>", guide)[1])
    slides = guide.count("<slide")
    names, met_count = expected_graph(srv)
    assert met_count > 0, "examples/ should give at least one MET relationship"
    shots = artifacts_dir()

    with asset_server(assets, port):
        context = chromium.new_context(viewport={"width": 1280, "height": 800})  # fresh profile: no saved style
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        try:
            page.goto(srv.browser_url, timeout=WAIT_MS)
            # Browser's connect form, pre-filled with the Bolt address the server advertises
            expect(page.locator("input[data-testid=boltaddress]")).to_have_value(srv.uri.split("://", 1)[1],
                                                                                 timeout=WAIT_MS)
            page.locator("input[data-testid=username]").fill(srv.user)
            page.locator("input[data-testid=password]").fill(srv.password)
            page.get_by_test_id("connect").click()

            # post_connect_cmd: the guide opens in the guide drawer, with every slide of kgbuild's guide
            # (or Browser's "Remote guide error", e.g. "TypeError: Failed to fetch" when CORS is refused)
            page.wait_for_function(GUIDE_SETTLED, arg=guide_title, timeout=WAIT_MS)
            drawer = page.get_by_test_id("guidesDrawer")
            assert guide_title in drawer.inner_text(), f"the guide did not open: {drawer.inner_text()!r}"
            expect(drawer.get_by_test_id(f"pagination-{slides}")).to_be_visible(timeout=WAIT_MS)
            # ... and the style command ran
            expect(page.get_by_test_id("frameCommand").filter(has_text=f"/browser/{GRASS_FILE}")).to_have_count(
                1, timeout=WAIT_MS)
            page.screenshot(path=str(shots / f"{assets}-guide-on-connect.png"))

            page.get_by_test_id("activeEditor").click()
            page.keyboard.insert_text(GRAPH_QUERY)
            page.get_by_test_id("editor-Run").click()
            page.wait_for_function(
                "n => [...document.querySelectorAll('svg g.relationship text')].filter(t => t.textContent === 'MET')"
                ".length === n && document.querySelectorAll('svg g.node circle.b-outline').length > 0",
                arg=met_count, timeout=WAIT_MS)
            drawn = drawn_graph(page)
            badges = {name: page.get_by_test_id(f"property-details-overview-{kind}-{name}").evaluate(
                "e => getComputedStyle(e).backgroundColor") for kind, name in (("node-label", "Person"),
                                                                               ("relationship-type", "MET"))}
            # for the screenshot: the overview panel folded away, the layout settled, the whole graph in view
            page.get_by_role("button", name="Collapse the node properties display").click()
            page.wait_for_function(LAYOUT_SETTLED, polling=500, timeout=WAIT_MS)
            page.get_by_role("button", name="zoom-to-fit").click()
            page.wait_for_function(LAYOUT_SETTLED, polling=500, timeout=WAIT_MS)
            page.locator("svg g.node").first.evaluate("e => e.closest('[data-testid=frame]').scrollIntoView()")
            page.screenshot(path=str(shots / f"{assets}-who-met-whom.png"))
        except Exception:
            page.screenshot(path=str(shots / f"{assets}-failure.png"))
            raise
        finally:
            context.close()

    assert len(drawn["nodes"]) == len(names)
    for node in drawn["nodes"]:  # every node is a Person: kgbuild's Person colours, size and name caption
        assert node["fill"].upper() == person["color"].upper(), node
        assert node["stroke"].upper() == person["border-color"].upper(), node
        assert float(node["r"]) == float(person["diameter"].removesuffix("px")) / 2, node
        caption = node["caption"]
        assert caption in names or (caption.endswith("…") and any(n.startswith(caption[:-1].strip()) for n in names)), node
    met_rels = [r for r in drawn["rels"] if r["caption"] == "MET"]
    assert len(met_rels) == met_count
    assert {r["fill"].upper() for r in met_rels} == {met["color"].upper()}
    assert met["color"].upper() != grass["relationship"]["color"].upper()  # MET's own colour, not the default
    # Browser's style state, as its overview panel shows it: the label and type badges take the same colours
    assert badges == {"Person": rgb(person["color"]), "MET": rgb(met["color"])}


def rgb(hex_colour: str) -> str:
    """#4C8EDA -> rgb(76, 142, 218), as getComputedStyle spells a colour."""
    h = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(h[i:i + 2], 16) for i in (0, 2, 4)))


def test_launcher_cli_serves_browser_with_http_port(tmp_path):
    """`python tests/neo4j/server.py --http-port 0` (as tests/neo4j/README.md says) serves Neo4j Browser."""
    why = launcher_ready()
    if why:
        unavailable(why)
    if not launcher.artifacts_ready():
        launcher.build_launcher()
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "neo4j" / "server.py"), "--http-port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        line = proc.stdout.readline()  # the one line printed when the server is ready (or nothing if it failed)
        match = re.search(r"Browser: (http://127\.0\.0\.1:\d+/browser/)", line)
        assert match, f"no Browser URL in {line!r}; stderr: {proc.stderr.read() if proc.poll() is not None else ''}"
        with urllib.request.urlopen(match[1], timeout=60) as resp:
            assert resp.status == 200 and b"<title>Neo4j Browser</title>" in resp.read()
    finally:
        proc.send_signal(signal.SIGTERM)  # server.py stops the JVM on SIGTERM
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
