"""Stores: where a built graph lives. One small interface, several back ends."""
from .base import GraphStore, QueryResult
from .embedded import EmbeddedStore

__all__ = ["GraphStore", "QueryResult", "EmbeddedStore"]
