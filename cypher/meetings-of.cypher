// One person's meetings and calls, with the sentence that states each. Matches any spelling (alias).
// Parameters: name (e.g. -p name=Healey).
MATCH (p:Person)-[r:MET|TALKED_TO]-(other:Person)
WHERE $name IN p.aliases OR p.name = $name
RETURN p.name AS person, label(r) AS relation, other.name AS with_whom, r.place AS place, r.date AS date,
       r.doc_id AS document, r.evidence AS evidence
ORDER BY date, with_whom;
