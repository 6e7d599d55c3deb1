"""A real Neo4j 5.26 server for the live tests: started once per session (tests/neo4j/server.py), unless
NEO4J_URI already points at one, and stopped at the end.

Without Java (or Maven, before the launcher is built) the live tests skip and say why; under CI=true they
fail instead. An external server must hold an empty database: the tests delete everything in it.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import neo4j
import networkx as nx
import pytest

import kgbuild
from kgbuild.stores.embedded import EmbeddedStore
from kgbuild.stores.neo4j import Neo4jSettings, Neo4jStore

from ..neo4j_support import launcher, launcher_ready, unavailable

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
FIRST_HALF = ("gulf-summit.txt", "lisbon-defence-talks.txt")
# Two more articles, with publication dates, a ministry role and people the examples already know.
MORE_ARTICLES = [
    {"id": "london-talks", "title": "Healey hosts Umerov in London", "published": "2025-03-05",
     "source": "https://example.org/london-talks",
     "text": "Healey hosts Umerov in London\n\nLONDON - British Defence Secretary John Healey met Ukrainian Defence "
             "Minister Rustem Umerov at the Ministry of Defence in London on Monday. Healey said the talks were useful. "
             "Ministry of Defence spokesman Tom Reed confirmed the meeting. Umerov later spoke by phone with Kenyan "
             "President Daniel Muriuki."},
    {"id": "vilnius-talks", "title": "Talks in Vilnius", "published": "2025-03-07",
     "source": "https://example.org/vilnius-talks",
     "text": "Talks in Vilnius\n\nLithuanian Foreign Minister Rasa Jukne met Polish Defence Minister Jan Sowa in "
             "Vilnius on Wednesday. Sowa said the talks were useful."},
]


@dataclass
class Server:
    uri: str
    user: str
    password: str = field(repr=False)
    database: str = "neo4j"
    launched: bool = True  # False: an external server from NEO4J_URI

    @property
    def settings(self) -> Neo4jSettings:
        return Neo4jSettings(self.uri, self.user, self.password, self.database)

    @property
    def env(self) -> dict[str, str]:
        return {"NEO4J_URI": self.uri, "NEO4J_USERNAME": self.user, "NEO4J_PASSWORD": self.password,
                "NEO4J_DATABASE": self.database}

    def driver(self) -> neo4j.Driver:
        return neo4j.GraphDatabase.driver(self.uri, auth=(self.user, self.password))

    def run(self, cypher: str, **params):
        with self.driver() as d:
            return d.execute_query(cypher, params, database_=self.database).records


@pytest.fixture(scope="session")
def neo4j_server():
    if os.environ.get("NEO4J_URI"):
        s = Neo4jSettings.from_env()
        if s.password is None:
            unavailable("NEO4J_URI is set but NEO4J_PASSWORD is not")
        server = Server(s.uri, s.user, s.password, s.database, launched=False)
        n = server.run("MATCH (n) RETURN count(n) AS n")[0]["n"]
        if n:
            pytest.fail(f"NEO4J_URI points at {s.uri}, whose database {s.database!r} holds {n} nodes; the live tests "
                        "delete everything in it, so point NEO4J_URI at an empty test database (or unset it to let the "
                        "tests start their own server).", pytrace=False)
        yield server
        return
    why = launcher_ready()
    if why:
        unavailable(why)
    try:
        srv = launcher.start_neo4j()
    except launcher.Neo4jError as e:
        pytest.fail(f"could not start the Neo4j test server: {e}", pytrace=False)
    try:
        yield Server(srv.uri, srv.user, srv.password)
    finally:
        srv.stop()


@pytest.fixture
def server(neo4j_server):
    """The session's server with an empty database (kgbuild's constraints and indexes may stay)."""
    neo4j_server.run("MATCH (n) DETACH DELETE n")
    return neo4j_server


@pytest.fixture(scope="session")
def stores(tmp_path_factory) -> dict[str, Path]:
    """Embedded stores built once: `half` (two examples), `full` (all four, grown from half),
    `extended` (full plus two new articles)."""
    base = tmp_path_factory.mktemp("stores")
    half, full, extended = base / "half", base / "full", base / "extended"
    kgbuild.build([EXAMPLES / f for f in FIRST_HALF], store=half)
    shutil.copytree(half, full)
    kgbuild.build([EXAMPLES], store=full)
    shutil.copytree(full, extended)
    more = base / "more.jsonl"
    import json

    more.write_text("".join(json.dumps(a) + "\n" for a in MORE_ARTICLES), encoding="utf-8")
    kgbuild.build([more], store=extended)
    return {"half": half, "full": full, "extended": extended}


@pytest.fixture(scope="session")
def graphs(stores) -> dict[str, nx.MultiDiGraph]:
    return {k: EmbeddedStore(v).read_graph() for k, v in stores.items()}


def as_dict(g: nx.MultiDiGraph) -> tuple[dict, dict]:
    """Nodes and edges with all their data, to compare two graphs exactly."""
    nodes = {n: (d["label"], d["properties"]) for n, d in g.nodes(data=True)}
    edges = {(a, b, k): (d["type"], d["properties"]) for a, b, k, d in g.edges(keys=True, data=True)}
    assert len(edges) == g.number_of_edges(), "duplicate edge keys"
    return nodes, edges


def element_ids(server: Server) -> dict[str, str]:
    """kgbuild id or relationship key -> Neo4j element id: unchanged element ids mean nothing was recreated."""
    out = {r["id"]: r["e"] for r in server.run("MATCH (n) RETURN n.id AS id, elementId(n) AS e")}
    for r in server.run("MATCH (a)-[r]->(b) RETURN coalesce(r.key, type(r) + '|' + a.id + '|' + b.id) AS k, elementId(r) AS e"):
        assert r["k"] not in out, f"two relationships with key {r['k']}"
        out[r["k"]] = r["e"]
    return out


def store(server: Server, **kw) -> Neo4jStore:
    return Neo4jStore(server.settings, **kw)
