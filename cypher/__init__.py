# The bundled Cypher queries ship inside the kgbuild package as kgbuild.cypher (see pyproject.toml).
