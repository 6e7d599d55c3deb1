"""The Neo4j path without a server: settings and errors, the statements sent, the schema, the Browser guide,
the bundled queries' headers, and the neo4j-admin bulk export."""
from __future__ import annotations

import csv
import json
import re
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgbuild import api
from kgbuild.cli import main
from kgbuild.browser import GUIDE_FILE, render_grass, render_guide
from kgbuild.errors import KgbuildError
from kgbuild.queries import cypher_dir, query_header
from kgbuild.schema import ENTITY_LABELS, NODE_LABELS, SCHEMA
from kgbuild.stores.embedded import EmbeddedStore
from kgbuild.stores.files import NEO4J_ADMIN_TYPES, write_neo4j_admin
from kgbuild.stores.neo4j import (LoadResult, Neo4jBadUri, Neo4jPasswordMissing, Neo4jSettings, loader_statements,
                                  plan_load, plan_prune, relationship_statement, schema_statements)
from tests.stores.graphs import SIGNED, custom_graph, small_graph


def node_props(label):
    return [(p.name, p.type) for p in SCHEMA.label(label).properties]


def rel_props(rel):
    return [(p.name, p.type) for p in SCHEMA.relation(rel).properties]


REL_ENDPOINTS = {name: rel.endpoints for name, rel in SCHEMA.relations.items()}

SECRET = "s3cret-Pa55word"


@pytest.fixture
def small_store(tmp_path) -> Path:
    st = EmbeddedStore(tmp_path / "kg")
    g = small_graph()
    st.write_graph(g)
    return st.path


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*args, env=None, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env, input=input)


# ------------------------------------------------------------------ settings, errors, password
def test_settings_follow_neo4j_variables_and_hide_the_password():
    env = {"NEO4J_URI": "bolt://db:7687", "NEO4J_USERNAME": "analyst", "NEO4J_PASSWORD": SECRET, "NEO4J_DATABASE": "kg"}
    s = Neo4jSettings.from_env(environ=env)
    assert (s.uri, s.user, s.password, s.database) == ("bolt://db:7687", "analyst", SECRET, "kg")
    assert SECRET not in repr(s)
    assert Neo4jSettings.from_env(uri="neo4j://other", environ=env).uri == "neo4j://other"
    d = Neo4jSettings.from_env(environ={})
    assert (d.uri, d.user, d.password, d.database) == ("neo4j://localhost:7687", "neo4j", None, "neo4j")
    with pytest.raises(Neo4jPasswordMissing):
        d.check()
    for bad in ("http://localhost:7474", "localhost:7687", "bolt://", f"bolt://neo4j:{SECRET}@host:7687"):
        with pytest.raises(Neo4jBadUri) as e:
            Neo4jSettings(uri=bad, password="x").check()
        assert "NEO4J_URI" in str(e.value) and SECRET not in str(e.value)


def test_unreachable_server_is_one_clear_line(small_store):
    port = closed_port()
    env = {"NEO4J_PASSWORD": SECRET}
    for args in (["query", "who-met-whom", "--neo4j"], ["load", "--store", small_store]):
        res = run(*args, "--uri", f"bolt://127.0.0.1:{port}", env=env)
        assert res.exit_code == 2, res.output
        assert f"cannot reach Neo4j at bolt://127.0.0.1:{port}" in res.output and "NEO4J_URI or --uri" in res.output
        assert "Traceback" not in res.output and SECRET not in res.output


def test_build_with_neo4j_checks_the_server_before_building(tmp_path):
    (tmp_path / "a.txt").write_text("Talks\n\nA met B.\n", encoding="utf-8")
    res = run("build", tmp_path / "a.txt", "--store", tmp_path / "kg", "--neo4j", "--uri",
              f"bolt://127.0.0.1:{closed_port()}", env={"NEO4J_PASSWORD": SECRET})
    assert res.exit_code == 2 and "cannot reach Neo4j" in res.output
    assert not (tmp_path / "kg" / "manifest.json").exists()


def test_password_comes_from_the_environment_or_a_prompt_never_a_flag(small_store):
    res = run("load", "--store", small_store, env={"NEO4J_PASSWORD": None})
    assert res.exit_code == 2 and "NEO4J_PASSWORD" in res.output and "--password-prompt" in res.output
    res = run("load", "--store", small_store, "--password", SECRET)
    assert res.exit_code == 2 and "No such option" in res.output
    res = run("load", "--store", small_store, "--password-prompt", "--uri", f"bolt://127.0.0.1:{closed_port()}",
              env={"NEO4J_PASSWORD": None}, input=SECRET + "\n")
    assert "Neo4j password for neo4j at bolt://" in res.output and "cannot reach Neo4j" in res.output
    assert SECRET not in res.output  # hidden input, and no message repeats it
    for command in ("load", "build", "query"):
        options = {o for p in main.commands[command].params for o in p.opts}
        assert "--password-prompt" in options and "--password" not in options
        assert "--password-prompt" in run(command, "--help").output


def test_the_embedded_store_refuses_neo4j_only_queries_with_a_clear_message(small_store):
    # Names in the small graph, typed loosely: O'Brien as "obrien", the other person by id.
    typed = {"name": "obrien", "a": "obrien", "b": "person:x"}
    for name, text in api.bundled_queries().items():
        head = query_header(text)
        reason = head["neo4j_only"]
        params = {k: typed[k] if k in head["entities"] else v for k, v in head["parameters"].items()}
        res = run("query", name, "--store", small_store, *[f"-p{k}={v}" for k, v in params.items()])
        if reason:
            assert res.exit_code == 2 and "needs Neo4j" in res.output and "--neo4j" in res.output, name
        else:
            assert res.exit_code == 0, (name, res.output)
    assert "[Neo4j only: --neo4j]" in run("queries").output


# ------------------------------------------------------------------ statements and schema
def test_every_statement_comes_from_the_fixed_templates_and_values_are_parameters():
    g = small_graph()
    templates = set(loader_statements().values())
    steps = plan_load(g)
    assert [k for k, *_ in steps] == sorted([k for k, *_ in steps], key=lambda k: k != "nodes")  # nodes first
    assert sum(len(rows) for *_, rows in steps) == g.number_of_nodes() + g.number_of_edges()
    for kind, name, statement, rows in steps:
        assert statement in templates
        for value in ("O'Brien", "DETACH DELETE", "Dublin", "d1"):
            assert value not in statement
        if name.startswith("MENTIONS"):
            assert "key" not in rows[0] and "{key: row.key}" not in statement
        elif kind == "relationships":
            assert all(r["key"] == r["props"]["key"] for r in rows)
            if name.split()[0] in ("MET", "TALKED_TO", "HOLDS_ROLE", "VISITED"):  # the key names the document
                assert all(f"|{r['props']['doc_id']}|" in r["key"] for r in rows)
            assert "{key: row.key}" in statement


def test_relationships_without_a_key_property_get_their_graph_key():
    g = small_graph()
    a, b, k = next((a, b, k) for a, b, k, d in g.edges(keys=True, data=True) if d["type"] == "MET")
    del g.edges[a, b, k]["properties"]["key"]
    rows = next(rows for _, name, _, rows in plan_load(g) if name.startswith("MET"))
    assert rows[0]["key"] == k and rows[0]["props"]["key"] == k


def test_a_user_declared_type_loads_with_the_same_templates_and_gets_its_key_constraint():
    g = custom_graph()
    steps = {name: (statement, rows) for _, name, statement, rows in plan_load(g)}
    for ends in ("Person->Person", "Person->Country"):
        statement, rows = steps[f"{SIGNED.name} ({ends})"]
        a, b = ends.split("->")
        assert statement == relationship_statement(SIGNED.name, a, b, g.graph["schema"])
        assert f"MERGE (a)-[r:{SIGNED.name} {{key: row.key}}]->(b)" in statement and "Dublin" not in statement
        assert [r["key"] for r in rows] == [r["props"]["key"] for r in rows] and len(rows) == 1
    extra = set(schema_statements(g.graph["schema"])) - set(schema_statements())
    assert extra == {"CREATE CONSTRAINT signed_agreement_with_key IF NOT EXISTS "
                     f"FOR ()-[r:{SIGNED.name}]-() REQUIRE r.key IS UNIQUE"}
    with pytest.raises(KgbuildError, match="unknown relationship type 'SIGNED_AGREEMENT_WITH'"):
        relationship_statement(SIGNED.name, "Person", "Person")  # not in the built-in schema


def test_a_graph_outside_the_schema_is_refused_before_anything_is_sent():
    g = small_graph()
    g.add_node("planet:mars", label="Planet", properties={})
    with pytest.raises(KgbuildError, match="node 'planet:mars' has label 'Planet', which is outside the schema"):
        plan_load(g)


def test_schema_covers_every_label_and_keyed_type_of_the_data_model():
    text = " ".join(schema_statements())
    for label in NODE_LABELS:
        assert f"FOR (n:{label}) REQUIRE n.id IS UNIQUE" in text
    assert "FOR (n:Document) REQUIRE n.doc_id IS UNIQUE" in text
    for rel in REL_ENDPOINTS:
        if any(p == "key" for p, _ in rel_props(rel)):
            assert f"FOR ()-[r:{rel}]-() REQUIRE r.key IS UNIQUE" in text
    for label in ENTITY_LABELS:
        assert f"FOR (n:{label}) ON (n.name)" in text
    assert f"FOR (n:{'|'.join(ENTITY_LABELS)}) ON EACH [n.name, n.aliases]" in text
    assert all(re.search(r"\sIF NOT EXISTS\s", s) for s in schema_statements())


def test_load_summary_counts_created_updated_unchanged():
    r = LoadResult(nodes={"Person": 3, "Country": 7}, relationships={"MET": 1, "MENTIONS": 3}, uri="bolt://x",
                   database="neo4j", batches=3, seconds=1.0, server_nodes=13, server_relationships=4, marked_nodes=12,
                   marked_relationships=4)
    r.created.update({"Person": 2, "MET": 1})
    r.updated.update({"Person": 1})
    r.unchanged.update({"Country": 7, "MENTIONS": 3})
    s = r.summary()
    assert "10 nodes (2 created, 1 updated, 7 unchanged)" in s and "4 relationships (1 created, 0 updated, 3 unchanged)" in s
    assert ("also holds 2 nodes and 0 relationships that kgbuild loaded earlier and this graph no longer has: "
            "`kgbuild load --prune` removes them") in s
    assert "It holds 1 node and 0 relationships of kgbuild's labels and types that kgbuild did not load" in s
    assert "Person: 2 created, 1 updated, 0 unchanged" in r.details()


# ------------------------------------------------------------------ bundled queries and the Browser guide
def test_every_bundled_query_says_what_it_answers_and_which_parameters_it_takes():
    for name, text in api.bundled_queries().items():
        head = query_header(text)
        assert text.startswith("// ") and head["answers"], name
        assert "// Parameters:" in text, name
        used = set(re.findall(r"\$(\w+)", "\n".join(ln for ln in text.splitlines() if not ln.startswith("//"))))
        assert used == set(head["parameters"]), (name, used, head["parameters"])
        assert all(head["parameters"].values()), f"{name}: give an example value, e.g. -p name=Kiev"


def test_the_browser_guide_carries_every_bundled_query():
    queries = api.bundled_queries()
    guide = (cypher_dir() / "browser" / GUIDE_FILE).read_text(encoding="utf-8")
    assert guide == render_guide(queries), "cypher/browser/kgbuild-guide.html is out of date: python -m kgbuild.browser"
    assert guide.count("<slide") == len(queries) + 1
    for name in queries:
        assert f"<h3>{name}</h3>" in guide
    assert ":param name =&gt; 'Muriuki'" in guide or ":param name => 'Muriuki'" in guide


def test_the_grass_file_styles_every_label_and_shows_relationship_types():
    grass = (cypher_dir() / "browser" / "kgbuild.grass").read_text(encoding="utf-8")
    assert grass == render_grass(), "cypher/browser/kgbuild.grass is out of date: python -m kgbuild.browser"
    colours = {}
    for label in NODE_LABELS:
        block = re.search(r"node\." + label + r" \{(.*?)\n\}", grass, re.DOTALL)
        assert block, label
        colours[label] = re.search(r"\bcolor: (#[0-9A-Fa-f]{6});", block.group(1)).group(1)
        caption = re.search(r'caption: "(.*?)"', block.group(1)).group(1)
        assert caption == ("{title}" if label == "Document" else "{name}")
    assert len(set(colours.values())) == len(NODE_LABELS)
    for rel in REL_ENDPOINTS:
        assert re.search(r"relationship\." + rel + r' \{[^}]*caption: "<type>";\n\}', grass), rel


# ------------------------------------------------------------------ neo4j-admin bulk export
def test_neo4j_admin_export_headers_and_id_spaces_are_consistent(tmp_path):
    g = small_graph()
    out = tmp_path / "bulk"
    assert write_neo4j_admin(g, out) == g.number_of_nodes() + g.number_of_edges()
    readme = (out / "README.md").read_text(encoding="utf-8")
    command = readme.split("```sh\n", 1)[1].split("```", 1)[0].replace("\\\n", " ").split()
    assert command[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]
    listed = {a.split("=", 1)[1]: a.split("=", 1)[0] for a in command if a.startswith(("--nodes=", "--relationships="))}
    written = {p.name for p in out.glob("*.csv")}
    assert set(listed) == written
    # ';' and '|' occur in aliases here, so the export picks another array delimiter and says so.
    delimiter_arg = next(a.split("=", 1)[1] for a in command if a.startswith("--array-delimiter="))
    assert delimiter_arg == "U+001F"
    delimiter = "\x1f"

    ids: dict[str, set[str]] = {}
    nodes_read = 0
    for name, kind in listed.items():
        with open(out / name, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        header, body = rows[0], rows[1:]
        if kind == "--nodes":
            label = name[len("nodes-"):-len(".csv")]
            assert header[:2] == [f"id:ID({label})", ":LABEL"]
            assert header[2:-1] == [f"{p}:{NEO4J_ADMIN_TYPES[t]}" for p, t in node_props(label) if p != "id"]
            assert header[-1] == "kgbuild:boolean" and {r[-1] for r in body} == {"true"}  # what kgbuild load marks
            assert {r[1] for r in body} == {label}
            ids[label] = {r[0] for r in body}
            nodes_read += len(body)
            for r in body:
                props = g.nodes[r[0]]["properties"]
                for (p, t), v in zip([pt for pt in node_props(label) if pt[0] != "id"], r[2:-1], strict=True):
                    want = props.get(p)
                    assert (v.split(delimiter) if t == "STRING[]" and v else v or None) == want, (name, p)
    rels_read = 0
    for name, kind in listed.items():
        if kind != "--relationships":
            continue
        rel, a, b = name[len("relationships-"):-len(".csv")].split("-")
        assert (a, b) in REL_ENDPOINTS[rel]
        with open(out / name, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        header, body = rows[0], rows[1:]
        assert header[:3] == [f":START_ID({a})", f":END_ID({b})", ":TYPE"]
        assert header[3:-1] == [f"{p}:{NEO4J_ADMIN_TYPES[t]}" for p, t in rel_props(rel)]
        assert header[-1] == "kgbuild:boolean" and {r[-1] for r in body} == {"true"}
        for r in body:
            assert r[0] in ids[a] and r[1] in ids[b] and r[2] == rel  # every end exists in its ID space
        rels_read += len(body)
        if rel == "MET":
            evidence = body[0][header.index("evidence:string")]
            assert evidence == "Line one,\nline \"two\"."  # quotes and newlines survive (--multiline-fields=true)
    assert (nodes_read, rels_read) == (g.number_of_nodes(), g.number_of_edges())
    assert "--multiline-fields=true" in command and "--id-type=string" in command
    assert (out / "schema.cypher").read_text() == (cypher_dir() / "schema.cypher").read_text()


def test_cli_exports_neo4j_admin_to_a_folder(small_store, tmp_path):
    res = run("export", "--store", small_store, "--format", "neo4j-admin", "-o", tmp_path / "bulk")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "bulk" / "nodes-Person.csv").is_file() and (tmp_path / "bulk" / "README.md").is_file()
    (tmp_path / "dir").mkdir()
    res = run("export", "--store", small_store, "--format", "jsonl", "-o", tmp_path / "dir")
    assert res.exit_code == 2 and "is a folder" in res.output


def test_prune_plans_only_what_kgbuild_loaded_and_the_graph_no_longer_has():
    g = small_graph()
    marked_nodes = [{"eid": "4:x:1", "labels": ["Person"], "id": "person:o-brien", "name": "Seán O'Brien", "others": 0},
                    {"eid": "4:x:2", "labels": ["Person"], "id": "person:merged-away", "name": "Old Name", "others": 0},
                    {"eid": "4:x:3", "labels": ["Person", "Suspect"], "id": "person:noted", "name": "Noted", "others": 2},
                    {"eid": "4:x:4", "labels": ["Place"], "id": "person:o-brien", "name": "Same id, other label",
                     "others": 0}]
    met = next(d["properties"]["key"] for _, _, d in g.edges(data=True) if d["type"] == "MET")
    marked_rels = [{"eid": "5:x:1", "type": "MET", "key": met, "a": "person:o-brien", "b": "person:x"},
                   {"eid": "5:x:2", "type": "MENTIONS", "key": None, "a": "doc:d1", "b": "person:o-brien"},
                   {"eid": "5:x:3", "type": "MENTIONS", "key": None, "a": "doc:d1", "b": "person:merged-away"},
                   {"eid": "5:x:4", "type": "MET", "key": "MET|person:merged-away|person:x|d1", "a": "person:merged-away",
                    "b": "person:x"}]
    plan = plan_prune(g, marked_nodes, marked_rels, NODE_LABELS)
    assert [(n["label"], n["id"]) for n in plan.nodes] == [("Person", "person:merged-away"), ("Place", "person:o-brien")]
    assert [(n["id"], n["others"]) for n in plan.kept] == [("person:noted", 2)]
    assert [r["eid"] for r in plan.relationships] == ["5:x:3", "5:x:4"]  # MENTIONS before MET (by type)
    assert "Would remove 2 nodes and 2 relationships" in plan.summary(applied=False)
    assert "Would keep 1 node of those" in plan.summary(applied=False)
