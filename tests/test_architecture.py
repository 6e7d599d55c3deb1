"""The shape of the package: imports flow down the pipeline, and commands that parse no text start fast."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "kgbuild"


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def top_level_imports(lazy: bool = False) -> nx.DiGraph:
    """Module -> kgbuild modules it imports when it is imported (with `lazy`, also those its functions import)."""
    g = nx.DiGraph()
    for path in PACKAGE.rglob("*.py"):
        name = module_name(path)
        g.add_node(name)
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            walk = lazy or isinstance(node, (ast.If, ast.Try))
            for stmt in ast.walk(node) if walk else [node]:
                targets: list[str] = []
                if isinstance(stmt, ast.ImportFrom):
                    if stmt.level:
                        base = package.split(".")
                        base = base[: len(base) - (stmt.level - 1)]
                        mod = ".".join(base + ([stmt.module] if stmt.module else []))
                    else:
                        mod = stmt.module or ""
                    targets = [mod] + [f"{mod}.{a.name}" for a in stmt.names]
                elif isinstance(stmt, ast.Import):
                    targets = [a.name for a in stmt.names]
                for t in targets:
                    if t.startswith("kgbuild") and (PACKAGE.parent / (t.replace(".", "/") + ".py")).exists() \
                            or (PACKAGE.parent / t.replace(".", "/") / "__init__.py").exists():
                        if t != name and t.startswith("kgbuild"):
                            g.add_edge(name, t)
    return g


def test_no_import_cycles():
    g = top_level_imports(lazy=True)  # an import inside a function is still a dependency
    # A package importing its own submodules (kgbuild.stores -> kgbuild.stores.base) is not a cycle of stages.
    g.remove_edges_from([(a, b) for a, b in list(g.edges) if b.startswith(a + ".")])
    cycles = list(nx.simple_cycles(g))
    assert not cycles, f"import cycles: {cycles}"


def test_imports_flow_down_the_pipeline():
    g = top_level_imports()

    def reaches(a: str, b: str) -> bool:
        return a in g and b in g and nx.has_path(g, a, b)

    # The records and the schema are the language every stage speaks: they import nothing of kgbuild's but the schema.
    assert set(g.successors("kgbuild.schema")) == set()
    assert set(g.successors("kgbuild.records")) <= {"kgbuild.schema"}
    # No stage reaches back into an earlier one.
    for later, earlier in [("kgbuild.resolve", "kgbuild.extract"), ("kgbuild.assemble", "kgbuild.extract"),
                           ("kgbuild.stores", "kgbuild.extract"), ("kgbuild.stores.base", "kgbuild.resolve"),
                           ("kgbuild.stores.embedded", "kgbuild.assemble"), ("kgbuild.ingest", "kgbuild.extract"),
                           ("kgbuild.queries", "kgbuild.stores")]:
        assert not reaches(later, earlier), f"{later} imports {earlier}"


def imported_by(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_commands_that_parse_no_text_never_load_spacy(tmp_path):
    """`kgbuild --help` and `kgbuild query` start without spaCy or networkx (the bars: 0.3 s and 0.5 s)."""
    for code in ("import kgbuild", "import kgbuild.cli",
                 "from kgbuild.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"):
        mods = imported_by(code)
        assert "spacy" not in mods and "networkx" not in mods, code
    # A query on a store: LadybugDB, but neither spaCy nor networkx.
    from kgbuild.assemble import doc_node_id  # noqa: F401  (building the store here may load anything)
    from kgbuild.stores.embedded import EmbeddedStore
    from kgbuild.stores.base import new_graph

    g = new_graph()
    g.add_node("person:a", label="Person", properties={"id": "person:a", "name": "Ann Aho", "aliases": ["Ann Aho"]})
    EmbeddedStore(tmp_path / "kg").write_graph(g)
    mods = imported_by("from kgbuild.cli import main\ntry:\n"
                       f"    main(['query', 'MATCH (p:Person) RETURN p.name', '--store', {str(tmp_path / 'kg')!r}])\n"
                       "except SystemExit as e:\n    assert not e.code, e.code")
    assert "ladybug" in mods and "spacy" not in mods and "networkx" not in mods
