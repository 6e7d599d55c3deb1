"""kgbuild: news articles in, a who-met-whom knowledge graph out."""
from .api import BuildResult, build, bundled_queries, explain, export, load, query, stats, why
from .errors import KgbuildError
from .records import Document, DocExtraction, Entity, Mention, Relation, RelationCandidate, Skipped

__version__ = "0.1.0"
__all__ = ["build", "load", "query", "export", "stats", "explain", "why", "bundled_queries", "BuildResult", "KgbuildError",
           "Document", "DocExtraction", "Entity", "Mention", "Relation", "RelationCandidate", "Skipped"]
