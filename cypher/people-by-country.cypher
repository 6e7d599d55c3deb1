// People by country (the country their titles tie them to), with the titles the articles give them.
// Parameters: none.
MATCH (p:Person)
MATCH (c:Country {id: p.country})
OPTIONAL MATCH (p)-[r:HOLDS_ROLE]->()
RETURN c.name AS country, p.name AS person, collect(DISTINCT r.title) AS titles
ORDER BY country, person;
