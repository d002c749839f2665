"""The HTTP service, end to end: a real uvicorn server on 127.0.0.1, driven over HTTP.

Every answer is compared with what the library gives for the same input, under
concurrency (50 requests from 8 threads); the limits are tried for real: an
upload over the limit (refused before its body is read), a slow page past the
time limit (its worker killed), malformed input (a 4xx naming the problem, never
a traceback), CORS, and that nothing is left on disk.
"""

import copy
import importlib.util
import json
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

pytest.importorskip("starlette", reason="gkreport[server] is not installed")
pytest.importorskip("uvicorn", reason="gkreport[server] is not installed")
pytest.importorskip("multipart", reason="gkreport[server] is not installed")

import gkreport
from gkreport import _json
from gkreport._render import render
from gkreport._schema import schema_names
from tests.reference import EXAMPLES, GUANDU, SEEDS
from tests.service_server import Server, error_of

TEXT_SEED = SEEDS / "002_ce68d56cc731e239.txt"
SCHEMA_FOLDER = Path(gkreport.__file__).parent / "schemas"
PORTAL = "https://portal.example"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)


def wrong_total(data):
    data = copy.deepcopy(data)
    data["applications"]["new"]["total"] += 1
    return data


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The inputs: JSON payloads, a workbook made from an example, a published text."""
    folder = tmp_path_factory.mktemp("inputs")
    workbook = folder / "qingzhen.xlsx"
    gkreport.dump(gkreport.load(EXAMPLES / "qingzhen-2020.json"), workbook)
    wrong = folder / "wrong.json"
    wrong.write_text(_json.dumps(wrong_total(_json.read_json(GUANDU))), "utf-8")
    return {
        "example": EXAMPLES / "qianxinan-2023.json",
        "wrong": wrong,
        "workbook": workbook,
        "text": TEXT_SEED,
    }


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with Server(tmp_path_factory.mktemp("server"), "--workers", "2", "--max-upload", "1M") as s:
        yield s
    assert s.exit_status == 143  # SIGTERM: shut down cleanly, with the shell's status
    assert list(s.tmp.rglob("*")) == []  # nothing left on disk, workers' folders included


@pytest.fixture(scope="module")
def tight(tmp_path_factory):
    """A server with a one-second time limit, one worker, and CORS for one origin."""
    options = ("--workers", "1", "--time-limit", "1", "--max-upload", "16M", "--cors", PORTAL)
    with Server(tmp_path_factory.mktemp("tight"), *options) as s:
        yield s
    assert list(s.tmp.rglob("*")) == []


def record(path, source, name):
    """The result record the library gives for a file: ``validate(...).to_dict()`` + file."""
    subject = _json.read_json(path) if path.suffix == ".json" else gkreport.load(path)
    info = {
        "name": name,
        "type": path.suffix.lstrip("."),
        "bytes": path.stat().st_size,
        "source": source,
    }
    return _json.loads(_json.dumps({"file": info, **gkreport.validate(subject).to_dict()}))


def without_banner(page):
    """The result page less the service's summary line: the renderer's page, exactly."""
    page = re.sub(r"<style>\n\.gk-service .*?</style>\n", "", page, count=1, flags=re.S)
    return re.sub(r'<div class="gk-service" id="gk-summary">.*?</div>\n', "", page, count=1)


# --- every route, concurrently ------------------------------------------------------


def requests_and_answers(files):
    """(name, call, check) for every route: the check compares with the library."""
    example, wrong = files["example"], files["wrong"]
    workbook, text = files["workbook"], files["text"]
    report = gkreport.load(text)
    page = render(report, "html", gkreport.validate(report).findings, lang="zh")

    def json_answer(expected):
        def check(status, headers, body):
            assert status == 200, body[:300]
            assert headers["content-type"].startswith("application/json")
            assert _json.loads(body.decode("utf-8")) == expected

        return check

    def exact(expected, media):
        def check(status, headers, body):
            assert status == 200, body[:300]
            assert headers["content-type"].startswith(media)
            assert body == expected

        return check

    def page_check(status, headers, body):
        assert status == 200, body[:300]
        assert without_banner(body.decode("utf-8")) == page

    def upload_page_check(status, headers, body):
        assert status == 200
        assert headers["content-type"].startswith("text/html")
        assert 'action="/report"' in body.decode("utf-8")

    def openapi_check(status, headers, body):
        assert status == 200
        assert json.loads(body)["openapi"].startswith("3.1")

    schema_file = SCHEMA_FOLDER / "findings.schema.json"
    upload = workbook.read_bytes()
    return [
        (
            "validate json",
            lambda s: s.post_json("/v1/validate", example.read_text("utf-8")),
            json_answer(record(example, "body", None)),
        ),
        (
            "validate wrong json",
            lambda s: s.post_json("/v1/validate", wrong.read_text("utf-8")),
            json_answer(record(wrong, "body", None)),
        ),
        (
            "validate workbook",
            lambda s: s.post_file("/v1/validate", "青镇.xlsx", upload),
            json_answer(record(workbook, "upload", "青镇.xlsx")),
        ),
        (
            "validate raw text",
            lambda s: s.call(
                "POST",
                "/v1/validate?filename=guandu.txt",
                text.read_bytes(),
                {"Content-Type": "application/octet-stream"},
            ),
            json_answer(record(text, "upload", "guandu.txt")),
        ),
        (
            "convert workbook",
            lambda s: s.post_file("/v1/convert", "qingzhen.xlsx", upload),
            exact(_json.dumps(gkreport.to_dict(gkreport.load(workbook))).encode(), "application"),
        ),
        (
            "convert text",
            lambda s: s.post_file("/v1/convert", "guandu.txt", text.read_bytes()),
            exact(_json.dumps(gkreport.to_dict(report)).encode(), "application/json"),
        ),
        (
            "schema",
            lambda s: s.call("GET", "/v1/schemas/findings.schema.json"),
            exact(schema_file.read_bytes(), "application/schema+json"),
        ),
        (
            "schema by name",
            lambda s: s.call("GET", "/v1/schemas/findings"),
            exact(schema_file.read_bytes(), "application/schema+json"),
        ),
        (
            "rules",
            lambda s: s.call("GET", "/v1/rules"),
            exact((SCHEMA_FOLDER / "rules.json").read_bytes(), "application/json"),
        ),
        ("openapi", lambda s: s.call("GET", "/openapi.json"), openapi_check),
        ("upload page", lambda s: s.call("GET", "/"), upload_page_check),
        (
            "result page",
            lambda s: s.post_file("/report", "guandu.txt", text.read_bytes()),
            page_check,
        ),
    ]


def test_every_route_answers_50_concurrent_requests_as_the_library_does(server, files):
    cases = requests_and_answers(files)
    plan = [cases[i % len(cases)] for i in range(50)]

    def one(case):
        name, call, _ = case
        return name, call(server)

    with ThreadPoolExecutor(8) as threads:
        answers = list(threads.map(one, plan))
    assert len(answers) == 50
    checks = {name: check for name, _, check in cases}
    for name, (status, headers, body) in answers:
        checks[name](status, headers, body)
    # every request's temporary folder is gone once it is answered
    assert not list(server.tmp.rglob("request-*"))


# --- malformed input: a 4xx in JSON that names the problem --------------------------------


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ('{"format": "2021", "year": 2023,', "line 1"),
        ('{"year": 2023, "year": 2024}', "duplicate key"),
        ('{"year": NaN}', "NaN"),
        ("", "Expecting value"),
    ],
)
def test_malformed_json_is_a_400_naming_the_problem(server, body, where):
    status, headers, answer = server.post_json("/v1/validate", body)
    assert status == 400
    assert headers["content-type"] == "application/json"
    error = error_of(answer)
    assert error["code"] == "malformed_json"
    assert where in error["message_en"]
    assert "Traceback" not in answer.decode("utf-8")


def test_a_payload_that_does_not_fit_the_model_is_validated_into_schema_findings(server):
    status, _, answer = server.post_json("/v1/validate", '{"format": "2021", "year": "x"}')
    assert status == 200
    result = json.loads(answer)
    assert result["ok"] is False
    assert "schema" in {f["code"] for f in result["findings"]}
    assert result == record_of_text(server.tmp.parent, '{"format": "2021", "year": "x"}')


def record_of_text(folder, text):
    path = folder / "payload.json"
    path.write_text(text, "utf-8")
    return record(path, "body", None)


def test_convert_refuses_a_payload_that_does_not_fit_naming_every_path(server):
    status, _, answer = server.post_json("/v1/convert", '{"format": "2021", "year": "x"}')
    assert status == 422
    error = error_of(answer)
    assert error["code"] == "invalid_report"
    assert "/year" in {problem["path"] for problem in error["problems"]}


def test_amounts_stay_exact_through_the_service(server):
    data = _json.read_json(EXAMPLES / "qianxinan-2023.json")
    text = _json.dumps(data).replace('"amount": 0', '"amount": 834.64350000000000001')
    status, _, answer = server.post_json("/v1/convert", text)
    assert status == 200
    assert b'"amount": 834.64350000000000001' in answer


@pytest.mark.parametrize(
    ("name", "content", "status", "code"),
    [
        ("picture.png", PNG, 415, "unsupported_type"),
        ("empty.xlsx", b"", 400, "empty"),
        ("notes.txt", "会议纪要：今天讨论了三件事。\n".encode(), 422, "unreadable"),
        ("broken.xlsx", b"PK\x03\x04" + bytes(100), 415, "unsupported_type"),
    ],
)
def test_an_upload_that_cannot_be_read_is_a_4xx_naming_the_file(
    server, name, content, status, code
):
    got, _, answer = server.post_file("/v1/validate", name, content)
    assert got == status
    error = error_of(answer)
    assert error["code"] == code
    text = answer.decode("utf-8")
    assert str(server.tmp) not in text  # the temporary folder is never shown
    if code == "unreadable":
        assert name in error["message"]
        assert name in error["message_en"]


def test_a_form_without_a_file_and_a_broken_form_are_400(server):
    status, _, answer = server.post_file("/v1/validate", "x.txt", b"abc", field="other")
    assert (status, error_of(answer)["code"]) == (400, "bad_request")
    broken = {"Content-Type": "multipart/form-data; boundary=zzz"}
    status, _, answer = server.call("POST", "/v1/validate", b"--zzz\r\nnonsense", broken)
    assert status == 400
    assert error_of(answer)["code"] == "bad_request"


def test_unknown_routes_schemas_and_methods_are_json_errors(server):
    status, _, answer = server.call("GET", "/v1/schemas/nope")
    assert (status, error_of(answer)["code"]) == (404, "not_found")
    assert "report" in error_of(answer)["message_en"]
    status, _, answer = server.call("GET", "/v2/anything")
    assert (status, error_of(answer)["code"]) == (404, "not_found")
    status, _, answer = server.call("GET", "/v1/validate")
    assert (status, error_of(answer)["code"]) == (405, "method_not_allowed")


def test_a_method_a_route_does_not_take_is_405_with_the_methods_it_does(server):
    for method, path, allowed in (
        ("TRACE", "/", {"GET", "HEAD"}),
        ("GET", "/v1/convert", {"POST"}),
    ):
        status, headers, answer = server.call(method, path)
        assert (status, error_of(answer)["code"]) == (405, "method_not_allowed")
        assert set(headers["allow"].split(", ")) == allowed  # RFC 9110: a 405 names them


def test_every_packaged_schema_is_served_as_its_file(server):
    folder = Path(gkreport.__file__).parent / "schemas"
    for name in schema_names():
        status, _, answer = server.call("GET", f"/v1/schemas/{name}.schema.json")
        assert status == 200
        assert answer == (folder / f"{name}.schema.json").read_bytes()


# --- the upload limit ------------------------------------------------------------------


def oversized(path, *headers):
    """The head of a request announcing a body of 2 MiB (the server's limit is 1 MiB)."""
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: text/plain", *headers]
    return "\r\n".join([*lines, f"Content-Length: {2 * 2**20}", "", ""])


def test_an_announced_oversized_body_is_413_before_a_byte_of_it_is_read(server):
    status, headers, body = server.raw(oversized("/v1/validate"))  # the body is never sent
    assert status == 413
    assert headers["content-type"] == "application/json"
    error = error_of(body)
    assert error["code"] == "too_large"
    assert "1 MiB" in error["message"]


def test_a_client_waiting_for_100_continue_is_told_413_instead(server):
    # curl sends "Expect: 100-continue" for large uploads and waits: it never sends the body
    status, _, body = server.raw(oversized("/v1/convert", "Expect: 100-continue"))
    assert (status, error_of(body)["code"]) == (413, "too_large")


def test_a_chunked_body_is_413_as_soon_as_it_passes_the_limit(server):
    head = (
        "POST /v1/validate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"y" * 2**18
    parts = [b"%x\r\n%s\r\n" % (len(chunk), chunk)] * 4 + [b"1\r\ny\r\n0\r\n\r\n"]
    status, _, body = server.raw(head, parts)
    assert (status, error_of(body)["code"]) == (413, "too_large")


def test_an_upload_at_the_limit_is_read(server):
    status, _, body = server.post_file("/v1/validate", "notes.txt", b"x" * (2**20 - 300))
    assert (status, error_of(body)["code"]) == (422, "unreadable")  # read, and not a report


def test_the_page_shows_the_413_as_a_page(server):
    status, headers, body = server.raw(oversized("/report", "Accept: text/html"))
    assert status == 413
    assert headers["content-type"].startswith("text/html")
    assert "上传内容超过大小上限 1 MiB" in body.decode("utf-8")


# --- the time limit ----------------------------------------------------------------------


def test_a_slow_page_hits_the_time_limit_and_its_worker_is_killed(tight, tmp_path):
    # A genuinely slow input: the published text, each line said three times, repeated
    # to near the line and page limits takes the text reader seconds (2.7 s on the
    # machine it was written on; the text alone, once a line, now reads in about one);
    # the server's limit is one second.
    lines = TEXT_SEED.read_text("utf-8").splitlines()
    slow = "\n".join(" ".join([line] * 3) for line in lines) * 265
    before = tight.descendants()
    started = time.monotonic()
    status, _, answer = tight.post_file("/v1/validate", "slow.txt", slow.encode("utf-8"))
    took = time.monotonic() - started
    assert status == 504
    assert list(bare_validator("error.schema.json").iter_errors(json.loads(answer))) == []
    error = error_of(answer)
    assert error["code"] == "time_limit"
    assert "1 s" in error["message_en"]
    assert took < 4  # answered at the limit, not when the work would have ended
    # the worker that was stopped is gone, a new one does the next request
    status, _, answer = tight.post_json(
        "/v1/validate", (EXAMPLES / "qianxinan-2023.json").read_text("utf-8")
    )
    assert status == 200
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        after = tight.descendants()
        gone, new = before - after, after - before
        if len(gone) == 1 and len(new) == 1:
            break
        time.sleep(0.2)
    assert (len(gone), len(new)) == (1, 1)
    assert not list(tight.tmp.rglob("request-*"))


# --- CORS -------------------------------------------------------------------------------


def test_cors_is_off_unless_asked(server):
    status, headers, _ = server.call("GET", "/v1/rules", headers={"Origin": PORTAL})
    assert status == 200
    assert "access-control-allow-origin" not in headers
    preflight = {"Origin": PORTAL, "Access-Control-Request-Method": "POST"}
    _, headers, _ = server.call("OPTIONS", "/v1/validate", headers=preflight)
    assert "access-control-allow-origin" not in headers


def test_cors_lets_the_origin_asked_for_and_no_other(tight):
    preflight = {
        "Origin": PORTAL,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    status, headers, _ = tight.call("OPTIONS", "/v1/validate", headers=preflight)
    assert status == 200
    assert headers["access-control-allow-origin"] == PORTAL
    _, headers, _ = tight.call("GET", "/v1/rules", headers={"Origin": PORTAL})
    assert headers["access-control-allow-origin"] == PORTAL
    _, headers, _ = tight.call("GET", "/v1/rules", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in headers


# --- OpenAPI ----------------------------------------------------------------------------


def test_openapi_refers_to_the_served_schemas_and_lists_every_route(server):
    status, _, answer = server.call("GET", "/openapi.json")
    document = json.loads(answer)
    assert document["openapi"] == "3.1.0"
    refs = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str) and not node["$ref"].startswith("#"):
                refs.add(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    assert refs == {  # whole files: each answer's schema is a packaged one
        "v1/schemas/report.schema.json",
        "v1/schemas/service-result.schema.json",
        "v1/schemas/rule-catalog.schema.json",
        "v1/schemas/error.schema.json",
    }
    for ref in refs:  # relative to /openapi.json, each resolves on this server
        address, _, pointer = ref.partition("#")
        status, _, answer = server.call("GET", "/" + address)
        assert status == 200
        node = json.loads(answer)
        for part in filter(None, pointer.split("/")):
            node = node[part]
    for path, operations in document["paths"].items():
        for method in operations:
            concrete = path.replace("{name}", "report")
            status, _, _ = server.call(
                method.upper(),
                concrete,
                b"{}" if method == "post" else None,
                {"Content-Type": "application/json"},
            )
            assert status not in (404, 405), (method, path)


# --- every JSON answer against the schema the OpenAPI document declares for it ------------


def bare_validator(ref):
    """A plain validator of the packaged file a ``$ref`` names: no registry, no network."""
    schema = json.loads((SCHEMA_FOLDER / Path(ref).name).read_text("utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def declared(document, method, path, status):
    """The packaged schema the document declares for an answer (route, status), as a ``$ref``."""
    answers = document["paths"][path][method]["responses"]
    schema = answers[str(status)]["content"]["application/json"]["schema"]
    name = schema["$ref"].removeprefix("#/components/schemas/")
    return document["components"]["schemas"][name]["$ref"]


def test_every_json_answer_validates_bare_against_its_declared_schema(server, files):
    document = json.loads(server.call("GET", "/openapi.json")[2])
    text = files["text"].read_bytes()
    octet = {"Content-Type": "application/octet-stream"}
    calls = [  # (method, route as declared, the call): every route and every error it can give
        ("post", "/v1/validate", lambda: server.post_json("/v1/validate", '{"format": "2021"}')),
        ("post", "/v1/validate", lambda: server.post_json("/v1/validate", "[1, 2]")),
        ("post", "/v1/validate", lambda: server.post_file("/v1/validate", "g.txt", text)),
        ("post", "/v1/validate", lambda: server.call("POST", "/v1/validate", text, octet)),
        ("post", "/v1/validate", lambda: server.post_json("/v1/validate", '{"year": 1,')),
        ("post", "/v1/validate", lambda: server.post_file("/v1/validate", "x", b"", "other")),
        ("post", "/v1/validate", lambda: server.post_file("/v1/validate", "e.xlsx", b"")),
        ("post", "/v1/validate", lambda: server.raw(oversized("/v1/validate"))),
        ("post", "/v1/validate", lambda: server.post_file("/v1/validate", "p.png", PNG)),
        ("post", "/v1/validate", lambda: server.post_file("/v1/validate", "n.txt", b"notes")),
        ("post", "/v1/convert", lambda: server.post_file("/v1/convert", "g.txt", text)),
        ("post", "/v1/convert", lambda: server.post_json("/v1/convert", '{"format": "x"}')),
        ("post", "/v1/convert", lambda: server.post_json("/v1/convert", "{")),
        ("get", "/v1/rules", lambda: server.call("GET", "/v1/rules")),
        ("get", "/v1/schemas/{name}", lambda: server.call("GET", "/v1/schemas/nope")),
    ]
    statuses = set()
    for method, route, call in calls:
        status, headers, body = call()
        assert headers["content-type"] == "application/json", (route, status)
        answer = json.loads(body)
        ref = declared(document, method, route, status)
        assert list(bare_validator(ref).iter_errors(answer)) == [], (route, status, answer)
        statuses.add((route, status))
    assert {status for _, status in statuses} == {200, 400, 404, 413, 415, 422}
    # the framework's own refusals, on no declared route, are error answers too
    error = bare_validator("error.schema.json")
    for method, path in (("GET", "/v2/anything"), ("GET", "/v1/validate"), ("PUT", "/v1/rules")):
        status, _, body = server.call(method, path)
        assert status in (404, 405)
        assert list(error.iter_errors(json.loads(body))) == []


def test_every_answer_says_which_gkreport_and_rules_made_it(server, files):
    versions = {
        "gkreport_version": gkreport.__version__,
        "rules_version": json.loads((SCHEMA_FOLDER / "rules.json").read_text("utf-8"))["version"],
    }
    for status, _, body in (
        server.post_file("/v1/validate", "g.txt", files["text"].read_bytes()),
        server.post_json("/v1/validate", "{"),
        server.call("GET", "/nowhere"),
        server.raw(oversized("/v1/convert")),
    ):
        answer = json.loads(body)
        assert {key: answer[key] for key in versions} == versions, status


# --- schemathesis: requests made from the OpenAPI document, answers checked against it ------

#: What schemathesis is told: a bounded run, reproducible, every check but one. A file
#: that fits the document (any bytes) is not a readable report, so "a request the schema
#: allows is accepted" cannot hold for an upload; everything else is checked: no 5xx, each
#: status, content type and header declared, each answer valid against its schema (fetched
#: by the document's relative $refs), requests that break the schema refused, 405s.
SCHEMATHESIS = (
    "--max-examples=10",
    "--seed=1",
    "--workers=1",
    "--phases=examples,coverage,fuzzing",
    "--checks=all",
    "--exclude-checks=positive_data_acceptance",
    "--request-timeout=60",
)


@pytest.mark.slow
def test_schemathesis_finds_no_answer_the_openapi_document_does_not_declare(server, tmp_path):
    if importlib.util.find_spec("schemathesis") is None:
        pytest.skip("schemathesis is not installed (pip install 'gkreport[test]')")
    command = [sys.executable, "-m", "schemathesis.cli", "run", *SCHEMATHESIS]
    done = subprocess.run(
        [*command, f"{server.url}/openapi.json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # its .hypothesis folder goes there
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-8000:] + done.stderr[-2000:]
    assert "6 selected / 6 total" in done.stdout  # every operation was tried
