"""Every failure as an answer: a status, a stable code, and what went wrong in both languages.

A client must never see a traceback or a bare 500: whatever goes wrong (a body
too large, malformed JSON, a file no reader can read, a worker past its time
limit) becomes a `ServiceError`, answered as JSON to API clients and as a short
page in Chinese to a person using the upload page. The JSON is

    {"error": {"status": 422, "code": "unreadable",
               "message": "…（中文）", "message_en": "…", "problems": [...]},
     "gkreport_version": "…", "rules_version": "…"}

with ``problems`` (JSON pointer and message) only where a payload does not fit the
model, as `gkreport.InvalidReport` lists them, and the versions every record gkreport
writes carries. ``schemas/error.schema.json`` describes it; `CODES` lists the codes.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import simplejson

from gkreport._ruledata import versions

__all__ = ["CODES", "HTTP_CODE", "ServiceError", "error_page", "json_body", "size_text"]

#: Every ``code`` an error answer may carry, with when (error.schema.json lists them).
CODES = {
    "malformed_json": "400: the JSON body is not JSON",
    "bad_request": "400: a malformed request or form, a form without its file",
    "empty": "400: an empty upload",
    "not_found": "404: no such route or schema",
    "method_not_allowed": "405: the route does not take this method",
    "too_large": "413: the body is over the upload limit",
    "unsupported_type": "415: an upload of no type gkreport reads",
    "unreadable": "422: a file no reader can read",
    "invalid_report": "422: a payload that does not fit the report model (convert, the page)",
    "internal": "500: a bug, named without its traceback",
    "worker_failed": "500: the worker process died on the request",
    "time_limit": "504: the work took longer than the time limit",
}
#: The code of another refusal of the web framework's own: ``http_`` and its status.
HTTP_CODE = "http_{status}"


class ServiceError(Exception):
    """A request that cannot be answered as asked, with the status and code to answer."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        message_en: str,
        problems: Sequence[dict[str, str]] = (),
    ) -> None:
        super().__init__(message_en)
        self.status = status
        self.code = code
        self.message = message
        self.message_en = message_en
        self.problems = list(problems)

    def to_dict(self) -> dict[str, Any]:
        """The JSON answer: the ``error`` object, and the versions (error.schema.json)."""
        error: dict[str, Any] = {
            "status": self.status,
            "code": self.code,
            "message": self.message,
            "message_en": self.message_en,
        }
        if self.problems:
            error["problems"] = self.problems
        return {"error": error, **versions()}

    # --- the failures every route may meet --------------------------------------------------

    @classmethod
    def too_large(cls, limit: int) -> ServiceError:
        """The request body is over the upload limit."""
        size = size_text(limit)
        return cls(
            413,
            "too_large",
            f"上传内容超过大小上限 {size}",
            f"the request body is larger than the limit of {size}",
        )

    @classmethod
    def time_limit(cls, seconds: float) -> ServiceError:
        """The work took longer than the time limit; its worker was stopped."""
        return cls(
            504,
            "time_limit",
            f"处理时间超过上限 {seconds:g} 秒，已停止",
            f"the work took longer than the time limit of {seconds:g} s and was stopped",
        )

    @classmethod
    def worker_failed(cls, why: str) -> ServiceError:
        """The worker process died on the request (out of memory, killed by the system)."""
        return cls(
            500,
            "worker_failed",
            f"处理进程意外退出（{why}）",
            f"the worker process doing the work ended ({why})",
        )

    @classmethod
    def unexpected(cls, exc: BaseException) -> ServiceError:
        """A bug: named by its type and message, never by a traceback."""
        what = f"{type(exc).__name__}: {exc}"
        return cls(500, "internal", f"服务内部错误（{what}）", f"internal error ({what})")


def size_text(limit: int) -> str:
    """A byte count as people say it: 20 MiB, 512 KiB, 1000 bytes."""
    for unit, name in ((2**30, "GiB"), (2**20, "MiB"), (2**10, "KiB")):
        if limit >= unit and limit % unit == 0:
            return f"{limit // unit} {name}"
    return f"{limit} bytes"


def json_body(data: Any) -> bytes:
    """JSON as the service answers it: UTF-8, exact decimals, characters as themselves."""
    return simplejson.dumps(data, ensure_ascii=False, use_decimal=True).encode("utf-8")


def error_page(error: ServiceError) -> str:
    """The error as a short page in Chinese, with the English beneath and a way back."""
    problems = "".join(
        f"<li><code>{html.escape(p['path'] or '/')}</code>：{html.escape(p['message'])}</li>"
        for p in error.problems
    )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8"/>\n'
        f"<title>无法检查（{error.status}）</title>\n</head>\n<body>\n"
        f'<h1>无法检查</h1>\n<p class="error-message">{html.escape(error.message)}</p>\n'
        f'<p lang="en">{html.escape(error.message_en)}</p>\n'
        + (f"<ul>{problems}</ul>\n" if problems else "")
        + '<p><a href="/">返回上传页面</a></p>\n</body>\n</html>\n'
    )
