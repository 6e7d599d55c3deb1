// The documents that name an entity, by any of its spellings.
// Parameters: name (e.g. -p name=Kiev).
// labels(e) is a list in Neo4j (["Place"]) and one string in LadybugDB ("Place"); both print as Place.
MATCH (d:Document)-[:MENTIONS]->(e)
WHERE $name IN e.aliases OR e.name = $name
RETURN e.name AS entity, labels(e) AS type, d.doc_id AS document, d.title AS title
ORDER BY document;
