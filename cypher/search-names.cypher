// Search every spelling of every entity through the full-text index (names and aliases, Lucene syntax).
// Parameters: text (e.g. -p text=Kiev).
// Neo4j only: the entity_names full-text index (cypher/schema.cypher), which LadybugDB does not have.
CALL db.index.fulltext.queryNodes('entity_names', $text) YIELD node, score
RETURN node.name AS entity, labels(node) AS type, node.id AS id, node.aliases AS aliases, score
ORDER BY score DESC, entity, id
LIMIT 25;
