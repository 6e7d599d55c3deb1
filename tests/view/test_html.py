"""The view page as a file: one self-contained HTML document whose data no name can break out of."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kgbuild import api
from kgbuild.cli import main
from kgbuild.errors import KgbuildError
from kgbuild.view import graph_data, grass_file, parse_grass, render_html, write_html, write_view

STATIC = Path(__file__).resolve().parents[2] / "kgbuild" / "static"
HOSTILE = ("Ann </script><script>alert('x')</script> O'Brien \"Q\" `tick` ${x} <!-- & &amp; \u2028\u2029 "
           "\x00\x01\x1f\x7f\x85 \ud800 Zoë")


def person(g: nx.MultiDiGraph, pid: str, name: str, aliases: list[str], reasons: dict | None = None) -> None:
    props = {"id": pid, "name": name, "aliases": aliases}
    if reasons is not None:
        props["merge_reasons"] = json.dumps(reasons)
    g.add_node(pid, label="Person", properties=props)


def small_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("doc:d1", label="Document", properties={"id": "doc:d1", "doc_id": "d1", "title": "Talks in Vilnius",
                                                        "published": "2024-05-14T09:00:00Z", "source": "d1.txt"})
    g.add_node("doc:d2", label="Document", properties={"id": "doc:d2", "doc_id": "d2", "title": "A call"})
    person(g, "person:rasa-jukne", "Rasa Jukne", ["Jukne", "Rasa Jukne"],
           {"Jukne": {"reason": "surname of Rasa Jukne in the same document", "documents": ["d1"]},
            "Rasa Jukne": {"reason": "full name", "documents": ["d1"]}})
    person(g, "person:jan-sowa", "Jan Sowa", ["Jan Sowa"])
    person(g, "person:x", HOSTILE, [HOSTILE, "Ann"])
    g.add_node("LT", label="Country", properties={"id": "LT", "name": "Lithuania", "aliases": ["Lithuania"]})
    g.add_node("org:nobody", label="Organization", properties={"id": "org:nobody", "name": "Unrelated Org"})
    g.add_node("x:1", label="Treaty", properties={"id": "x:1", "name": "Vilnius Accord", "signed": "2024"})
    g.add_edge("person:rasa-jukne", "person:jan-sowa", key="m1", type="MET", properties={
        "doc_id": "d1", "evidence": "Rasa Jukne met Jan Sowa in Vilnius.", "trigger": "met", "rule": "verb:meet",
        "confidence": 0.9, "date": "2024-05-13", "place": "Vilnius", "sent_start": 0, "sent_end": 34})
    g.add_edge("person:x", "person:jan-sowa", key="t1", type="TALKED_TO", properties={
        "doc_id": "d2", "evidence": HOSTILE + " spoke with Sowa.", "rule": "verb:speak", "confidence": 0.8})
    g.add_edge("person:rasa-jukne", "LT", key="h1", type="HOLDS_ROLE", properties={
        "doc_id": "d1", "evidence": "Lithuanian Foreign Minister Rasa Jukne", "title": "Foreign Minister"})
    g.add_edge("person:jan-sowa", "x:1", key="s1", type="SIGNED", properties={"doc_id": "d3", "evidence": "Sowa signed."})
    for doc, ent in (("doc:d1", "person:rasa-jukne"), ("doc:d1", "person:jan-sowa"), ("doc:d1", "LT"),
                     ("doc:d2", "person:x"), ("doc:d2", "org:nobody")):
        g.add_edge(doc, ent, type="MENTIONS", properties={"doc_id": doc[4:], "count": 1})
    return g


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def data_of(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.DOTALL)
    assert m, "no data element"
    return json.loads(m.group(1))


def test_page_is_one_file_with_everything_inlined():
    page = render_html(small_graph(), title="Graph")
    parser = Tags()
    parser.feed(page)
    tags = parser.tags
    assert [t for t, _ in tags].count("script") == 3 and page.count("</script>") == 3
    # Nothing is fetched: no external script, style sheet, image or frame; the CSP forbids any request.
    assert not [(t, a) for t, a in tags if a.get("src") or (t == "link" and a.get("href"))]
    assert not [t for t, _ in tags if t in ("iframe", "img", "object", "embed", "link")]
    csp = next(a["content"] for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "http" not in csp
    assert "KgbuildGraphLibs" in page and "sigma 3.0.3 (MIT)" in page  # the library and its licence travel with it
    assert "<!--" not in page


def test_hostile_names_stay_data_and_round_trip_exactly():
    g = small_graph()
    page = render_html(g, title=HOSTILE)
    assert page.count("</script>") == 3 and "<script>alert" not in page
    assert "\u2028" not in page and "\u2029" not in page and "\x00" not in page
    page.encode("utf-8")  # a lone surrogate in a name would make this fail; the JSON escapes it
    data = data_of(page)
    assert data == json.loads(json.dumps(graph_data(g, title=HOSTILE)))
    hostile = next(n for n in data["nodes"] if n["id"] == "person:x")
    assert hostile["name"] == HOSTILE and hostile["aliases"] == [HOSTILE, "Ann"]
    assert next(e for e in data["edges"] if e["type"] == "TALKED_TO")["p"]["evidence"] == HOSTILE + " spoke with Sowa."
    title = re.search(r"<title>(.*?)</title>", page, re.DOTALL).group(1)
    assert "<" not in title and "&lt;/script&gt;" in title


def test_data_documents_become_filters_and_mentions_become_each_entitys_documents():
    data = graph_data(small_graph())
    docs = [d["id"] for d in data["docs"]]
    assert docs == ["d1", "d2", "d3"]  # d3 is named by an edge only
    assert data["docs"][0] == {"id": "d1", "title": "Talks in Vilnius", "source": "d1.txt", "published": "2024-05-14"}
    by_id = {n["id"]: n for n in data["nodes"]}
    assert "doc:d1" not in by_id and {n["label"] for n in data["nodes"]} == {"Person", "Country", "Organization", "Treaty"}
    assert [docs[i] for i in by_id["org:nobody"]["docs"]] == ["d2"]  # only MENTIONS ties it to a document
    assert [docs[i] for i in by_id["person:jan-sowa"]["docs"]] == ["d1", "d2", "d3"]
    assert by_id["person:rasa-jukne"]["reasons"]["Jukne"]["reason"] == "surname of Rasa Jukne in the same document"
    assert by_id["x:1"]["props"] == {"signed": "2024"}
    assert "MENTIONS" not in {e["type"] for e in data["edges"]}
    met = next(e for e in data["edges"] if e["type"] == "MET")
    assert met["date"] == "2024-05-13" and docs[met["d"]] == "d1" and "sent_start" not in met["p"]
    assert met["p"]["evidence"] == "Rasa Jukne met Jan Sowa in Vilnius." and met["p"]["rule"] == "verb:meet"


def test_colours_come_from_the_grass_file_and_new_types_get_its_defaults():
    grass = parse_grass(grass_file().read_text(encoding="utf-8"))
    assert grass["node"]["Person"]["color"] == "#4C8EDA" and grass["relationship"]["MET"]["shaft-width"] == "3px"
    style = graph_data(small_graph())["style"]
    assert style["labels"]["Person"] == {"color": "#4C8EDA", "border": "#2870C2", "diameter": 65.0}
    assert style["types"]["MET"] == {"color": "#2870C2", "width": 3.0}
    # A label or type the grass file does not know (a user's own) takes the file's defaults.
    assert style["labels"]["Treaty"]["color"] == grass["node"][""]["color"]
    assert style["types"]["SIGNED"]["color"] == grass["relationship"][""]["color"]
    assert set(style["types"]) == {"MET", "TALKED_TO", "HOLDS_ROLE", "SIGNED"}  # from the data, not a fixed list


def test_write_html_counts_and_refuses_bad_paths(tmp_path):
    g = small_graph()
    out = tmp_path / "g.html"
    assert write_html(g, out) == 6 + 4
    assert data_of(out.read_text(encoding="utf-8"))["title"] == "kgbuild graph"
    result = write_view(g, out, title="T")
    assert (result.nodes, result.relationships, result.documents) == (6, 4, 3) and result.bytes == out.stat().st_size
    assert not list(tmp_path.glob("*.tmp"))
    with pytest.raises(KgbuildError, match="is a folder"):
        write_html(g, tmp_path)
    with pytest.raises(KgbuildError, match="does not exist"):
        write_html(g, tmp_path / "missing" / "g.html")


def test_empty_graph_still_makes_a_page():
    data = data_of(render_html(nx.MultiDiGraph()))
    assert data["nodes"] == [] and data["edges"] == [] and data["docs"] == []


def test_cli_view_and_export_html_on_a_built_store(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a1.txt").write_text(
        "Talks in Vilnius\n\nLithuanian Foreign Minister Rasa Jukne met Polish Defence Minister Jan Sowa "
        "in Vilnius on Monday. Sowa said the talks were useful.\n", encoding="utf-8")
    store = tmp_path / "kg"
    api.build([articles], store)
    runner = CliRunner()
    res = runner.invoke(main, ["view", "--store", str(store), "-o", str(tmp_path / "v.html")], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert str(tmp_path / "v.html") in res.output and "nodes" in res.output and "relationships" in res.output
    data = data_of((tmp_path / "v.html").read_text(encoding="utf-8"))
    assert data["title"] == "kgbuild: kg"
    assert {"Rasa Jukne", "Jan Sowa"} <= {n["name"] for n in data["nodes"]}
    met = [e for e in data["edges"] if e["type"] == "MET"]
    assert met and "Rasa Jukne met" in met[0]["p"]["evidence"]
    res = runner.invoke(main, ["export", "--store", str(store), "--format", "html", "-o", str(tmp_path / "e.html")])
    assert res.exit_code == 0 and data_of((tmp_path / "e.html").read_text(encoding="utf-8"))["nodes"] == data["nodes"]
    missing = runner.invoke(main, ["view", "--store", str(tmp_path / "nope"), "-o", str(tmp_path / "x.html")])
    assert missing.exit_code == 2 and "no kgbuild store" in missing.output and not (tmp_path / "x.html").exists()


def test_vendored_bundle_matches_its_recipe():
    """graph-libs.min.js and THIRD_PARTY_LICENSES.txt name the versions pinned in static/src/package-lock.json."""
    lock = json.loads((STATIC / "src" / "package-lock.json").read_text(encoding="utf-8"))
    licences = (STATIC / "THIRD_PARTY_LICENSES.txt").read_text(encoding="utf-8")
    notice = (STATIC / "NOTICE.md").read_text(encoding="utf-8")
    for name in ("sigma", "graphology", "graphology-layout-forceatlas2"):
        version = lock["packages"][f"node_modules/{name}"]["version"]
        assert lock["packages"][""]["dependencies"][name] == version  # pinned exactly
        assert f"{name} {version} (MIT)" in licences and f"{name} {version}" in notice
    bundle = (STATIC / "graph-libs.min.js").read_text(encoding="utf-8")
    assert "KgbuildGraphLibs" in bundle
    # No way to reach the network in the libraries (the page's CSP would block it anyway).
    assert not re.search(r"fetch\(|XMLHttpRequest|importScripts|sendBeacon|WebSocket|https?://", bundle)
