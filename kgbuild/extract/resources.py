"""The data files behind extraction (titles, ministries, triggers), loaded once."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=None)
def load_data(name: str) -> Any:
    """A JSON data file from kgbuild/extract/data, parsed."""
    path = resources.files("kgbuild.extract").joinpath("data", name)
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """A one-word-per-line data file (comments with #) as a set."""
    path = resources.files("kgbuild.extract").joinpath("data", name)
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


def titles() -> dict[str, Any]:
    return load_data("titles.json")


def triggers() -> dict[str, Any]:
    return load_data("triggers.json")
