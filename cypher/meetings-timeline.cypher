// Meetings and calls in date order: the date the text gives, else the article's publication date, then undated ones.
// Parameters: none.
MATCH (a:Person)-[r:MET|TALKED_TO]->(b:Person)
MATCH (d:Document {doc_id: r.doc_id})
RETURN coalesce(r.date, d.published) AS date, CASE WHEN r.key STARTS WITH 'MET|' THEN 'MET' ELSE 'TALKED_TO' END AS relation,
       a.name AS person, b.name AS with_whom, r.place AS place, d.doc_id AS document, d.title AS title
ORDER BY date, document, person, with_whom, relation, place, title;
