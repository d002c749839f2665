// Check a report's structure and arithmetic from the files in schemas/ alone (Ajv only).
// npm install ajv ajv-formats
// node validate.mjs SCHEMAS_DIR REPORT.json  — one JSON line per finding.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemas, report] = process.argv.slice(2);
const read = (path) => JSON.parse(readFileSync(path, "utf8"));
const payload = read(report);

// Structure: report.schema.json stands alone; Ajv's strict mode accepts every gkreport schema.
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(read(`${schemas}/report.schema.json`));
if (!validate(payload)) {
  for (const error of validate.errors) {
    console.log(JSON.stringify({ code: "schema", path: error.instancePath, message: error.message }));
  }
}

// Arithmetic: each identity of rules.json holds when Σ coefficient × value = 0. A blank
// (null) counts as 0; an identity with a value that is not a count is skipped.
function value(pointer) {
  let node = payload;
  for (const key of pointer.split("/").slice(1)) {
    node = node !== null && typeof node === "object" ? (node[key] ?? null) : null;
  }
  return node ?? 0;
}
const rules = read(`${schemas}/rules.json`);
for (const rule of rules.rules) {
  for (const identity of rule.identities?.[payload.format] ?? []) {
    const values = identity.terms.map((term) => value(term.pointer));
    if (!values.every((v) => Number.isInteger(v) && v >= 0)) continue;
    if (identity.terms.reduce((sum, term, i) => sum + term.coefficient * values[i], 0) !== 0) {
      console.log(JSON.stringify({ code: rule.code, path: identity.anchor, severity: rule.severity }));
    }
  }
}
