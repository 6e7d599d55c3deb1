// The shortest chain of meetings and calls between two people (by any spelling), with the relation at each step.
// Parameters: a, b (e.g. -p a=Hrytsenko -p b=Bondar).
// Entities: a (Person), b (Person)
// kgbuild finds each person by any spelling and passes the id; here give ids or spellings as written.
// Neo4j only: shortestPath() and list comprehensions, which LadybugDB's Cypher does not have.
MATCH (x:Person) WHERE x.id = $a OR $a IN x.aliases
MATCH (y:Person) WHERE (y.id = $b OR $b IN y.aliases) AND y <> x
MATCH path = shortestPath((x)-[:MET|TALKED_TO*..8]-(y))
RETURN x.name AS source, y.name AS target, length(path) AS hops, [n IN nodes(path) | n.name] AS people,
       [r IN relationships(path) | type(r)] AS relations, [r IN relationships(path) | r.doc_id] AS documents
ORDER BY hops, source, target;
