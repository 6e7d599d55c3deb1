"""One shape for query results, whichever store answered: what `kgbuild query` prints and `kgbuild.query` returns.

LadybugDB and Neo4j answer the same Cypher with small differences; `normalise` removes them, so the
same query gives the same rows (and `--json` the same bytes) on the embedded store, a file export and
Neo4j:

- a column that is `labels(x)` is always a list of labels (LadybugDB gives one string);
- a column that is `collect(...)` is sorted (neither server defines the order of collect());
- a node or relationship is a dict of its properties in name order, without null properties, with its
  label or type under `_label` (LadybugDB's internal `_ID`, `_SRC` and `_DST` are left out);
- a column without `AS` is named by its expression as written (as Neo4j names it; LadybugDB spells
  `labels(e)` `LABEL(e._ID,[...])`).

The order of the rows is the query's business: every bundled query orders its rows completely.
Standard library only.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .cypher_guard import Token, tokenize
from .errors import KgbuildError

_OPEN, _CLOSE = "([{", ")]}"
_ITEMS_END = frozenset({"ORDER", "SKIP", "LIMIT", "UNION", "OFFSET"})


@dataclass(frozen=True)
class Column:
    text: str  # the expression as written
    alias: str | None
    kind: str  # "labels", "collect" or ""


def return_columns(cypher: str) -> list[Column] | None:
    """The items of the RETURN clause that names a query's columns (the first part's, for UNION), or None
    when they cannot be told (RETURN *, a procedure's YIELD, text the tokenizer refuses)."""
    try:
        tokens = tokenize(cypher)
    except KgbuildError:
        return None
    depth = 0
    start = None
    for i, t in enumerate(tokens):
        if t.kind == "punct" and t.text in _OPEN:
            depth += 1
        elif t.kind == "punct" and t.text in _CLOSE:
            depth -= 1
        elif depth == 0 and t.kind == "word" and t.text.upper() == "UNION":
            break
        elif depth == 0 and t.kind == "word" and t.text.upper() == "RETURN":
            start = i + 1
    if start is None:
        return None
    items: list[list[Token]] = [[]]
    depth = 0
    for t in tokens[start:]:
        if t.kind == "punct" and t.text in _OPEN:
            depth += 1
        elif t.kind == "punct" and t.text in _CLOSE:
            depth -= 1
        if depth == 0 and ((t.kind == "word" and t.text.upper() in _ITEMS_END) or (t.kind == "punct" and t.text == ";")):
            break
        if depth == 0 and t.kind == "punct" and t.text == ",":
            items.append([])
            continue
        items[-1].append(t)
    if items[0] and items[0][0].kind == "word" and items[0][0].text.upper() == "DISTINCT":
        items[0] = items[0][1:]
    out = []
    for item in items:
        if not item or (len(item) == 1 and item[0].text == "*"):
            return None
        alias = None
        if len(item) >= 3 and item[-2].kind == "word" and item[-2].text.upper() == "AS":
            alias, item = item[-1].text, item[:-2]
        words = [t.text.lower() if t.kind == "word" else t.text for t in item]
        kind = ""
        if len(item) == 4 and words[:2] == ["labels", "("] and words[3] == ")":
            kind = "labels"
        elif len(item) >= 3 and words[:2] == ["collect", "("] and words[-1] == ")" and _closes_at_end(item):
            kind = "collect"
        out.append(Column(cypher[item[0].start:item[-1].end], alias, kind))
    return out


def _closes_at_end(item: list[Token]) -> bool:
    """Whether the bracket opened by item[1] closes at the last token (collect(x) and not collect(x)[0])."""
    depth = 0
    for i, t in enumerate(item[1:], 1):
        if t.kind == "punct" and t.text in _OPEN:
            depth += 1
        elif t.kind == "punct" and t.text in _CLOSE:
            depth -= 1
            if depth == 0:
                return i == len(item) - 1
    return False


def normalise(columns: list[str], rows: list[list[Any]], cypher: str, *, rename: bool = False
              ) -> tuple[list[str], list[list[Any]]]:
    """The columns and rows in kgbuild's one shape (see the module doc). `rename` names columns without AS by
    their expression as written (for LadybugDB, whose own names differ from Neo4j's)."""
    shape = return_columns(cypher)
    if shape is not None and len(shape) != len(columns):
        shape = None
    if shape is not None and rename:
        columns = [col if c.alias is not None else c.text for c, col in zip(shape, columns, strict=True)]
    kinds = [c.kind for c in shape] if shape is not None else [""] * len(columns)
    out = []
    for row in rows:
        new = []
        for kind, v in zip(kinds, row, strict=True):
            v = _value(v)
            if kind == "labels" and isinstance(v, str):
                v = [v]
            elif kind == "collect" and isinstance(v, list):
                v = sorted(v, key=_order)
            new.append(v)
        out.append(new)
    return columns, out


_INTERNAL = frozenset({"_ID", "_SRC", "_DST", "_id", "_src", "_dst"})


def _value(v: Any) -> Any:
    if isinstance(v, dict):
        label = v.get("_LABEL", v.get("_label"))
        if label is not None:  # a node or relationship
            props = {k: _value(x) for k, x in sorted(v.items())
                     if x is not None and k not in _INTERNAL and k not in ("_LABEL", "_label")}
            return {"_label": label, **props}
        if "_nodes" in v and "_rels" in v:  # a path
            return {"_nodes": [_value(x) for x in v["_nodes"]], "_rels": [_value(x) for x in v["_rels"]]}
        return {k: _value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_value(x) for x in v]
    return v


def _order(v: Any) -> tuple:
    """A sort key for any value collect() may give: numbers, then strings, then anything else by its JSON."""
    if isinstance(v, bool):
        return (0, int(v), "")
    if isinstance(v, (int, float)):
        return (1, v, "")
    if isinstance(v, str):
        return (2, 0, v)
    return (3, 0, json.dumps(v, sort_keys=True, ensure_ascii=False, default=str))
