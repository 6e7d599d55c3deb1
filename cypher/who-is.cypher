// Who someone is: every title the articles give them, the bodies and country those tie them to, every spelling.
// Titles whose body the text does not name are among the titles too. Matches any spelling (alias).
// Parameters: name (e.g. -p name=Muriuki).
MATCH (p:Person)
WHERE $name IN p.aliases OR p.name = $name
OPTIONAL MATCH (p)-[:HOLDS_ROLE]->(o)
WITH p, collect(DISTINCT o.name) AS bodies
OPTIONAL MATCH (d:Document)-[:MENTIONS]->(p)
RETURN p.name AS person, p.titles AS titles, bodies, p.country AS country, p.aliases AS aliases,
       count(DISTINCT d) AS documents;
