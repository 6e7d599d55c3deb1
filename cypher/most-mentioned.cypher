// The entities named in the most documents, of every type.
// Parameters: none.
// type is a list of labels on every store (["Person"]; kgbuild makes LadybugDB's one string a list).
MATCH (d:Document)-[:MENTIONS]->(e)
RETURN e.name AS entity, labels(e) AS type, count(DISTINCT d) AS documents
ORDER BY documents DESC, entity, type
LIMIT 25;
