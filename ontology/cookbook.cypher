// The query cookbook (README "Query cookbook").  Each recipe runs unchanged on the embedded
// store (`kg query`), on Neo4j and over any Bolt server (`kg query --uri …`).  Its parameters are
// names from the shipped seeds, so every recipe answers on the demo build (`make demo`); the tests
// run each one there, and on both kinds of store over a hand-made graph whose rows they check.
// A recipe is a comment line "// NAME: QUESTION  params: KEY=VALUE ..." followed by its Cypher;
// recipes are separated by a blank line.

// owns: Which department owns which projects?
MATCH (d:Department)-[:RESPONSIBLE_FOR]->(p:Project)
RETURN d.name AS department, p.name AS project
ORDER BY department, project

// due: What is due before a date?  params: before=2024-01-01
MATCH (x)-[r:DEADLINE]->(t:TimePoint)
WHERE t.date < date($before)
RETURN x.name AS item, t.date AS due, r.text AS deadline
ORDER BY due, item

// located: What is located in a place, directly or in a place inside it?  params: place=城关区
MATCH (x)-[:LOCATED_IN*1..3]->(p:Place {name: $place})
RETURN DISTINCT x.name AS name
ORDER BY name

// issued: Which policies did a department issue?  params: department=国务院
MATCH (p:Policy)-[:ISSUED_BY]->(d:Department {name: $department})
RETURN p.name AS policy
ORDER BY policy

// evidence: The evidence sentences behind a relation, and the documents they come from.  params: head=国家发改委 tail=新能源微电网示范项目
MATCH (a {name: $head})-[r:RESPONSIBLE_FOR]->(b {name: $tail})
RETURN r.evidence AS evidence, r.documents AS documents

// bodies: Which bodies does a bare name stand for: in which place, named by which documents?  params: name=区委
MATCH (d:Department {name: $name})-[:MENTIONED_IN]->(doc:Document)
RETURN d.id AS body, d.place AS place, doc.file AS document
ORDER BY body, document
