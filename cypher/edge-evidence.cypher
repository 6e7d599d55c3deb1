// The documents and sentences behind the edges between two entities (by any spelling): what to cite.
// Parameters: a, b (e.g. -p a=Muriuki -p b=Bondar).
// Entities: a (any), b (any)
// kgbuild finds each entity by any spelling and passes its id; here give ids or spellings as written.
// The relation is read from the edge key ("MET|...", ...): Neo4j spells it type(r), LadybugDB label(r).
MATCH (x)-[r:MET|TALKED_TO|HOLDS_ROLE|VISITED]-(y)
WHERE (x.id = $a OR $a IN x.aliases) AND (y.id = $b OR $b IN y.aliases)
MATCH (d:Document {doc_id: r.doc_id})
RETURN x.name AS source,
       CASE WHEN r.key STARTS WITH 'MET|' THEN 'MET' WHEN r.key STARTS WITH 'TALKED_TO|' THEN 'TALKED_TO'
            WHEN r.key STARTS WITH 'HOLDS_ROLE|' THEN 'HOLDS_ROLE' ELSE 'VISITED' END AS relation,
       y.name AS target, d.doc_id AS document, d.title AS title, d.published AS published, r.evidence AS evidence,
       r.trigger AS trigger, r.rule AS rule, r.confidence AS confidence
ORDER BY document, relation, source, target, evidence, trigger, rule, confidence, title, published;
