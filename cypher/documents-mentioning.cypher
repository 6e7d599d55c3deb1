// The documents that name an entity, by any of its spellings.
// Parameters: name (e.g. -p name=Kiev).
MATCH (d:Document)-[:MENTIONS]->(e)
WHERE $name IN e.aliases OR e.name = $name
RETURN e.name AS entity, label(e) AS type, d.doc_id AS document, d.title AS title
ORDER BY document;
