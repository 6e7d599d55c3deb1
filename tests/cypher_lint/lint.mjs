// Lint Cypher with Neo4j's own parser and semantic analysis (@neo4j-cypher/language-support), Neo4j 5 dialect.
//
// stdin:  {"schema": {DbSchema fields: labels, relationshipTypes, propertyKeys, functions, procedures, ...},
//          "statements": [{"id": "...", "text": "...", "parameters": {"name": "example value", ...}}, ...]}
// stdout: [{"id": "...", "diagnostics": [{"severity": "error"|"warning"|..., "message": "...",
//                                         "line": 1, "column": 1, "snippet": "..."}]}, ...]
// Used by tests/test_cypher_lint.py; run `npm ci --prefix tests/cypher_lint` first.
import { readFileSync } from 'node:fs';
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

const input = JSON.parse(readFileSync(0, 'utf8'));
const base = { defaultLanguage: 'CYPHER 5', ...(input.schema ?? {}) };
const out = [];
for (const st of input.statements) {
  const schema = { ...base, parameters: st.parameters ?? {} };
  const { diagnostics } = lintCypherQuery(st.text, schema);
  out.push({
    id: st.id,
    diagnostics: diagnostics.map((d) => ({
      severity: SEVERITY[d.severity] ?? String(d.severity),
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      snippet: st.text.slice(d.offsets.start, Math.max(d.offsets.end, d.offsets.start + 1)),
    })),
  });
}
process.stdout.write(JSON.stringify(out));
