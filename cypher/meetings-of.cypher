// One person's meetings and calls, with the sentence that states each.
// Parameters: name (e.g. -p name=Muriuki).
// Entities: name (Person)
// kgbuild finds the person by any spelling (a surname, no accents, a transliteration) and passes its id;
// here (Neo4j Browser) give the id or a spelling exactly as the articles wrote it.
// The relation is read from the edge key ("MET|...", "TALKED_TO|..."): Neo4j spells it type(r), LadybugDB label(r).
MATCH (p:Person)-[r:MET|TALKED_TO]-(other:Person)
WHERE p.id = $name OR $name IN p.aliases
RETURN p.name AS person, CASE WHEN r.key STARTS WITH 'MET|' THEN 'MET' ELSE 'TALKED_TO' END AS relation,
       other.name AS with_whom, r.place AS place, r.date AS date, r.doc_id AS document, r.evidence AS evidence
ORDER BY date, with_whom, document, relation, place, evidence, person;
