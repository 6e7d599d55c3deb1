"""The graph schema, in one place: node labels and relationship types with their endpoints,
symmetry, keys and properties.

Everything that needs to know the shape of the graph reads it from here: assembly (which endpoints a
relation may join, which relations are symmetric), every store (LadybugDB tables, Neo4j constraints and
indexes, file exports), `cypher/schema.cypher` (generated from this module and checked by a test), the
Neo4j Browser style and guide, and the README's data model (checked by a test).

A relation type a user declares in a `--patterns` file becomes one more `RelType` here (see
`RelType.from_declaration`), and then flows through extraction, assembly, the stores and the exports
without any code change. This module imports nothing of kgbuild's.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

# Column types, in LadybugDB's spelling; neo4j-admin's is derived from them.
STRING, STRING_LIST, INT, FLOAT = "STRING", "STRING[]", "INT64", "DOUBLE"
PROPERTY_TYPES = (STRING, STRING_LIST, INT, FLOAT)


class SchemaError(ValueError):
    """A graph or a declaration that does not fit the schema (the message says what and where)."""


@dataclass(frozen=True)
class Property:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Style:
    """How a label looks in Neo4j Browser (cypher/browser/kgbuild.grass) and in `kgbuild view`."""

    color: str = "#A5ABB6"
    border: str = "#9AA1AC"
    text: str = "#FFFFFF"
    diameter: int = 50
    caption: str = "name"


@dataclass(frozen=True)
class NodeLabel:
    name: str
    description: str
    properties: tuple[Property, ...]
    id_prefix: str = ""  # ids of this label start with it ("person:"); a Country's id is its ISO code
    entity: bool = True  # found in text and resolved (Document is not)
    key: str = "id"
    style: Style = field(default_factory=lambda: Style())  # Neo4j Browser and the HTML view

    @property
    def property_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.properties)


@dataclass(frozen=True)
class RelType:
    """One relationship type: what it joins, whether direction means anything, and what it carries.

    `origin` is where edges of the type come from: "text" (a sentence states it: evidence, rule,
    confidence, document), "document" (a Document names an entity) or "gazetteer". `distinct_by` names
    properties that make two edges of one type between the same two nodes in one document distinct
    facts (two titles of one person in one ministry).
    """

    name: str
    description: str
    endpoints: tuple[tuple[str, str], ...]
    properties: tuple[Property, ...]
    symmetric: bool = False
    origin: str = "text"
    distinct_by: tuple[str, ...] = ()
    keyed: bool = True  # has a unique `key` property (MERGE key in Neo4j)
    builtin: bool = True
    color: str = "#A5ABB6"  # for the Browser style and the HTML view
    width: int = 2  # line width in pixels
    placed: bool = False  # edges carry the place where it happened (`place`, `place_id`)

    @property
    def property_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.properties)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for a, _ in self.endpoints))

    @property
    def targets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(b for _, b in self.endpoints))

    def allows(self, source_label: str, target_label: str) -> bool:
        return (source_label, target_label) in self.endpoints or (
            self.symmetric and (target_label, source_label) in self.endpoints)

    def to_json(self) -> dict[str, Any]:
        """The declaration of a user-defined type, as kept in a store's manifest."""
        return {"name": self.name, "description": self.description, "from": list(self.sources),
                "to": list(self.targets), "symmetric": self.symmetric, "color": self.color}

    @classmethod
    def from_declaration(cls, data: Any, where: str = "declaration") -> RelType:
        """A user-defined text relation type, from a patterns file's `relations` entry:

            {"name": "SIGNED_AGREEMENT_WITH", "from": ["Person"], "to": ["Person", "Country"],
             "symmetric": false, "description": "...", "color": "#8E44AD"}

        It carries the same properties as every text-derived relation (evidence, document, rule, ...).
        """
        if not isinstance(data, Mapping):
            raise SchemaError(f"{where}: a relation type is an object with 'name', 'from' and 'to'")
        name = data.get("name")
        if not isinstance(name, str) or not REL_NAME.fullmatch(name):
            raise SchemaError(f"{where}: the relation type name {name!r} must be UPPER_SNAKE_CASE letters, digits "
                              "and _, starting with a letter (as Neo4j relationship types are written)")
        if name in RESERVED_TYPE_NAMES:
            raise SchemaError(f"{where}: {name!r} is a word Cypher reserves; choose another name")
        ends = []
        for side in ("from", "to"):
            labels = data.get(side)
            if isinstance(labels, str):
                labels = [labels]
            if not isinstance(labels, list) or not labels:
                raise SchemaError(f"{where} ({name}): '{side}' must list one or more entity labels "
                                  f"({', '.join(ENTITY_LABELS)})")
            for lab in labels:
                if lab not in ENTITY_LABELS:
                    raise SchemaError(f"{where} ({name}): unknown label {lab!r} in '{side}'; "
                                      f"use {', '.join(ENTITY_LABELS)}")
            ends.append(tuple(dict.fromkeys(labels)))
        symmetric = data.get("symmetric", False)
        if not isinstance(symmetric, bool):
            raise SchemaError(f"{where} ({name}): 'symmetric' is true or false")
        if symmetric and set(ends[0]) != set(ends[1]):
            raise SchemaError(f"{where} ({name}): a symmetric relation needs the same labels in 'from' and 'to'")
        color = data.get("color", "#7B61A8")
        if not (isinstance(color, str) and COLOR.fullmatch(color)):
            raise SchemaError(f"{where} ({name}): 'color' is a CSS hex colour such as \"#8E44AD\"")
        description = str(data.get("description") or f"user-defined relation {name}")
        return cls(name=name, description=description, endpoints=tuple((a, b) for a in ends[0] for b in ends[1]),
                   properties=TEXT_REL_PROPERTIES, symmetric=symmetric, origin="text", builtin=False,
                   color=color, width=3, placed=True)


REL_NAME = re.compile(r"[A-Z][A-Z0-9_]{0,62}")
COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
RESERVED_TYPE_NAMES = frozenset({"MATCH", "RETURN", "CREATE", "MERGE", "DELETE", "SET", "WITH", "WHERE", "AND", "OR",
                                 "NOT", "NULL", "TRUE", "FALSE", "CALL", "UNWIND", "LOAD", "COPY", "ORDER", "LIMIT"})

# ------------------------------------------------------------------ node labels
ENTITY_PROPERTIES = (
    Property("id", STRING, "stable id: a Country's ISO 3166-1 alpha-2 code (`GB`); others `person:john-healey`, "
             "`place:kyiv-ua`, `ministry:ministry-of-defence-gb`, `org:nato`, `event:...`"),
    Property("name", STRING, "canonical name (the gazetteer's name for places and countries)"),
    Property("aliases", STRING_LIST, "every surface string seen in the articles, including `name`"),
    Property("country", STRING, "ISO alpha-2, for Place and Ministry (and Person when a title ties them to one)"),
    Property("merge_reasons", STRING, "JSON object: alias -> why it was joined and the documents that wrote it"),
)
PERSON_PROPERTIES = ENTITY_PROPERTIES + (
    Property("titles", STRING_LIST, "every title the articles give the person, also those whose body the text "
             "does not name (\"National Security Adviser\", \"spokesman\")"),
)
DOCUMENT_PROPERTIES = (
    Property("id", STRING, "`doc:<doc_id>`"),
    Property("doc_id", STRING, "the article's id (file name without suffix, or the JSONL `id`)"),
    Property("title", STRING, "the article's title (its first line)"),
    Property("source", STRING, "file path or URL"),
    Property("published", STRING, "publication date (ISO), from JSONL `published` or a dateline"),
)

_LABELS = (
    NodeLabel("Person", "a named human", PERSON_PROPERTIES, "person:",
              style=Style("#4C8EDA", "#2870C2", "#FFFFFF", 65)),
    NodeLabel("Country", "a sovereign state (id: ISO 3166-1 alpha-2)", ENTITY_PROPERTIES, "",
              style=Style("#DA7194", "#CC3C6C", "#FFFFFF", 60)),
    NodeLabel("Place", "a city, region or site that is not a country", ENTITY_PROPERTIES, "place:",
              style=Style("#57C7E3", "#23B3D7", "#2A2C34")),
    NodeLabel("Ministry", "a ministry, department or office of one country's government", ENTITY_PROPERTIES,
              "ministry:", style=Style("#F79767", "#F36924", "#FFFFFF")),
    NodeLabel("Organization", "any other named body: alliances, armies, parties, companies, media",
              ENTITY_PROPERTIES, "org:", style=Style("#8DCC93", "#5DB665", "#2A2C34")),
    NodeLabel("Event", "a named or singular happening the article is about", ENTITY_PROPERTIES, "event:",
              style=Style("#FFC454", "#D7A013", "#2A2C34")),
    NodeLabel("Document", "one article", DOCUMENT_PROPERTIES, "doc:", entity=False,
              style=Style("#C990C0", "#B261A5", "#FFFFFF", 40, "title")),
)
ENTITY_LABELS: tuple[str, ...] = tuple(lab.name for lab in _LABELS if lab.entity)
NODE_LABELS: tuple[str, ...] = tuple(lab.name for lab in _LABELS)

# ------------------------------------------------------------------ relationship types
TEXT_REL_PROPERTIES = (
    Property("key", STRING, "unique: `TYPE|source|target|doc_id[|title]`, one edge per fact and document"),
    Property("doc_id", STRING, "the document that states it"),
    Property("evidence", STRING, "the sentence (or caption) that states it"),
    Property("sent_start", INT, "character offset of the evidence sentence in the document"),
    Property("sent_end", INT, "end offset of the evidence sentence"),
    Property("trigger", STRING, "the word that states it"),
    Property("rule", STRING, "the grammar rule or pattern that fired"),
    Property("confidence", FLOAT, "the rule's confidence, 0-1"),
    Property("title", STRING, "the title as the text words it (HOLDS_ROLE)"),
    Property("date", STRING, "ISO date when the text gives one"),
    Property("place", STRING, "name of the place where it happened (MET)"),
    Property("place_id", STRING, "id of that Place or Country node"),
)
MENTIONS_PROPERTIES = (
    Property("doc_id", STRING, "the document"),
    Property("count", INT, "how many times the document names the entity"),
)
GAZETTEER_PROPERTIES = (
    Property("key", STRING, "unique: `TYPE|source|target`"),
    Property("source", STRING, "`gazetteer`"),
)

_RELS = (
    RelType("MENTIONS", "the document names the entity", tuple(("Document", lab) for lab in ENTITY_LABELS),
            MENTIONS_PROPERTIES, origin="document", keyed=False, color="#D8D8D8", width=1),
    RelType("MET", "were together in person: met, held talks, received, hosted, visited a person",
            (("Person", "Person"),), TEXT_REL_PROPERTIES, symmetric=True, color="#2870C2", width=3,
            placed=True),
    RelType("TALKED_TO", "spoke remotely: a phone or video call, letters or messages",
            (("Person", "Person"),), TEXT_REL_PROPERTIES, symmetric=True, color="#5DB665", width=3),
    RelType("HOLDS_ROLE", "the text gives the person that title in that body (or that country)",
            (("Person", "Ministry"), ("Person", "Organization"), ("Person", "Country")), TEXT_REL_PROPERTIES,
            distinct_by=("title",), color="#F36924"),
    RelType("VISITED", "travelled there", (("Person", "Place"), ("Person", "Country")), TEXT_REL_PROPERTIES,
            color="#23B3D7"),
    RelType("LOCATED_IN", "the place lies in the country (gazetteer)", (("Place", "Country"),),
            GAZETTEER_PROPERTIES, origin="gazetteer"),
    RelType("PART_OF", "the ministry belongs to the country's government", (("Ministry", "Country"),),
            GAZETTEER_PROPERTIES, origin="gazetteer"),
)


@dataclass(frozen=True)
class Schema:
    """Node labels and relationship types: the built-in ones plus any a user declared."""

    labels: Mapping[str, NodeLabel]
    relations: Mapping[str, RelType]
    _order: tuple[str, ...] = field(default=(), compare=False, repr=False)

    # ------------------------------------------------------------ lookups
    def label(self, name: str) -> NodeLabel:
        try:
            return self.labels[name]
        except KeyError:
            raise SchemaError(f"unknown node label {name!r}; the schema has {', '.join(self.labels)}") from None

    def relation(self, name: str) -> RelType:
        try:
            return self.relations[name]
        except KeyError:
            raise SchemaError(f"unknown relationship type {name!r}; the schema has {', '.join(self.relations)} "
                              "(declare a new one in a --patterns file's \"relations\" list)") from None

    def __contains__(self, rel_type: str) -> bool:
        return rel_type in self.relations

    @property
    def node_labels(self) -> tuple[str, ...]:
        return tuple(self.labels)

    @property
    def entity_labels(self) -> tuple[str, ...]:
        return tuple(name for name, lab in self.labels.items() if lab.entity)

    @property
    def text_relations(self) -> tuple[RelType, ...]:
        """Relationship types that sentences state (evidence on every edge): MET, ..., and user-declared ones."""
        return tuple(r for r in self.relations.values() if r.origin == "text")

    @property
    def custom_relations(self) -> tuple[RelType, ...]:
        return tuple(r for r in self.relations.values() if not r.builtin)

    def endpoints(self) -> Iterator[tuple[RelType, str, str]]:
        """Every (type, from label, to label) a relationship may have, in schema order."""
        for rel in self.relations.values():
            for a, b in rel.endpoints:
                yield rel, a, b

    # ------------------------------------------------------------ extension
    def with_relations(self, extra: Iterable[RelType]) -> Schema:
        """This schema plus user-declared relation types. Declaring a type again with the same shape is
        fine; a different shape, or a built-in name, is an error."""
        rels = dict(self.relations)
        for r in extra:
            old = rels.get(r.name)
            if old is not None:
                if old.builtin and r.builtin:
                    continue
                if old.builtin:
                    raise SchemaError(f"{r.name} is a built-in relationship type; declare a new type under another name")
                if (old.endpoints, old.symmetric) != (r.endpoints, r.symmetric):
                    raise SchemaError(f"the relation type {r.name} is declared twice with different endpoints "
                                      "or symmetry")
                continue
            rels[r.name] = r
        return Schema(self.labels, rels)

    def custom_json(self) -> list[dict[str, Any]]:
        return [r.to_json() for r in self.custom_relations]

    @classmethod
    def from_custom_json(cls, items: Iterable[Mapping[str, Any]]) -> Schema:
        return SCHEMA.with_relations(RelType.from_declaration(d, "stored relation type") for d in items)

    # ------------------------------------------------------------ checks
    def check_edge(self, rel_type: str, source_label: str, target_label: str) -> RelType:
        rel = self.relation(rel_type)
        if (source_label, target_label) not in rel.endpoints:
            allowed = ", ".join(f"{a}->{b}" for a, b in rel.endpoints)
            raise SchemaError(f"a {rel_type} relationship from {source_label} to {target_label} is outside the "
                              f"schema ({rel_type} joins {allowed})")
        return rel


SCHEMA = Schema({lab.name: lab for lab in _LABELS}, {rel.name: rel for rel in _RELS})
BUILTIN_TEXT_RELATIONS: tuple[str, ...] = tuple(r.name for r in SCHEMA.text_relations)


# ------------------------------------------------------------------ generated artefacts
def _snake(name: str) -> str:
    return name.lower()


def neo4j_schema_statements(schema: Schema = SCHEMA) -> list[str]:
    """Constraints and indexes for Neo4j 5 (Community: uniqueness constraints only), each idempotent."""
    out = [f"CREATE CONSTRAINT {_snake(lab)}_id IF NOT EXISTS FOR (n:{lab}) REQUIRE n.id IS UNIQUE"
           for lab in schema.node_labels]
    out.append("CREATE CONSTRAINT document_doc_id IF NOT EXISTS FOR (n:Document) REQUIRE n.doc_id IS UNIQUE")
    out += [f"CREATE CONSTRAINT {_snake(r.name)}_key IF NOT EXISTS FOR ()-[r:{r.name}]-() REQUIRE r.key IS UNIQUE"
            for r in schema.relations.values() if r.keyed]
    out += [f"CREATE INDEX {_snake(lab)}_name IF NOT EXISTS FOR (n:{lab}) ON (n.name)" for lab in schema.entity_labels]
    out.append(f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS\n"
               f"FOR (n:{'|'.join(schema.entity_labels)}) ON EACH [n.name, n.aliases]")
    return out


FULLTEXT_INDEX = "entity_names"


def render_schema_cypher(schema: Schema = SCHEMA) -> str:
    """The text of cypher/schema.cypher (a test checks the shipped file equals this)."""
    st = neo4j_schema_statements(schema)
    n_labels = len(schema.node_labels)
    n_keys = sum(1 for r in schema.relations.values() if r.keyed)
    constraints, keys = st[:n_labels + 1], st[n_labels + 1:n_labels + 1 + n_keys]
    names, fulltext = st[n_labels + 1 + n_keys:-1], st[-1]
    return "\n".join([
        "// kgbuild's Neo4j 5 schema, run by `kgbuild load` before any data. Every statement is idempotent (IF NOT EXISTS).",
        "// Generated from kgbuild/schema.py (python -m kgbuild.schema --cypher); tests check the two agree.",
        "// Community Edition has only uniqueness constraints: one on each label's id (the key every load MERGEs on),",
        "// one on Document.doc_id, and one on the key of every keyed relationship type (it names the document).",
        *(s + ";" for s in constraints + keys),
        "// Look-ups by canonical name.",
        *(s + ";" for s in names),
        "// Search every spelling: the canonical name and each alias the articles used (Kiev, Kyiv; Healey, John Healey).",
        f"// CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', 'Kiev') YIELD node, score RETURN node.name, score",
        fulltext + ";",
        "",
    ])


def render_markdown(schema: Schema = SCHEMA) -> str:
    """The README's data-model tables (a test checks the README holds exactly this)."""
    lines = ["| label | what |", "| --- | --- |"]
    lines += [f"| `{lab.name}` | {lab.description} |" for lab in schema.labels.values()]
    lines += ["", "| property | on | meaning |", "| --- | --- | --- |"]
    seen: dict[str, list[str]] = {}
    meaning: dict[str, str] = {}
    for lab in schema.labels.values():
        if not lab.entity:
            continue
        for p in lab.properties:
            seen.setdefault(p.name, []).append(lab.name)
            meaning.setdefault(p.name, p.description)
    for name, labs in seen.items():
        on = "every entity" if len(labs) == len(schema.entity_labels) else ", ".join(labs)
        lines.append(f"| `{name}` | {on} | {meaning[name]} |")
    doc = schema.labels["Document"]
    lines.append(f"| {', '.join(f'`{p}`' for p in doc.property_names)} | Document | the article's id, title, "
                 "source and publication date |")
    lines += ["", "| relationship | joins | symmetric | meaning |", "| --- | --- | --- | --- |"]
    for r in schema.relations.values():
        joins = ", ".join(f"{a} → {b}" for a, b in r.endpoints) if r.name != "MENTIONS" else "Document → any entity"
        lines.append(f"| `{r.name}` | {joins} | {'yes' if r.symmetric else 'no'} | {r.description} |")
    lines += ["", "Properties of every relationship that a sentence states (" +
              ", ".join(f"`{r.name}`" for r in schema.text_relations) + "):", "",
              "| property | type | meaning |", "| --- | --- | --- |"]
    lines += [f"| `{p.name}` | {p.type} | {p.description} |" for p in TEXT_REL_PROPERTIES]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # python -m kgbuild.schema --cypher | --markdown
    import sys

    arg = sys.argv[1] if len(sys.argv) > 1 else "--markdown"
    if arg == "--cypher":
        sys.stdout.write(render_schema_cypher())
    else:
        sys.stdout.write(render_markdown())
