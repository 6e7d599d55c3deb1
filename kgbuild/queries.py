"""The bundled Cypher queries (cypher/*.cypher, shipped inside the package) and what their headers say.

Each file starts with comment lines: what it answers, `// Parameters: name (e.g. -p name=Healey)`,
`// Entities: name (Person)` for parameters that name an entity (kgbuild finds the entity by any spelling,
see kgbuild.lookup, and passes its id; `any` for an entity of any label), and `// Neo4j only: reason` when
the embedded store cannot run it.
"""
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import KgbuildError, QueryNotFound

NEO4J_ONLY = re.compile(r"^//\s*Neo4j only:\s*(.+)$", re.MULTILINE)
_ENTITY = re.compile(r"(\w+)\s*\(([\w|\s]+)\)")
_EXAMPLE = re.compile(r"-p\s+(\w+)=([^\s)]+)")
SCHEMA_FILE = "schema.cypher"


def cypher_dir() -> Path:
    """The folder holding schema.cypher, the bundled queries and browser/ (installed package or checkout)."""
    try:
        return Path(str(resources.files("kgbuild.cypher")))
    except ModuleNotFoundError:  # running from a checkout without installing: the top-level cypher/ folder
        return Path(__file__).resolve().parent.parent / "cypher"


def bundled_queries() -> dict[str, str]:
    """Name -> Cypher text of every query shipped in kgbuild's cypher/ folder."""
    out = {}
    for f in cypher_dir().iterdir():
        if f.name.endswith(".cypher") and f.name != SCHEMA_FILE:
            out[f.name[: -len(".cypher")]] = f.read_text(encoding="utf-8")
    return dict(sorted(out.items()))


def resolve_query(text: str) -> str:
    """A bundled query name, a path to a .cypher file, or Cypher itself."""
    queries = bundled_queries()
    if text in queries:
        return queries[text]
    if text.endswith(".cypher"):
        p = Path(text)
        if not p.is_file():
            raise KgbuildError(f"no query file {text!r}")
        return p.read_text(encoding="utf-8")
    if " " not in text.strip() and "(" not in text:
        raise QueryNotFound(text, list(queries))
    return text


def split_statements(text: str) -> list[str]:
    """The statements of a .cypher file: `//` comment lines dropped, split at `;` ending a line."""
    body = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("//"))
    return [s.strip() for s in re.split(r";\s*$", body, flags=re.MULTILINE) if s.strip()]


def neo4j_only(cypher: str) -> str | None:
    """The reason given by a `// Neo4j only: ...` header line, if the query has one."""
    m = NEO4J_ONLY.search(cypher)
    return m.group(1).strip().rstrip(".") if m else None


def query_header(cypher: str) -> dict[str, Any]:
    """What a bundled query's leading comments say: answers, parameters (with example values), Neo4j-only reason."""
    comments = []
    for ln in cypher.splitlines():
        if not ln.startswith("//"):
            break
        comments.append(ln[2:].strip())
    params_line = next((c for c in comments if c.startswith("Parameters:")), "")
    names = re.findall(r"\b(\w+)\b", params_line.split(":", 1)[1].split("(")[0]) if params_line else []
    names = [n for n in names if n != "none"]
    examples = dict(_EXAMPLE.findall(params_line))
    return {"answers": comments[0] if comments else "", "parameters": {n: examples.get(n, "") for n in names},
            "entities": entity_parameters(comments), "neo4j_only": neo4j_only(cypher)}


def entity_parameters(comments: list[str]) -> dict[str, tuple[str, ...] | None]:
    """Parameter -> the labels its entity may have (None: any), from an `Entities: a (Person), b (any)` line."""
    line = next((c for c in comments if c.startswith("Entities:")), "")
    out: dict[str, tuple[str, ...] | None] = {}
    for name, labels in _ENTITY.findall(line.split(":", 1)[1] if line else ""):
        found = tuple(x.strip() for x in labels.split("|") if x.strip())
        out[name] = None if found in ((), ("any",)) else found
    return out


def parameters_used(cypher: str) -> list[str]:
    """The $parameters a Cypher text uses, in order of first use (none when the text cannot be read)."""
    from .cypher_guard import tokenize

    try:
        tokens = tokenize(cypher)
    except KgbuildError:
        return []
    return list(dict.fromkeys(t.text for t in tokens if t.kind == "param"))
