"""Check a report's structure and arithmetic from the files in schemas/ alone (jsonschema only).

python validate.py SCHEMAS_DIR REPORT.json  — one JSON line per finding.
"""

import json
import sys
from pathlib import Path

from jsonschema import Draft202012Validator

schemas, report = Path(sys.argv[1]), Path(sys.argv[2])
payload = json.loads(report.read_text("utf-8"))

# Structure: report.schema.json stands alone (no registry, no network).
schema = json.loads((schemas / "report.schema.json").read_text("utf-8"))
validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
for error in validator.iter_errors(payload):
    path = "".join(f"/{step}" for step in error.absolute_path)
    print(json.dumps({"code": "schema", "path": path, "message": error.message}))


# Arithmetic: each identity of rules.json holds when Σ coefficient × value = 0. A blank
# (null) counts as 0; an identity with a value that is not a count is skipped.
def value(pointer: str) -> object:
    node = payload
    for key in pointer.split("/")[1:]:
        node = node.get(key) if isinstance(node, dict) else None
    return 0 if node is None else node


rules = json.loads((schemas / "rules.json").read_text("utf-8"))
for rule in rules["rules"]:
    for identity in rule.get("identities", {}).get(payload.get("format"), []):
        values = [value(term["pointer"]) for term in identity["terms"]]
        if not all(type(v) is int and v >= 0 for v in values):
            continue
        if sum(t["coefficient"] * v for t, v in zip(identity["terms"], values, strict=True)):
            where = {"path": identity["anchor"], "severity": rule["severity"]}
            print(json.dumps({"code": rule["code"], **where}))
