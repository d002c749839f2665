// Validate instances with Ajv 2020 in strict mode, every gkreport schema loaded into one
// instance (so no two share an $id): node ajv_validate.mjs SCHEMAS_DIR JOB.json
// JOB.json is [{"schema": "report.schema.json", "instance": ...}, ...]; prints, for each,
// the instance paths of Ajv's errors ([] when valid).
import { readFileSync, readdirSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemas, job] = process.argv.slice(2);
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const ids = {};
for (const name of readdirSync(schemas).filter((n) => n.endsWith(".schema.json")).sort()) {
  const schema = JSON.parse(readFileSync(`${schemas}/${name}`, "utf8"));
  ajv.addSchema(schema);
  ids[name] = schema.$id;
}
const results = JSON.parse(readFileSync(job, "utf8")).map(({ schema, instance }) => {
  const validate = ajv.getSchema(ids[schema]);
  return validate(instance) ? [] : validate.errors.map((e) => e.instancePath);
});
console.log(JSON.stringify(results));
