// The query cookbook (README "Query cookbook").  Each recipe runs unchanged on the embedded
// store (`kg query`), on Neo4j and over any Bolt server (`kg query --uri …`); the tests run
// every recipe on both kinds of store and check its rows.  A recipe is a comment line
// "// NAME: QUESTION  params: KEY=VALUE ..." followed by its Cypher; recipes are separated by a
// blank line.

// owns: Which department owns which projects?
MATCH (d:Department)-[:RESPONSIBLE_FOR]->(p:Project)
RETURN d.name AS department, p.name AS project
ORDER BY department, project

// due: What is due before a date?  params: before=2024-01-01
MATCH (x)-[r:DEADLINE]->(t:TimePoint)
WHERE t.date < date($before)
RETURN x.name AS item, t.date AS due, r.text AS deadline
ORDER BY due, item

// located: What is located in a place, directly or in a place inside it?  params: place=南京市
MATCH (x)-[:LOCATED_IN*1..3]->(p:Place {name: $place})
RETURN DISTINCT x.name AS name
ORDER BY name

// issued: Which policies did a department issue?  params: department=市政府
MATCH (p:Policy)-[:ISSUED_BY]->(d:Department {name: $department})
RETURN p.name AS policy
ORDER BY policy

// evidence: The evidence sentences behind a relation, and the documents they come from.  params: head=市发展改革委 tail=城南污水处理厂
MATCH (a {name: $head})-[r:RESPONSIBLE_FOR]->(b {name: $tail})
RETURN r.evidence AS evidence, r.documents AS documents
