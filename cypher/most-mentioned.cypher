// The entities named in the most documents, of every type.
// Parameters: none.
MATCH (d:Document)-[:MENTIONS]->(e)
RETURN e.name AS entity, label(e) AS type, count(DISTINCT d) AS documents
ORDER BY documents DESC, entity
LIMIT 25;
