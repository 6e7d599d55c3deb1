"""`kgbuild query --neo4j` without --write on a real Neo4j 5.26 with APOC: the Cypher guard refuses writes, files
and procedures before anything is sent, and a write the server itself refuses in the read transaction is reported
as a write that needs --write, never as a credentials problem."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kgbuild.cli import main
from kgbuild.errors import NotReadOnly, WriteRefused

from .conftest import store

pytestmark = pytest.mark.neo4j

APOC_CREATE = "CALL apoc.cypher.run('CREATE (n:Intruder) RETURN n', {}) YIELD value RETURN value"
APOC_CREATE_FUNCTION = "RETURN apoc.cypher.runFirstColumnSingle('CREATE (n:Intruder) RETURN n', {}) AS v"


def _query(server, *args):
    return CliRunner().invoke(main, ["query", *args, "--neo4j"], env=server.env)


def _intruders(server) -> int:
    return server.run("MATCH (n:Intruder) RETURN count(n) AS n")[0]["n"]


def _not_about_credentials(message: str) -> None:
    assert "NEO4J_PASSWORD" not in message and "NEO4J_USERNAME" not in message and "refused user" not in message


@pytest.mark.parametrize("cypher", [APOC_CREATE, APOC_CREATE_FUNCTION, "CREATE (n:Intruder)",
                                    "CALL apoc.create.node(['Intruder'], {}) YIELD node RETURN node",
                                    "CALL db.createLabel('Intruder')"])
def test_a_write_the_read_transaction_refuses_is_reported_as_a_write(server, cypher):
    """The server's own refusal, with kgbuild's guard out of the way (Neo4jStore._execute is what query() runs
    after the guard): AccessMode, or Forbidden "... overridden by READ" when the write comes through APOC."""
    with store(server) as neo, pytest.raises(WriteRefused) as err:
        neo._execute(cypher, {}, write=False)
    message = str(err.value)
    assert "this query writes" in message and "read transaction" in message and "--write" in message, message
    _not_about_credentials(message)
    assert _intruders(server) == 0


@pytest.mark.parametrize("cypher", [APOC_CREATE, APOC_CREATE_FUNCTION, "MATCH (n) RETURN n // x\n; CREATE (n:Intruder)"])
def test_the_cli_refuses_apoc_writes_before_sending_them(server, cypher):
    res = _query(server, cypher)
    assert res.exit_code == 2 and "not allowed in a read-only query" in res.output and "--write" in res.output, res.output
    _not_about_credentials(res.output)
    assert _intruders(server) == 0


def test_files_are_neither_read_nor_written_through_a_read_query(server, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("kgbuild-secret-line-5c1d\n", encoding="utf-8")
    out = tmp_path / "dump.csv"
    for cypher in (f"LOAD CSV FROM 'file://{secret}' AS row RETURN row",
                   f"CALL apoc.load.csv('file://{secret}') YIELD list RETURN list",
                   f"RETURN '//' AS x; LOAD CSV FROM 'file://{secret}' AS row RETURN row",
                   f"CALL apoc.export.csv.all('{out}', {{}})",
                   f"MATCH (n) WITH count(n) AS c CALL apoc.export.json.all('{out}', {{}}) YIELD file RETURN file"):
        res = _query(server, cypher)
        assert res.exit_code == 2 and "--write" in res.output, res.output
        assert "kgbuild-secret-line-5c1d" not in res.output
    assert not out.exists()


def test_reads_that_name_keywords_run_on_neo4j(server):
    server.run("CREATE (:Person {id: 'person:a', name: 'Ada Quill'})")
    res = _query(server, "MATCH (p:Person) // load; set\nRETURN p.name AS load, $drop AS set, 'x; CREATE (n)' AS export",
                 "-p", "drop=3", "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == {"load": "Ada Quill", "set": 3, "export": "x; CREATE (n)"}
    res = _query(server, "CALL db.labels() YIELD label RETURN label")
    assert res.exit_code == 0 and "Person" in res.output, res.output


def test_write_still_writes(server):
    res = _query(server, "CREATE (n:Probe {id: 'probe'}) RETURN n.id AS id", "--write")
    assert res.exit_code == 0 and "probe" in res.output, res.output
    assert server.run("MATCH (n:Probe) RETURN count(n) AS n")[0]["n"] == 1
    with store(server) as neo, pytest.raises(NotReadOnly):
        neo.query("MATCH (n:Probe) DETACH DELETE n")
    assert server.run("MATCH (n:Probe) RETURN count(n) AS n")[0]["n"] == 1
