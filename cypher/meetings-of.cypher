// One person's meetings and calls, with the sentence that states each. Matches any spelling (alias).
// Parameters: name (e.g. -p name=Muriuki).
// The relation is read from the edge key ("MET|...", "TALKED_TO|..."): Neo4j spells it type(r), LadybugDB label(r).
MATCH (p:Person)-[r:MET|TALKED_TO]-(other:Person)
WHERE $name IN p.aliases OR p.name = $name
RETURN p.name AS person, CASE WHEN r.key STARTS WITH 'MET|' THEN 'MET' ELSE 'TALKED_TO' END AS relation,
       other.name AS with_whom, r.place AS place, r.date AS date, r.doc_id AS document, r.evidence AS evidence
ORDER BY date, with_whom, document, relation;
