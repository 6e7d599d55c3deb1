// One person's network to two hops: everyone they met or spoke with, and everyone those people met or spoke with.
// Parameters: name (e.g. -p name=Hrytsenko).
MATCH path = (p:Person)-[:MET|TALKED_TO*1..2]-(other:Person)
WHERE ($name IN p.aliases OR p.name = $name) AND other <> p
RETURN p.name AS person, other.name AS contact, min(length(path)) AS hops
ORDER BY hops, contact;
