// The documents that name an entity, by any of its spellings.
// Parameters: name (e.g. -p name=Kiev).
// Entities: name (any)
// kgbuild finds the entity by any spelling and passes its id; here give the id or a spelling as written.
MATCH (d:Document)-[:MENTIONS]->(e)
WHERE e.id = $name OR $name IN e.aliases
RETURN e.name AS entity, labels(e) AS type, d.doc_id AS document, d.title AS title
ORDER BY document, entity, title;
