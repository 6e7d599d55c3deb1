// The entities named in the most documents, of every type.
// Parameters: none.
// labels(e) is a list in Neo4j (["Person"]) and one string in LadybugDB ("Person"); both print as Person.
MATCH (d:Document)-[:MENTIONS]->(e)
RETURN e.name AS entity, labels(e) AS type, count(DISTINCT d) AS documents
ORDER BY documents DESC, entity
LIMIT 25;
