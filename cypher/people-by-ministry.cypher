// People by ministry: who holds a title in which ministry, and the ministry's country.
// Parameters: none.
MATCH (p:Person)-[r:HOLDS_ROLE]->(m:Ministry)
OPTIONAL MATCH (m)-[:PART_OF]->(c:Country)
RETURN c.name AS country, m.name AS ministry, p.name AS person, collect(DISTINCT r.title) AS titles,
       count(DISTINCT r.doc_id) AS documents
ORDER BY country, ministry, person;
