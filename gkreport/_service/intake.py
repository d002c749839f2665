"""A request's report, written into the request's own temporary folder.

Three ways in, one way out (an `Upload`: a file in the folder, the name the
client gave it, where it came from):

* ``Content-Type: application/json`` — the body is the payload (``payload.json``),
  read later with gkreport's exact JSON reader, never Starlette's (which makes
  amounts floats);
* ``multipart/form-data`` — the form's ``file`` field, as a browser sends it;
* anything else — the body is the file itself (``curl --data-binary @report.xlsx``),
  its name, if any, in the ``filename`` query parameter.

An uploaded file's type is detected from its content (`gkreport._readers.sniff`, as
``gkreport validate -`` tells standard input's) and the file is named by it, so the
reader chosen never depends on a name alone.
The body is streamed to disk as it arrives (the upload limit is enforced around
this, by `gkreport._service.limit`); the folder is the caller's to remove.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import attrs
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request

from gkreport._readers import sniff
from gkreport._service.errors import ServiceError
from gkreport._service.jobs import BODY, UPLOAD

__all__ = ["FIELD", "Upload", "receive"]

#: The form field that carries the file.
FIELD = "file"
_CHUNK = 2**20
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")


@attrs.frozen
class Upload:
    """The report of one request, on disk: ``name`` is the client's ("" for none)."""

    path: Path
    name: str
    origin: str


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def clean_name(name: str | None) -> str:
    """The client's file name as shown back: its last part, no control characters, bounded."""
    last = re.split(r"[/\\]", name or "")[-1]
    return _UNPRINTABLE.sub("", last)[:255]


async def _write(chunks: AsyncIterator[bytes], path: Path) -> int:
    size = 0
    with path.open("wb") as file:
        async for chunk in chunks:
            file.write(chunk)
            size += len(chunk)
    return size


async def _parts(upload: UploadFile) -> AsyncIterator[bytes]:
    while chunk := await upload.read(_CHUNK):
        yield chunk


def _typed(path: Path, name: str) -> Upload:
    """The uploaded file, renamed to the suffix its content calls for."""
    if path.stat().st_size == 0:
        raise ServiceError(400, "empty", "上传的文件是空的", "the uploaded file is empty")
    suffix = sniff.suffix_for(path, name)
    if suffix is None:
        shown = f" {name}" if name else ""
        raise ServiceError(
            415,
            "unsupported_type",
            f"无法识别上传的文件{shown}的类型：不是 Excel、Word、PDF、网页、文本或 JSON 文件",
            f"the uploaded file{shown} is of no type gkreport reads "
            "(Excel, Word, PDF, a web page, text or JSON)",
        )
    return Upload(path.rename(path.with_name(f"upload{suffix}")), name, UPLOAD)


async def _from_form(request: Request, folder: Path) -> Upload:
    try:
        async with request.form(max_files=1, max_fields=16) as form:
            upload = form.get(FIELD)
            if not isinstance(upload, UploadFile):
                raise ServiceError(
                    400,
                    "bad_request",
                    f"表单中没有名为 {FIELD} 的文件",
                    f"the form has no file field named {FIELD!r}",
                )
            name = clean_name(upload.filename)
            await _write(_parts(upload), folder / "upload")
    except HTTPException as exc:  # the multipart parser's complaint: a malformed form
        raise ServiceError(
            400, "bad_request", f"表单格式错误：{exc.detail}", f"malformed form: {exc.detail}"
        ) from None
    return _typed(folder / "upload", name)


async def receive(request: Request, folder: Path) -> Upload:
    """Write the request's payload or file into ``folder``.

    :raises ServiceError: a malformed form, an empty upload, an upload of no known type.
    """
    media = _media_type(request)
    if media == "application/json" or media.endswith("+json"):
        path = folder / "payload.json"
        await _write(request.stream(), path)
        return Upload(path, "", BODY)
    if media == "multipart/form-data":
        return await _from_form(request, folder)
    name = clean_name(request.query_params.get("filename"))
    await _write(request.stream(), folder / "upload")
    return _typed(folder / "upload", name)
