// Who holds which office: every title the articles give each person, with the body or country it belongs to.
// A title whose body the text does not name (and none can be inferred) is listed with an empty body: it lives
// only in the person's titles. documents: how many documents state the title in that body.
// Parameters: none.
MATCH (p:Person)
WHERE p.titles IS NOT NULL
UNWIND p.titles AS title
OPTIONAL MATCH (p)-[r:HOLDS_ROLE]->(o)
WHERE toLower(r.title) = toLower(title)
RETURN p.name AS person, title, o.name AS of, count(r) AS documents
ORDER BY person, title, of;
