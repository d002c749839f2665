"""tools/schemas.py: every file in schemas/ stands alone, in four validators of three languages.

Each schema is given to each validator bare — no registry, no resolver, no network — as
a new integrator would: Python jsonschema, jsonschema-rs (Rust), check-jsonschema (the
command line) and Ajv 2020 in strict mode with ajv-formats (JavaScript, every schema in
one instance). They must all accept the examples and refuse the same table of invalid
payloads; and every kind of record gkreport prints (the result, each kind of JSON line)
must validate against its schema in every validator.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from jsonschema import Draft202012Validator

import gkreport
from gkreport._cli import main
from tests.node import ajv_folder, node_json
from tests.reference import EXAMPLES

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"
NAMES = sorted(p.name for p in SCHEMAS.glob("*.schema.json"))
AJV_SCRIPT = Path(__file__).with_name("ajv_validate.mjs")


def load(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text("utf-8"))


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / name).read_text("utf-8"))


def _with(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    *parents, last = path.strip("/").split("/")
    node = data
    for key in parents:
        node = node.setdefault(key, {})
    node[last] = value
    return data


Y21, Y19 = example("qianxinan-2023.json"), example("qingzhen-2020.json")

#: Payloads every validator must accept against report.schema.json (and their format's file).
VALID = {
    "the 2021 example": Y21,
    "the 2019 example": Y19,
    "only the format": {"format": "2021"},
    "a count written 12.0": _with(Y21, "/applications/new/total", 12.0),
    "a signed 2019 change": _with(Y19, "/proactive/licensing/delta", -8),
    "an exact amount": _with(Y21, "/proactive/fees/amount", 834.6435),
    "a blank cell": _with(Y21, "/appeals/review/upheld", None),
    "a note of kind unread": {
        "format": "2019",
        "notes": [{"path": "/a", "raw": "", "kind": "unread"}],
    },
}

#: Payloads every validator must refuse, with the instance path that is wrong.
INVALID = {
    "a negative count": (_with(Y21, "/applications/new/total", -1), "/applications/new/total"),
    "a fraction in a count": (
        _with(Y21, "/applications/new/total", 1.5),
        "/applications/new/total",
    ),
    "a count as text": (_with(Y19, "/appeals/review/total", "12"), "/appeals/review/total"),
    "a count as true": (_with(Y19, "/appeals/review/total", True), "/appeals/review/total"),
    "a negative amount": (_with(Y21, "/proactive/fees/amount", -1), "/proactive/fees/amount"),
    "an unknown property": (_with(Y21, "/colour", "red"), ""),
    "an unknown cell": (_with(Y19, "/applications/new/robots", 1), "/applications/new"),
    "a 2021 row in a 2019 report": (
        _with(Y19, "/applications/results/other", {"fee_unpaid": {"total": 1}}),
        "/applications/results/other",
    ),
    "an unknown format": ({"format": "2020"}, "/format"),
    "no format": ({"agency": "x"}, ""),
    "a year before 2008": (_with(Y21, "/year", 2007), "/year"),
    "an unknown kind": (_with(Y21, "/kind", "city"), "/kind"),
    "a date not YYYY-MM-DD": (_with(Y19, "/published_on", "2021-1-29"), "/published_on"),
    "a note without raw": ({"format": "2021", "notes": [{"path": "/a"}]}, "/notes/0"),
    "a note of an unknown kind": (
        {"format": "2021", "notes": [{"path": "/a", "raw": "", "kind": "odd"}]},
        "/notes/0/kind",
    ),
}


def _report_schemas(payload: dict[str, Any]) -> list[str]:
    """report.schema.json, and the file of the payload's own format when it has one."""
    names = ["report.schema.json"]
    if f"report-{payload.get('format')}.schema.json" in NAMES:
        names.append(f"report-{payload['format']}.schema.json")
    return names


def _python(name: str) -> Draft202012Validator:
    schema = load(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


# --- the files themselves -------------------------------------------------------------------


def test_the_schemas_are_the_report_result_record_rule_catalog_and_service_schemas():
    assert NAMES == [
        "error.schema.json",
        "findings.schema.json",
        "record.schema.json",
        "report-2019.schema.json",
        "report-2021.schema.json",
        "report.schema.json",
        "rule-catalog.schema.json",
        "service-result.schema.json",
    ]


@pytest.mark.parametrize("name", NAMES)
def test_no_ref_leaves_its_file_and_no_type_is_a_union(name):
    """What makes a file stand alone, and what Ajv's strict mode refuses."""
    found: list[tuple[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            found.extend((key, value) for key, value in node.items() if key in ("$ref", "type"))
            for key, value in node.items():
                if key in ("properties", "$defs"):  # names, not keywords: a property "type"
                    for subschema in value.values():
                        walk(subschema)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(load(name))
    assert any(key == "type" for key, _ in found)
    assert all(value.startswith("#/") for key, value in found if key == "$ref")
    assert all(isinstance(value, str) for key, value in found if key == "type")


def test_no_two_schemas_share_an_id():
    ids = [load(name)["$id"] for name in NAMES]
    assert len(set(ids)) == len(ids)


# --- Python jsonschema, jsonschema-rs --------------------------------------------------------


@pytest.mark.parametrize("case", VALID)
def test_python_and_rust_validators_accept_the_valid_payloads_bare(case):
    payload = VALID[case]
    for name in _report_schemas(payload):
        assert list(_python(name).iter_errors(payload)) == [], name
        assert jsonschema_rs.validator_for(load(name)).is_valid(payload), name


@pytest.mark.parametrize("case", INVALID)
def test_python_and_rust_validators_refuse_the_invalid_payloads_at_the_same_place(case):
    payload, where = INVALID[case]
    for name in _report_schemas(payload):
        errors = list(_python(name).iter_errors(payload))
        assert errors, name
        paths = {"".join(f"/{step}" for step in e.absolute_path) for e in errors}
        assert where in paths, (name, paths)
        assert not jsonschema_rs.validator_for(load(name)).is_valid(payload), name


# --- check-jsonschema --------------------------------------------------------------------------


def _check_jsonschema(schema: str, files: list[Path]) -> subprocess.CompletedProcess[str]:
    program = shutil.which("check-jsonschema") or str(
        Path(sys.executable).with_name("check-jsonschema")
    )
    return subprocess.run(
        [program, "--schemafile", str(SCHEMAS / schema), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _write(folder: Path, payloads: dict[str, Any]) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for index, (case, payload) in enumerate(payloads.items()):
        files[case] = folder / f"case-{index:02}.json"
        files[case].write_text(json.dumps(payload, ensure_ascii=False), "utf-8")
    return files


def test_check_jsonschema_accepts_the_valid_and_refuses_each_invalid_payload(tmp_path):
    valid = _write(tmp_path / "valid", VALID)
    done = _check_jsonschema("report.schema.json", list(valid.values()))
    assert done.returncode == 0, done.stdout + done.stderr
    invalid = _write(tmp_path / "invalid", {case: p for case, (p, _) in INVALID.items()})
    done = _check_jsonschema("report.schema.json", list(invalid.values()))
    assert done.returncode == 1, done.stdout + done.stderr
    for case, path in invalid.items():
        assert path.name in done.stdout, case


# --- every record gkreport prints --------------------------------------------------------------


def _records(folder: Path) -> list[dict[str, Any]]:
    """Real JSON lines of every kind: results, unreadable, skipped, checks, left out."""
    folder.mkdir()
    (folder / "qianxinan-2023.json").write_text(json.dumps(Y21, ensure_ascii=False), "utf-8")
    earlier = {**_with(Y21, "/year", 2022), "title": None}
    (folder / "qianxinan-2022.json").write_text(json.dumps(earlier, ensure_ascii=False), "utf-8")
    copied = {**_with(Y21, "/agency", "某县工业和信息化局"), "title": None}
    (folder / "copied-2023.json").write_text(json.dumps(copied, ensure_ascii=False), "utf-8")
    (folder / "qingzhen-2020.json").write_text(json.dumps(Y19, ensure_ascii=False), "utf-8")
    (folder / "broken.json").write_text("{", "utf-8")
    (folder / "scan.png").write_bytes(b"\x89PNG")
    lines = []
    for extra in (["--series", "--copies"], ["--rollup", str(folder / "broken.json")]):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            main(["validate", "--json", str(folder), *extra])
        lines += [json.loads(line) for line in out.getvalue().splitlines()]
    return lines


KINDS = ("FileResult", "Unreadable", "Skipped", "CheckAcross", "CheckNotRun", "LeftOut")


def _kind(line: dict[str, Any]) -> str:
    record = load("record.schema.json")
    fits = [
        kind
        for kind in KINDS
        if Draft202012Validator({"$defs": record["$defs"], "$ref": f"#/$defs/{kind}"}).is_valid(
            line
        )
    ]
    assert len(fits) == 1, (line, fits)
    return fits[0]


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """Real records of every kind, by the schema that describes them."""
    lines = _records(tmp_path_factory.mktemp("records") / "reports")
    payloads = (Y21, Y19, _with(Y21, "/applications/new/total", 9), {"format": "?"})
    return {
        "record.schema.json": lines,
        "findings.schema.json": [gkreport.validate(p).to_dict() for p in payloads],
        **_service_answers(tmp_path_factory.mktemp("service"), payloads),
    }


def _service_answers(folder: Path, payloads: tuple[Any, ...]) -> dict[str, list[Any]]:
    """What ``gkreport serve`` answers, made in-process by its worker's own function.

    Every error it can answer: those the worker gives (malformed JSON, a payload that
    does not fit, an unreadable upload) and those the server gives around it (too large,
    past the time limit, a worker that died, a bug, the web framework's own refusals).
    """
    from gkreport._service import jobs  # noqa: PLC0415 - no web framework needed
    from gkreport._service.errors import ServiceError  # noqa: PLC0415

    def answer(action: str, name: str, content: bytes, origin: str) -> tuple[int, Any]:
        path = folder / name
        path.write_bytes(content)
        status, _, body = jobs.answer(action, str(path), name, origin)
        return status, json.loads(body)

    results, errors = [], []
    for index, payload in enumerate((*payloads, [1, 2], "x")):
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        results.append(answer("validate", f"p{index}.json", data, jobs.BODY))
    examples = EXAMPLES / "qingzhen-2020.json"
    results.append(answer("validate", "upload.json", examples.read_bytes(), jobs.UPLOAD))
    errors.append(answer("validate", "payload.json", b'{"year": 1,', jobs.BODY))
    errors.append(answer("convert", "payload.json", b'{"format": "2021", "year": "x"}', jobs.BODY))
    errors.append(answer("validate", "upload.txt", "会议纪要".encode(), jobs.UPLOAD))
    made = (
        ServiceError.too_large(2**20),
        ServiceError.time_limit(1.5),
        ServiceError.worker_failed("killed by signal 9"),
        ServiceError.unexpected(ValueError("x")),
        ServiceError(404, "not_found", "没有这个地址", "Not Found"),
        ServiceError(400, "http_400", "请求格式错误", "Bad Request"),
    )
    errors += [(error.status, error.to_dict()) for error in made]
    assert {status for status, _ in results} == {200}
    assert {status for status, _ in errors} == {400, 404, 413, 422, 500, 504}
    return {
        "service-result.schema.json": [body for _, body in results],
        "error.schema.json": [body for _, body in errors],
    }


def test_every_kind_of_json_line_is_printed_and_carries_the_versions(records):
    kinds = sorted({_kind(line) for line in records["record.schema.json"]})
    assert kinds == sorted(KINDS)
    every = [record for name in sorted(records) for record in records[name]]  # service's too
    assert {line["gkreport_version"] for line in every} == {gkreport.__version__}
    assert len({line["rules_version"] for line in every}) == 1


def test_every_record_validates_bare_in_python_rust_and_check_jsonschema(records, tmp_path):
    for name, instances in records.items():
        python, rust = _python(name), jsonschema_rs.validator_for(load(name))
        for instance in instances:
            assert list(python.iter_errors(instance)) == [], instance
            assert rust.is_valid(instance), instance
        files = _write(tmp_path / name, dict(enumerate(instances)))
        done = _check_jsonschema(name, list(files.values()))
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_rule_catalog_validates_against_its_schema_bare():
    data, name = json.loads((SCHEMAS / "rules.json").read_text("utf-8")), "rule-catalog.schema.json"
    assert list(_python(name).iter_errors(data)) == []
    assert jsonschema_rs.validator_for(load(name)).is_valid(data)
    assert _check_jsonschema(name, [SCHEMAS / "rules.json"]).returncode == 0


# --- Ajv 2020, strict, every schema in one instance --------------------------------------------


@pytest.fixture(scope="session")
def ajv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ajv_folder(tmp_path_factory.mktemp("node"))


@pytest.mark.slow
def test_ajv_strict_agrees_on_every_payload_and_record(ajv, records, tmp_path):
    job: list[dict[str, Any]] = []
    for payload in VALID.values():
        job += [{"schema": name, "instance": payload} for name in _report_schemas(payload)]
    valid = len(job)
    for payload, _ in INVALID.values():
        job += [{"schema": name, "instance": payload} for name in _report_schemas(payload)]
    invalid = len(job) - valid
    for name, instances in records.items():
        job += [{"schema": name, "instance": instance} for instance in instances]
    job.append(
        {
            "schema": "rule-catalog.schema.json",
            "instance": json.loads((SCHEMAS / "rules.json").read_text("utf-8")),
        }
    )
    (tmp_path / "job.json").write_text(json.dumps(job, ensure_ascii=False), "utf-8")
    results = node_json(ajv, AJV_SCRIPT, str(SCHEMAS), str(tmp_path / "job.json"))
    assert results[:valid] == [[]] * valid
    assert all(results[valid : valid + invalid]), results[valid : valid + invalid]
    assert results[valid + invalid :] == [[]] * (len(job) - valid - invalid)
