"""The upload limit, enforced before a request body is read.

A request announcing more than the limit (``Content-Length``) is answered 413 at
once: not a byte of its body is read, so a client cannot make the service hold
gigabytes. A body sent without a length (chunked) is counted as it arrives and
refused as soon as it passes the limit. This is a plain ASGI middleware, outside
every route, so no route can forget it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from gkreport._service.errors import ServiceError, error_page, json_body

__all__ = ["UploadLimit", "answer"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


class _Passed(Exception):
    """Raised out of ``receive`` when a body without a length passes the limit."""


def _wants_html(scope: Scope) -> bool:
    """A person's browser (the upload page's form) rather than an API client."""
    for name, value in scope.get("headers", ()):
        if name == b"accept":
            return b"text/html" in value
    return False


async def answer(error: ServiceError, scope: Scope, send: Send) -> None:
    """Send ``error`` as the whole response: a page to a browser, JSON to anyone else."""
    if _wants_html(scope):
        body, media = error_page(error).encode("utf-8"), b"text/html; charset=utf-8"
    else:
        body, media = json_body(error.to_dict()), b"application/json"
    headers = [(b"content-type", media), (b"content-length", str(len(body)).encode())]
    if error.status == 413:
        headers.append((b"connection", b"close"))  # the unread body cannot be skipped
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _declared(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class UploadLimit:
    """Wrap ``app`` so that no request body over ``limit`` bytes is read."""

    def __init__(self, app: App, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _declared(scope)
        if declared is not None and declared > self.limit:
            await answer(ServiceError.too_large(self.limit), scope, send)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _Passed
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _Passed:
            if started:  # pragma: no cover - routes read the whole body before answering
                raise
            await answer(ServiceError.too_large(self.limit), scope, send)
