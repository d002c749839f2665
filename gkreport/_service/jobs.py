"""What a worker process does with one request: validate, convert, or render the result page.

Everything that costs CPU — parsing JSON, reading a workbook or a PDF, validating,
rendering — happens here, in a worker of `gkreport._service.pool`, so the web
server stays responsive and a request past its time limit can be stopped by
killing its worker. A job is a tuple of strings (what to do, the file in the
request's temporary folder, the name the client gave it, where it came from) and
the answer is ``(status, media type, body)``: plain data, cheap to pickle, already
serialised (amounts as exact JSON numbers).

A JSON body is read with gkreport's own JSON reader (`gkreport._json`): amounts
stay `Decimal`, duplicate keys and NaN are refused. Every failure becomes a
`ServiceError`'s answer; nothing here lets an exception out.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gkreport import _io, _json
from gkreport._convert import from_dict, to_dict
from gkreport._errors import InvalidReport, ReadError
from gkreport._model import Report
from gkreport._service import pages
from gkreport._service.errors import ServiceError, error_page, json_body
from gkreport._validation.engine import validate

__all__ = ["ACTIONS", "BODY", "UPLOAD", "Answer", "answer", "work"]

#: The job's actions: the result record, the report JSON, the result page.
ACTIONS = ("validate", "convert", "page")
#: Where the file came from: a JSON request body, or a file uploaded.
BODY, UPLOAD = "body", "upload"

Answer = tuple[int, str, bytes]
_JSON = "application/json"
_HTML = "text/html; charset=utf-8"


def _shown(name: str, origin: str) -> str:
    return name or ("request body" if origin == BODY else "upload")


def _read_error(exc: ReadError, path: Path, name: str, origin: str) -> ServiceError:
    """The error of a file that cannot be read, named as the client named it (not its temp path)."""
    shown = _shown(name, origin)
    reason = exc.reason.replace(str(path), shown).replace(str(path.parent), "")
    reason = reason.removeprefix("not valid JSON: ") if origin == BODY else reason
    where = f"（{exc.where}）" if exc.where else ""
    where_en = f" ({exc.where})" if exc.where else ""
    if origin == BODY:
        return ServiceError(
            400,
            "malformed_json",
            f"请求正文不是有效的 JSON{where}：{reason}",
            f"the request body is not valid JSON{where_en}: {reason}",
        )
    return ServiceError(
        422,
        "unreadable",
        f"无法读取上传的文件 {shown}{where}：{reason}",
        f"cannot read the uploaded file {shown}{where_en}: {reason}",
    )


def _invalid(exc: InvalidReport) -> ServiceError:
    problems = [{"path": p.path, "message": p.message} for p in exc.errors]
    count = len(problems)
    return ServiceError(
        422,
        "invalid_report",
        f"内容不符合报告格式（{count} 处问题）",
        f"the payload does not fit the report model ({count} problem(s))",
        problems,
    )


def _file_info(path: Path, name: str, origin: str) -> dict[str, Any]:
    return {
        "name": name or None,
        "type": path.suffix.lstrip("."),
        "bytes": path.stat().st_size,
        "source": origin,
    }


def _report(path: Path) -> Report:
    """The report in the file; a JSON file must fit the model (`InvalidReport` otherwise)."""
    if path.suffix == ".json":
        return from_dict(_json.read_json(path))
    return _io.load(path)


def _validate(path: Path, name: str, origin: str) -> Answer:
    # A JSON payload is validated as a plain dict, so that what does not fit the
    # model becomes ``schema`` findings rather than a refusal.
    subject: Report | Any = _json.read_json(path) if path.suffix == ".json" else _io.load(path)
    record = {"file": _file_info(path, name, origin), **validate(subject).to_dict()}
    return 200, _JSON, json_body(record)


def _convert(path: Path) -> Answer:
    return 200, _JSON, _json.dumps(to_dict(_report(path))).encode("utf-8")


def _page(path: Path, name: str, origin: str) -> Answer:
    report = _report(path)
    page = pages.result_page(report, validate(report), _shown(name, origin))
    return 200, _HTML, page.encode("utf-8")


def answer(action: str, file: str, name: str, origin: str) -> Answer:
    """Do one job; every failure is answered as a `ServiceError` (JSON, or HTML for the page)."""
    path = Path(file)
    try:
        if action == "validate":
            return _validate(path, name, origin)
        if action == "convert":
            return _convert(path)
        return _page(path, name, origin)
    except ReadError as exc:
        error = _read_error(exc, path, name, origin)
    except InvalidReport as exc:
        error = _invalid(exc)
    except Exception as exc:  # a bug: answered without a traceback, this worker lives on
        error = ServiceError.unexpected(exc)
    if action == "page":
        return error.status, _HTML, error_page(error).encode("utf-8")
    return error.status, _JSON, json_body(error.to_dict())


def work(job: Sequence[str]) -> list[Answer]:
    """The worker's task (`gkreport._cli.workers` protocol): one job in, its one answer out."""
    action, file, name, origin = job
    return [answer(action, file, name, origin)]
