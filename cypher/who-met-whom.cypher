// Who met whom: every pair of people the articles say met, with how many documents say so, where and when.
// Parameters: none.
MATCH (a:Person)-[m:MET]->(b:Person)
RETURN a.name AS person, b.name AS met, count(*) AS documents,
       collect(DISTINCT m.place) AS places, collect(DISTINCT m.date) AS dates
ORDER BY documents DESC, person, met;
