"""The graph in a LadybugDB database: tables from the schema, bulk COPY of rows, reading it back.

Used by the embedded store (a database file per build) and by the file exports' `query` (an in-memory
database). Table and column names come from the schema only; values travel as Arrow tables or
parameters, never inside the query text.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..interrupt import check as check_interrupt
from ..schema import Schema
from .base import GraphRows, add_edge, graph_rows, new_graph

if TYPE_CHECKING:
    import networkx as nx


def ladybug():
    import ladybug as lb

    return lb


def create_tables(conn, schema: Schema) -> None:
    for label in schema.labels.values():
        cols = ", ".join(f"{p.name} {p.type}" for p in label.properties)
        conn.execute(f"CREATE NODE TABLE {label.name}({cols}, PRIMARY KEY ({label.key}))")
    for rel in schema.relations.values():
        ends = ", ".join(f"FROM {a} TO {b}" for a, b in rel.endpoints)
        cols = ", ".join(f"{p.name} {p.type}" for p in rel.properties)
        conn.execute(f"CREATE REL TABLE {rel.name}({ends}, {cols})")


def copy_rows(conn, rows: GraphRows) -> None:
    """Bulk-load every row with COPY FROM Arrow tables (about 40 times faster than UNWIND ... CREATE)."""
    schema = rows.schema
    for label, props in rows.nodes.items():
        check_interrupt()
        if props:
            arrow_rows = _arrow_table(schema.label(label).properties, props)  # noqa: F841 (COPY reads it by name)
            conn.execute(f"COPY {label} FROM arrow_rows")
    for rel_name, a, b, rel_rows in rows.relationship_groups():
        check_interrupt()
        rel = schema.relation(rel_name)
        lead = {"from": [r[0] for r in rel_rows], "to": [r[1] for r in rel_rows]}
        arrow_rows = _arrow_table(rel.properties, [r[2] for r in rel_rows], lead)  # noqa: F841
        conn.execute(_copy_edges(rel, a, b))


def _copy_edges(rel, a: str, b: str) -> str:
    """The COPY of a relationship type's rows from the caller's Arrow table `arrow_rows` (which LadybugDB finds by
    name in the calling frame, so the caller executes it): for a type with several pairs of labels, the pair."""
    ends = f" (from='{a}', to='{b}')" if len(rel.endpoints) > 1 else ""
    return f"COPY {rel.name} FROM arrow_rows{ends}"


def write_database(path: str, graph: nx.MultiDiGraph) -> GraphRows:
    """Create a LadybugDB database at `path` holding exactly `graph`; returns the rows written."""
    rows = graph_rows(graph)
    lb = ladybug()
    # One checkpoint at the end instead of one whenever the WAL fills up during the COPYs: about a
    # third faster on a large graph, and the file is complete once closed all the same.
    db = lb.Database(path, auto_checkpoint=False)
    conn = lb.Connection(db)
    try:
        create_tables(conn, rows.schema)
        copy_rows(conn, rows)
        conn.execute("CHECKPOINT")
    finally:
        conn.close()
        db.close()
    return rows


def compact_copy(src_conn, path: str, schema: Schema) -> bool:
    """Write the graph `src_conn` holds into a new database at `path`, laid out afresh by COPY (every table read as
    Arrow, with no row through Python): the same rows in a file no larger than they need. False, writing nothing,
    when the stored tables are not those of `schema` (a store of an older kgbuild: its graph is copied as it is)."""
    tables = _tables(src_conn, set(schema.labels) | set(schema.relations))
    for name in list(schema.labels) + list(schema.relations):
        wanted = (schema.label(name) if name in schema.labels else schema.relation(name)).property_names
        if name not in tables or set(wanted) - tables[name]:
            return False
    lb = ladybug()
    db = lb.Database(path, auto_checkpoint=False)
    conn = lb.Connection(db)
    try:
        create_tables(conn, schema)
        for label in schema.node_labels:
            check_interrupt()
            cols = ", ".join(f"n.{p} AS {p}" for p in schema.label(label).property_names)
            arrow_rows = src_conn.execute(f"MATCH (n:{label}) RETURN {cols}").get_as_arrow()  # noqa: F841
            if arrow_rows.num_rows:
                conn.execute(f"COPY {label} FROM arrow_rows")
        for rel, a, b in schema.endpoints():
            check_interrupt()
            cols = "".join(f", r.{p} AS {p}" for p in rel.property_names)
            arrow_rows = src_conn.execute(f"MATCH (a:{a})-[r:{rel.name}]->(b:{b}) "  # noqa: F841
                                          f"RETURN a.id AS `from`, b.id AS `to`{cols}").get_as_arrow()
            if not arrow_rows.num_rows:
                continue
            conn.execute(_copy_edges(rel, a, b))
        conn.execute("CHECKPOINT")
    finally:
        conn.close()
        db.close()
    return True


def count_rows(conn) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes by label and relationships by type, as the database holds them."""
    nodes = {label: n for label, n in conn.execute("MATCH (n) RETURN label(n), count(*)").get_all() if n}
    rels = {label: n for label, n in conn.execute("MATCH ()-[r]->() RETURN label(r), count(*)").get_all() if n}
    return nodes, rels


def memory_database(graph: nx.MultiDiGraph):
    """An in-memory LadybugDB holding `graph` (for querying a file export); returns (db, conn)."""
    rows = graph_rows(graph)
    lb = ladybug()
    db = lb.Database(":memory:")
    conn = lb.Connection(db)
    create_tables(conn, rows.schema)
    copy_rows(conn, rows)
    return db, conn


def read_database(conn, schema: Schema) -> nx.MultiDiGraph:
    """The graph a database holds, reading only the columns its tables have (a store written by an older
    kgbuild lacks newer properties; they are simply absent)."""
    g = new_graph(schema)
    tables = _tables(conn, set(schema.labels) | set(schema.relations))
    for label in schema.node_labels:
        if label not in tables:
            continue
        props = [p for p in schema.label(label).property_names if p in tables[label]]
        res = conn.execute(f"MATCH (n:{label}) RETURN " + ", ".join(f"n.{p}" for p in props))
        for row in res.get_all():
            d = {p: v for p, v in zip(props, row, strict=True) if v is not None}
            g.add_node(d["id"], label=label, properties=d)
    for rel, a, b in schema.endpoints():
        if rel.name not in tables:
            continue
        props = [p for p in rel.property_names if p in tables[rel.name]]
        cols = "".join(f", r.{p}" for p in props)
        res = conn.execute(f"MATCH (a:{a})-[r:{rel.name}]->(b:{b}) RETURN a.id, b.id{cols}")
        for row in res.get_all():
            d = {p: v for p, v in zip(props, row[2:], strict=True) if v is not None}
            add_edge(g, row[0], row[1], rel.name, d)
    return g


def _tables(conn, wanted: set[str]) -> dict[str, set[str]]:
    """Table name -> its property names, for the tables of the schema (names the schema vouches for)."""
    res = conn.execute("CALL show_tables() RETURN *")
    col = res.get_column_names().index("name")
    out: dict[str, set[str]] = {}
    for row in res.get_all():
        name = row[col]
        if name in wanted:
            info = conn.execute(f"CALL table_info('{name}') RETURN *")
            pcol = info.get_column_names().index("name")
            out[name] = {r[pcol] for r in info.get_all()}
    return out


def _arrow_table(columns, props: list[dict[str, Any]], lead: dict[str, list[Any]] | None = None, prefix: str = ""):
    """An Arrow table with the store's exact column types (COPY needs them even when all values are null).

    Built column by column from the property dicts (`lead` gives ready-made first columns, the
    endpoints of relationships): no per-row lists, and strings go to Arrow unconverted when they
    already are strings, the common case. `prefix` goes before the properties' column names (for LOAD FROM,
    where the columns become variables and a property's name may be a keyword, `count` say).
    """
    import pyarrow as pa

    def strings(values: list[Any]):
        try:
            return pa.array(values, type=pa.string())
        except (pa.ArrowTypeError, pa.ArrowInvalid):  # a number or other value: its text
            return pa.array([None if v is None else str(v) for v in values], type=pa.string())

    types = {"STRING[]": pa.list_(pa.string()), "INT64": pa.int64(), "DOUBLE": pa.float64()}
    arrays = [strings(values) for values in (lead or {}).values()]
    for c in columns:
        values = [d.get(c.name) for d in props]
        if c.type == "STRING":
            arrays.append(strings(values))
            continue
        if c.type == "STRING[]":
            values = [None if v is None else list(v) for v in values]  # absent stays absent (no titles: no [])
        arrays.append(pa.array(values, type=types[c.type]))
    return pa.Table.from_arrays(arrays, names=list(lead or {}) + [prefix + c.name for c in columns])


def apply_changes(conn, schema: Schema, *, docs_again: list[str], gazetteer_of: dict[str, list[str]],
                  delete_nodes: dict[str, list[str]], update_nodes: dict[str, list[dict[str, Any]]],
                  insert_nodes: dict[str, list[dict[str, Any]]],
                  insert_edges: dict[tuple[str, str, str], list[tuple[str, str, dict[str, Any]]]]) -> None:
    """Change a stored graph in place (an incremental build): remove the edges of the documents assembled again
    and the gazetteer edges of the places and ministries refreshed, remove, update and add nodes, then add the new
    edges. Deletes are parameterised statements that find rows by id; updates and new rows are read from Arrow
    tables (LOAD FROM, or COPY for many new rows), about four times faster than parameter lists.

    The edges of a document assembled again are mostly the ones it had: those stay (a delete in a relationship table
    makes LadybugDB's checkpoint rewrite much of it); only the edges that differ are deleted and added."""
    if docs_again:
        insert_edges = _keep_unchanged(conn, schema, docs_again, insert_edges)
    for label, ids in gazetteer_of.items():
        rel = "LOCATED_IN" if label == "Place" else "PART_OF"
        if ids and rel in schema.relations:
            conn.execute(f"MATCH (a:{label})-[r:{rel}]->(:Country) WHERE a.id IN $ids DELETE r", {"ids": ids})
    for label, ids in delete_nodes.items():
        if ids:
            conn.execute(f"MATCH (n:{label}) WHERE n.id IN $ids DETACH DELETE n", {"ids": ids})
    for label, rows in update_nodes.items():
        if not rows:
            continue
        check_interrupt()
        columns = schema.label(label).properties
        rows_in = _arrow_table(columns, rows, prefix=ROW_PREFIX)  # LOAD FROM reads it by name
        sets = ", ".join(f"n.{c.name} = {ROW_PREFIX}{c.name}" for c in columns if c.name != "id")
        conn.execute(f"LOAD FROM rows_in MATCH (n:{label} {{id: {ROW_PREFIX}id}}) SET {sets}")
    for label, props in insert_nodes.items():
        if not props:
            continue
        check_interrupt()
        columns = schema.label(label).properties
        if len(props) >= COPY_FROM_ROWS:
            arrow_rows = _arrow_table(columns, props)  # noqa: F841 (COPY reads it by name)
            conn.execute(f"COPY {label} FROM arrow_rows")
            continue
        rows_in = _arrow_table(columns, props, prefix=ROW_PREFIX)
        body = ", ".join(f"{c.name}: {ROW_PREFIX}{c.name}" for c in columns)
        conn.execute(f"LOAD FROM rows_in CREATE (:{label} {{{body}}})")
    for (rel_name, a, b), rel_rows in sorted(insert_edges.items()):
        if not rel_rows:
            continue
        check_interrupt()
        rel = schema.relation(rel_name)
        if len(rel_rows) >= COPY_FROM_ROWS:
            lead = {"from": [r[0] for r in rel_rows], "to": [r[1] for r in rel_rows]}
            arrow_rows = _arrow_table(rel.properties, [r[2] for r in rel_rows], lead)  # noqa: F841
            conn.execute(_copy_edges(rel, a, b))
            continue
        lead = {f"{ROW_PREFIX}src": [r[0] for r in rel_rows], f"{ROW_PREFIX}dst": [r[1] for r in rel_rows]}
        rows_in = _arrow_table(rel.properties, [r[2] for r in rel_rows], lead, prefix=ROW_PREFIX)  # noqa: F841
        body = ", ".join(f"{c.name}: {ROW_PREFIX}{c.name}" for c in rel.properties)
        # two lookups by key, one per end: never a cross product
        conn.execute(f"LOAD FROM rows_in MATCH (a:{a} {{id: {ROW_PREFIX}src}}) MATCH (b:{b} {{id: {ROW_PREFIX}dst}}) "
                     f"CREATE (a)-[:{rel_name} {{{body}}}]->(b)")


def _keep_unchanged(conn, schema: Schema, docs_again: list[str],
                    insert_edges: dict[tuple[str, str, str], list[tuple[str, str, dict[str, Any]]]]
                    ) -> dict[tuple[str, str, str], list[tuple[str, str, dict[str, Any]]]]:
    """Delete the stored edges of documents `docs_again` that the new edges do not repeat, compared by their key (all
    the edges of one key alike, or all of them go); returns the new edges that are not stored already."""
    docs = set(docs_again)
    out = {k: list(v) for k, v in insert_edges.items()}
    for rel in schema.relations.values():
        check_interrupt()
        if "key" not in rel.property_names or "doc_id" not in rel.property_names:
            if rel.name == "MENTIONS":
                conn.execute("MATCH (d:Document)-[r:MENTIONS]->() WHERE d.id IN $ids DELETE r",
                             {"ids": ["doc:" + d for d in docs_again]})
            elif "doc_id" in rel.property_names:
                conn.execute(f"MATCH ()-[r:{rel.name}]->() WHERE r.doc_id IN $ids DELETE r", {"ids": docs_again})
            continue
        names = list(rel.property_names)
        cols = ", ".join(f"r.{p}" for p in names)
        if rel.name == "MENTIONS":  # from the documents' own nodes, found by their key
            res = conn.execute(f"MATCH (a:Document)-[r:MENTIONS]->(b) WHERE a.id IN $ids RETURN a.id, b.id, {cols}",
                               {"ids": ["doc:" + d for d in docs_again]})
        else:
            res = conn.execute(f"MATCH (a)-[r:{rel.name}]->(b) WHERE r.doc_id IN $ids RETURN a.id, b.id, {cols}",
                               {"ids": docs_again})
        stored: dict[Any, list] = {}
        for row in res.get_all():
            props = {p: v for p, v in zip(names, row[2:], strict=True) if v is not None}
            stored.setdefault(props.get("key"), []).append(_edge_sig(row[0], row[1], props))
        wanted: dict[Any, list] = {}
        for (rel_name, _, _), rows in out.items():
            if rel_name == rel.name:
                for src, dst, props in rows:
                    if props.get("doc_id") in docs:
                        wanted.setdefault(props.get("key"), []).append(_edge_sig(src, dst, props))
        same = {k for k, v in stored.items() if k is not None and sorted(v) == sorted(wanted.get(k, []))}
        gone = [k for k in stored if k not in same]
        if None in stored:  # an edge without a key: the documents' edges of this type all go, as before
            conn.execute(f"MATCH ()-[r:{rel.name}]->() WHERE r.doc_id IN $ids DELETE r", {"ids": docs_again})
            same = set()
        elif gone:
            conn.execute(f"MATCH ()-[r:{rel.name}]->() WHERE r.doc_id IN $ids AND r.key IN $keys DELETE r",
                         {"ids": docs_again, "keys": gone})
        if same:
            for k, rows in out.items():
                if k[0] == rel.name:
                    out[k] = [r for r in rows if not (r[2].get("doc_id") in docs and r[2].get("key") in same)]
    return out


def _edge_sig(src: str, dst: str, props: dict[str, Any]) -> str:
    import json

    return json.dumps([src, dst, {k: (list(v) if isinstance(v, tuple) else v) for k, v in props.items()
                                  if v is not None}], sort_keys=True, default=str)


COPY_FROM_ROWS = 20_000  # fewer new rows than this go in by LOAD FROM ... CREATE (COPY into a large table costs more)
ROW_PREFIX = "v_"  # the columns of an Arrow table read by LOAD FROM: v_id, v_name, ...
