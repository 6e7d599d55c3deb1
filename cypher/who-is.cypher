// Who someone is: every title the articles give them, the bodies and country those tie them to, every spelling.
// Titles whose body the text does not name are among the titles too.
// Parameters: name (e.g. -p name=Muriuki).
// Entities: name (Person)
// kgbuild finds the person by any spelling and passes its id; here give the id or a spelling as written.
MATCH (p:Person)
WHERE p.id = $name OR $name IN p.aliases
OPTIONAL MATCH (p)-[:HOLDS_ROLE]->(o)
WITH p, collect(DISTINCT o.name) AS bodies
OPTIONAL MATCH (d:Document)-[:MENTIONS]->(p)
RETURN p.name AS person, p.titles AS titles, bodies, p.country AS country, p.aliases AS aliases,
       count(DISTINCT d) AS documents, p.id AS id
ORDER BY person, id;
