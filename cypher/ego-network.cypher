// One person's network to two hops: everyone they met or spoke with, and everyone those people met or spoke with.
// Parameters: name (e.g. -p name=Hrytsenko).
// Entities: name (Person)
// kgbuild finds the person by any spelling and passes its id; here give the id or a spelling as written.
MATCH path = (p:Person)-[:MET|TALKED_TO*1..2]-(other:Person)
WHERE (p.id = $name OR $name IN p.aliases) AND other <> p
RETURN p.name AS person, other.name AS contact, min(length(path)) AS hops
ORDER BY hops, contact, person;
