// The gkreport conformance cases, run in JavaScript from the published files alone:
// the structure by Ajv against schemas/report.schema.json, the arithmetic (F1–F4) by
// evaluating the identities of schemas/rules.json as its "arithmetic" section says.
// The diagnosis and the text checks stay Python's; every other finding is compared only
// as "the payload fits the schema or not".
//
//   npm install ajv ajv-formats
//   node run.mjs [CASES_DIR] [SCHEMAS_DIR]
//
// Prints one line per case and a last line "N passed, N failed"; exits 1 on any failure.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const here = dirname(fileURLToPath(import.meta.url));
const casesDir = process.argv[2] ?? join(here, "cases");
const schemasDir = process.argv[3] ?? join(here, "..", "..", "schemas");
const read = (path) => JSON.parse(readFileSync(path, "utf8"));

const rules = read(join(schemasDir, "rules.json"));
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const fitsSchema = ajv.compile(read(join(schemasDir, "report.schema.json")));

const IDENTITY_RULES = rules.rules.filter((rule) => rule.identities);
const IDENTITY_CODES = new Set(IDENTITY_RULES.map((rule) => rule.code));
// What the schema alone refuses: a payload fits it unless Python reports one of these.
const STRUCTURE_CODES = new Set(["schema", "F5", "F6", "F6b"]);
const GROUP = rules.arithmetic.group_row;
const UNKNOWN = Symbol("unknown");

// arithmetic.read: a missing key or a null on the way is a blank (null); a value on the
// way that is not an object, or an object or array at the cell, is unknown.
function cell(payload, pointer) {
  let node = payload;
  for (const key of pointer.split("/").slice(1)) {
    if (node === null || node === undefined) return null;
    if (typeof node !== "object" || Array.isArray(node)) return UNKNOWN;
    node = node[key];
  }
  if (node === null || node === undefined) return null;
  return typeof node === "object" ? UNKNOWN : node;
}

// A count is an integer ≥ 0 (12.0 is 12 once parsed); anything else is unknown.
const isCount = (value) => typeof value === "number" && Number.isInteger(value) && value >= 0;

function notesOf(payload, kind) {
  const notes = Array.isArray(payload.notes) ? payload.notes : [];
  return notes.filter(
    (note) =>
      note !== null &&
      typeof note === "object" &&
      typeof note.path === "string" &&
      (kind === null ? note.kind === undefined || note.kind === null : note.kind === kind),
  );
}

// arithmetic.group_row: the （六） group row's columns, from its note, when every sub-row is blank.
function groupRow(payload, identities) {
  const subRows = new Set();
  for (const identity of identities) {
    for (const term of identity.terms) {
      if (!term.group_row && term.pointer.startsWith(`${GROUP.pointer}/`)) subRows.add(term.pointer);
    }
  }
  const note = notesOf(payload, null).find((n) => n.path === GROUP.pointer && typeof n.raw === "string");
  if (note === undefined || [...subRows].some((p) => cell(payload, p) !== null)) return {};
  const numbers = (note.raw.match(/\d+/g) ?? []).map(Number);
  if (numbers.length !== GROUP.columns.length) return {};
  return Object.fromEntries(GROUP.columns.map((column, i) => [`${GROUP.pointer}/${column}`, numbers[i]]));
}

function identityFindings(payload) {
  const format = payload.format;
  const all = IDENTITY_RULES.flatMap((rule) => rule.identities[format] ?? []);
  if (all.length === 0) return [];
  const unread = notesOf(payload, "unread").map((n) => n.path);
  const implausible = new Set(notesOf(payload, "implausible").map((n) => n.path));
  const group = groupRow(payload, all);
  const value = (term) => {
    if (term.group_row) return group[term.pointer] ?? 0;
    const p = term.pointer;
    if (implausible.has(p) || unread.some((u) => p === u || p.startsWith(`${u}/`))) return UNKNOWN;
    const v = cell(payload, p);
    if (v === null) return 0; // arithmetic.blank (a mark is a blank with a note)
    return isCount(v) ? v : UNKNOWN;
  };
  const found = [];
  for (const rule of IDENTITY_RULES) {
    for (const identity of rule.identities[format] ?? []) {
      const values = identity.terms.map(value);
      if (values.includes(UNKNOWN)) continue; // arithmetic.unknown: skipped
      const sum = identity.terms.reduce((s, term, i) => s + term.coefficient * values[i], 0);
      if (sum !== 0) found.push({ code: rule.code, path: identity.anchor, severity: rule.severity });
    }
  }
  return found;
}

const key = (f) => `${f.code} ${f.path} ${f.severity}`;
let passed = 0;
let failed = 0;
for (const name of readdirSync(casesDir).filter((n) => n.endsWith(".json")).sort()) {
  const { payload, expected } = read(join(casesDir, name));
  const problems = [];
  // An identity a blank or wrong cell breaks is folded into that cell's finding (explains).
  const every = (findings) => findings.flatMap((f) => [f, ...every(f.explains ?? [])]);
  const want = every(expected).filter((f) => IDENTITY_CODES.has(f.code)).map(key).sort();
  const got = identityFindings(payload).map(key).sort();
  if (JSON.stringify(want) !== JSON.stringify(got)) {
    problems.push(`identities: expected [${want.join("; ")}], got [${got.join("; ")}]`);
  }
  const fits = fitsSchema(payload);
  const refused = expected.some((f) => STRUCTURE_CODES.has(f.code));
  if (fits === refused) {
    problems.push(`schema: Ajv says ${fits ? "valid" : "invalid"}, the case ${refused ? "refuses" : "accepts"} it`);
  }
  if (problems.length) {
    failed += 1;
    console.log(`FAIL ${name}: ${problems.join(" | ")}`);
  } else {
    passed += 1;
    console.log(`ok ${name} (${got.length} identity findings)`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
