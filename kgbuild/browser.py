"""Neo4j Browser assets, generated from the schema and the bundled queries: the style (kgbuild.grass) and
the guide (kgbuild-guide.html, one slide per bundled query, click a block to run it).

The shipped files in cypher/browser/ are these renderings of the built-in schema (a test checks it);
`python -m kgbuild.browser` rewrites them. For a store with user-declared relation types,
`render_grass(schema)` gives the style including them.
"""
from __future__ import annotations

import html
import os
from pathlib import Path

from .queries import bundled_queries, cypher_dir, query_header
from .schema import SCHEMA, Schema

GUIDE_FILE = "kgbuild-guide.html"
GRASS_FILE = "kgbuild.grass"
ASSETS_URL = "http://localhost:7475/browser"  # the browser-assets service of docker-compose.yml


def render_grass(schema: Schema = SCHEMA) -> str:
    """Neo4j Browser's style sheet: a colour, size and caption per label, a colour and width per relationship type."""
    out = ["node {", "  diameter: 50px;", "  color: #A5ABB6;", "  border-color: #9AA1AC;", "  border-width: 2px;",
           "  text-color-internal: #FFFFFF;", "  font-size: 10px;", '  caption: "{name}";', "}",
           "relationship {", "  color: #A5ABB6;", "  shaft-width: 2px;", "  font-size: 8px;", "  padding: 3px;",
           "  text-color-external: #000000;", "  text-color-internal: #FFFFFF;", '  caption: "<type>";', "}"]
    for label in schema.labels.values():
        s = label.style
        out += [f"node.{label.name} {{", f"  color: {s.color};", f"  border-color: {s.border};",
                f"  text-color-internal: {s.text};"]
        if s.diameter != 50:
            out.append(f"  diameter: {s.diameter}px;")
        out += [f'  caption: "{{{s.caption}}}";', "}"]
    for rel in schema.relations.values():
        out += [f"relationship.{rel.name} {{", f"  color: {rel.color};"]
        if rel.width != 2:
            out.append(f"  shaft-width: {rel.width}px;")
        out += ['  caption: "<type>";', "}"]
    return "\n".join(out) + "\n"


def render_guide(queries: dict[str, str] | None = None, schema: Schema = SCHEMA) -> str:
    """A Neo4j Browser guide (`:guide URL`): a first slide on the data model, then one per bundled query."""
    queries = bundled_queries() if queries is None else queries

    def pre(text: str) -> str:
        return f'<pre class="pre-scrollable code runnable">{html.escape(text.strip(), quote=False)}</pre>'

    def codes(names) -> str:
        return ", ".join(f"<code>{html.escape(n)}</code>" for n in names)

    stated = [r for r in schema.text_relations]
    rel_lines = "".join(f"<li><code>{html.escape(r.name)}</code>: {html.escape(r.description)}</li>" for r in stated)
    slides = [f"""<slide class="row-fluid">
  <div class="col-sm-3">
    <h3>kgbuild: who met whom</h3>
    <p class="lead">The knowledge graph kgbuild built from news articles.</p>
  </div>
  <div class="col-sm-9">
    <p>Entities are {codes(schema.entity_labels)}; each article is a <code>Document</code>
    that <code>MENTIONS</code> them. Relationships stated in the articles:</p>
    <ul>{rel_lines}</ul>
    <p>Every such edge carries <code>doc_id</code> and the <code>evidence</code> sentence; every entity its
    <code>aliases</code> (each spelling the articles used).</p>
    <p>Click a grey block to copy it into the editor, then run it. Queries with parameters have a
    <code>:param</code> block first: run it, change the value to suit.</p>
    <p>kgbuild's colours and captions:</p>
    {pre(f":style {ASSETS_URL}/{GRASS_FILE}")}
    <p>A first look at the graph:</p>
    {pre("MATCH (a:Person)-[m:MET|TALKED_TO]-(b:Person) RETURN a, m, b LIMIT 100")}
  </div>
</slide>"""]
    for name, text in queries.items():
        head = query_header(text)
        params = "".join(pre(f":param {k} => {_cypher_string(v)}") for k, v in head["parameters"].items())
        only = f"<p><em>Neo4j only: {html.escape(head['neo4j_only'])}.</em></p>" if head["neo4j_only"] else ""
        cli = " ".join([f"kgbuild query {name}", *(f"-p {k}={v}" for k, v in head["parameters"].items()), "--neo4j"])
        slides.append(f"""<slide class="row-fluid">
  <div class="col-sm-3">
    <h3>{html.escape(name)}</h3>
    <p class="lead">{html.escape(head['answers'])}</p>
    {only}<p>From the command line: <code>{html.escape(cli)}</code></p>
  </div>
  <div class="col-sm-9">
    {params}{pre(text)}
  </div>
</slide>""")
    body = "\n".join(slides)
    return ("<!-- Generated from kgbuild/schema.py and cypher/*.cypher by `python -m kgbuild.browser`; do not edit. -->\n"
            "<title>kgbuild: who met whom</title>\n"
            f'<article class="guide">\n<carousel class="deck container-fluid">\n{body}\n</carousel>\n</article>\n')


def _cypher_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def write_browser_assets(folder: str | os.PathLike | None = None, schema: Schema = SCHEMA) -> list[Path]:
    """Write kgbuild.grass and kgbuild-guide.html (by default into the shipped cypher/browser/ folder)."""
    out = Path(folder) if folder else cypher_dir() / "browser"
    out.mkdir(parents=True, exist_ok=True)
    grass, guide = out / GRASS_FILE, out / GUIDE_FILE
    grass.write_text(render_grass(schema), encoding="utf-8")
    guide.write_text(render_guide(schema=schema), encoding="utf-8")
    return [grass, guide]


if __name__ == "__main__":  # python -m kgbuild.browser [FOLDER]
    import sys

    for p in write_browser_assets(sys.argv[1] if len(sys.argv) > 1 else None):
        print(p)
