"""Where graphs live: the embedded LadybugDB store, a Neo4j server, and file exports, behind one contract
(kgbuild.stores.base.GraphStore), opened from one place.

    open_store("kg")                          # the embedded store folder kg/
    open_store("neo4j://localhost:7687")      # a Neo4j server (password from NEO4J_PASSWORD)
    open_store(Neo4jSettings(...))            # ... with explicit settings
    open_store("graph.jsonl")                 # a JSON lines export (also .graphml; fmt="neo4j-admin" for a folder)
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .base import GraphRows, GraphStore, QueryResult, WriteResult, graph_rows

if TYPE_CHECKING:
    from .neo4j import Neo4jSettings

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")

__all__ = ["open_store", "GraphStore", "GraphRows", "QueryResult", "WriteResult", "graph_rows"]


def open_store(target: str | os.PathLike | GraphStore | Neo4jSettings, fmt: str | None = None) -> GraphStore:
    """The store `target` names: a GraphStore as is; Neo4j settings or a neo4j:// / bolt:// address; a file
    export (by `fmt`, or a .jsonl / .graphml suffix, or a neo4j-admin export folder); else an embedded store folder."""
    if isinstance(target, GraphStore):
        return target
    from .neo4j import Neo4jSettings, Neo4jStore

    if isinstance(target, Neo4jSettings):
        return Neo4jStore(target)
    text = os.fspath(target)
    if text.startswith(NEO4J_SCHEMES):
        return Neo4jStore(Neo4jSettings.from_env(uri=text))
    from .files import FileStore, format_of

    path = Path(text)
    if fmt is None and path.is_dir() and (path / "import-args.json").is_file():
        fmt = "neo4j-admin"
    if format_of(path, fmt) is not None:
        return FileStore(path, fmt)
    from .embedded import EmbeddedStore

    return EmbeddedStore(path)
