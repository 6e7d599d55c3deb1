// Who travelled where, with the sentence that says so.
// Parameters: none.
MATCH (p:Person)-[v:VISITED]->(x)
RETURN p.name AS person, x.name AS visited, v.date AS date, v.doc_id AS document, v.evidence AS evidence
ORDER BY person, visited, date, document, evidence;
