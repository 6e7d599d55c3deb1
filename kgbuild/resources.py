"""kgbuild's data files (titles, ministries, triggers, patterns, word lists), loaded once per process.

They live in `kgbuild/data/` and ship inside the package. Nothing here imports spaCy, so resolution,
the gazetteer and the CLI can read them without loading a model.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

DATA_PACKAGE = "kgbuild"
DATA_DIR = "data"


def data_path(name: str) -> Traversable:
    """The packaged data file `name` (works from an installed wheel and from a checkout)."""
    return resources.files(DATA_PACKAGE).joinpath(DATA_DIR, name)


def data_text(name: str) -> str:
    return data_path(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def load_data(name: str) -> Any:
    """A JSON data file, parsed (keys starting with '_' are comments)."""
    return json.loads(data_text(name))


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """A one-entry-per-line data file (comment lines start with #) as a set."""
    return frozenset(data_lines(name))


def data_lines(name: str) -> list[str]:
    """The non-empty, non-comment lines of a text data file, in order."""
    return [ln.strip() for ln in data_text(name).splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def titles() -> dict[str, Any]:
    return load_data("titles.json")


def triggers() -> dict[str, Any]:
    return load_data("triggers.json")


@lru_cache(maxsize=1)
def data_fingerprint() -> str:
    """A hash of every data file: changes whenever what extraction or resolution reads changes."""
    h = hashlib.sha256()
    base = resources.files(DATA_PACKAGE).joinpath(DATA_DIR)
    for f in sorted(base.iterdir(), key=lambda x: x.name):
        if f.is_file():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()
