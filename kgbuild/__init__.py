"""kgbuild: news articles in, a who-met-whom knowledge graph out.

    import kgbuild
    result = kgbuild.build(["articles/"], store="kg")
    kgbuild.query("who-met-whom", store="kg").rows

The public names below are imported on first use (PEP 562), so `import kgbuild` and commands that
parse no text (`kgbuild --help`, `kgbuild query`) never load spaCy.
"""
from __future__ import annotations

import importlib
import importlib.util
from typing import Any

__version__ = "0.2.0"

_PUBLIC = {
    # the library API
    "build": "api", "load": "api", "query": "api", "export": "api",
    "stats": "api", "explain": "api", "why": "api", "bundled_queries": "queries", "open_store": "stores",
    "BuildResult": "builder", "ExtractResult": "api",
    # errors
    "KgbuildError": "errors",
    # the records every stage speaks, and the schema
    "Document": "records", "DocExtraction": "records", "Entity": "records", "Mention": "records",
    "RelationCandidate": "records", "Skipped": "records", "SCHEMA": "schema", "Schema": "schema",
    "RelType": "schema",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        if not name.startswith("_") and (__spec__ is not None) and importlib.util.find_spec(f"{__name__}.{name}"):
            return importlib.import_module(f".{name}", __name__)  # a submodule: kgbuild.api, kgbuild.stores, ...
        raise AttributeError(f"module 'kgbuild' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
