// The shortest chain of meetings and calls between two people (by any spelling), with the relation at each step.
// Parameters: a, b (e.g. -p a=Hrytsenko -p b=Bondar).
// Neo4j only: shortestPath() and list comprehensions, which LadybugDB's Cypher does not have.
MATCH (x:Person) WHERE $a IN x.aliases OR x.name = $a
MATCH (y:Person) WHERE ($b IN y.aliases OR y.name = $b) AND y <> x
MATCH path = shortestPath((x)-[:MET|TALKED_TO*..8]-(y))
RETURN x.name AS source, y.name AS target, length(path) AS hops, [n IN nodes(path) | n.name] AS people,
       [r IN relationships(path) | type(r)] AS relations, [r IN relationships(path) | r.doc_id] AS documents
ORDER BY hops, source, target;
