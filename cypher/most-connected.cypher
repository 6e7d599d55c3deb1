// The most connected people: how many others each met or spoke with, in how many documents.
// Parameters: none.
MATCH (p:Person)-[r:MET|TALKED_TO]-(other:Person)
RETURN p.name AS person, count(DISTINCT other) AS contacts, count(DISTINCT r.doc_id) AS documents
ORDER BY contacts DESC, documents DESC, person
LIMIT 25;
