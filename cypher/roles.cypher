// Who holds which office: the titles the articles give each person and the body or country it belongs to.
// Parameters: none.
MATCH (p:Person)-[r:HOLDS_ROLE]->(o)
RETURN p.name AS person, r.title AS title, o.name AS of, count(*) AS documents
ORDER BY person, title, of;
