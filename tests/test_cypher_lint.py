"""Every .cypher file and every statement the Neo4j loader sends, checked by Neo4j's own Cypher parser and
semantic analysis (@neo4j-cypher/language-support, run through Node, Neo4j 5 dialect), without a server.

The linter is given kgbuild's labels, relationship types and property keys (so a typo warns), and the
functions and procedures of Neo4j 5.26 Community without APOC (tests/cypher_lint/neo4j-5.26-registry.json,
taken from the test server and re-checked against it by the live tests), so a LadybugDB-only function such
as label() or list_contains(), or an APOC call, is an error here. Errors and warnings both fail.
"""
from __future__ import annotations

import pytest

from kgbuild.queries import bundled_queries, cypher_dir, query_header, split_statements
from kgbuild.schema import NODE_LABELS, SCHEMA
from kgbuild.stores.neo4j import MARK, loader_statements, schema_statements

REL_ENDPOINTS = SCHEMA.relations

from .neo4j_support import lint, lint_available, registry, unavailable

# Keys of the maps in $rows (row.a, row.b, row.props): the linter reads map keys as property keys.
ROW_KEYS = ("a", "b", "props")
LOADER_PARAMETERS = {"rows": [{"id": "person:x", "a": "person:x", "b": "person:y", "key": "MET|x|y|d|",
                               "props": {"id": "person:x"}}],
                     "labels": list(NODE_LABELS), "types": list(REL_ENDPOINTS), "seconds": 300}


def _schema() -> dict:
    props = {p for lab in NODE_LABELS for p in SCHEMA.label(lab).property_names} | {p for r in REL_ENDPOINTS.values() for p in r.property_names}
    return {"labels": list(NODE_LABELS), "relationshipTypes": list(REL_ENDPOINTS),
            "propertyKeys": sorted(props | set(ROW_KEYS) | {MARK}), **registry(apoc=False)}  # MARK: on all it loads


def _statements() -> list[dict]:
    out = []
    for name, text in bundled_queries().items():
        params = {k: v or "x" for k, v in query_header(text)["parameters"].items()}
        out.append({"id": f"cypher/{name}.cypher", "text": text, "parameters": params})
    for n, text in enumerate(split_statements((cypher_dir() / "schema.cypher").read_text(encoding="utf-8")), 1):
        out.append({"id": f"cypher/schema.cypher statement {n}", "text": text, "parameters": {}})
    for name, text in loader_statements().items():
        out.append({"id": f"loader: {name}", "text": text, "parameters": LOADER_PARAMETERS})
    return out


# Statements the linter must flag, so a linter that silently stopped working cannot pass the test.
BROKEN = {
    "syntax": "MATCH (n:Person RETURN n",
    "undefined variable": "MATCH (n:Person) RETURN m",
    "LadybugDB function": "MATCH (n:Person)-[r:MET]-() RETURN label(r)",
    "APOC in the core path": "MATCH (n:Person) RETURN apoc.text.join(n.aliases, ';')",
    "misspelt label": "MATCH (n:Persn) RETURN n.name",
    "undeclared parameter": "MATCH (n:Person) WHERE n.name = $who RETURN n",
}


@pytest.fixture(scope="module")
def diagnostics():
    why = lint_available()
    if why:
        unavailable(why)
    statements = _statements() + [{"id": f"broken: {k}", "text": v, "parameters": {}} for k, v in BROKEN.items()]
    return lint(statements, _schema())


def test_every_bundled_query_and_loader_statement_is_clean(diagnostics):
    ids = [s["id"] for s in _statements()]
    assert len(ids) == len(set(ids))
    assert any(i.startswith("loader: merge") for i in ids) and any(i.startswith("cypher/schema") for i in ids)
    problems = {i: [f"{d['severity']} at {d['line']}:{d['column']} ({d['snippet']!r}): {d['message']}"
                    for d in diagnostics[i]] for i in ids if diagnostics[i]}
    assert not problems, "Neo4j's Cypher linter objects:\n" + "\n".join(f"{k}:\n  " + "\n  ".join(v)
                                                                      for k, v in problems.items())


@pytest.mark.parametrize("what", sorted(BROKEN))
def test_the_linter_catches_broken_cypher(diagnostics, what):
    assert diagnostics[f"broken: {what}"], f"the linter passed {BROKEN[what]!r}; is it still running its analysis?"


def test_schema_file_is_what_the_loader_sends():
    assert [s for k, s in loader_statements().items() if k.startswith("schema ")] == schema_statements()
