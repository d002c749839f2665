"""The service's routes as a Starlette application, and `serve`, which runs it with uvicorn.

=========================  =====================================================
``POST /v1/validate``      the result record: ``validate(...).to_dict()`` + ``file``
``POST /v1/convert``       the report as interchange JSON (amounts exact)
``GET /v1/schemas/{name}`` a packaged schema (``report`` or ``report.schema.json``)
``GET /v1/rules``          the rule catalog as data
``GET /openapi.json``      the OpenAPI 3.1 document
``GET /``                  the upload page; its form posts to ``POST /report``
=========================  =====================================================

Each request that carries a report gets a temporary folder of its own, removed
when the answer is ready whatever happened; the work is done by the worker pool
within the time limit. Every error is answered as JSON (`errors.ServiceError`);
the two page routes answer a person with an HTML page instead.
"""

from __future__ import annotations

import contextlib
import functools
import tempfile
from collections.abc import AsyncIterator, Mapping
from importlib import resources
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from gkreport._errors import ReadError
from gkreport._readers.dispatch import readable_suffixes, reader_for
from gkreport._schema import schema_names
from gkreport._service import intake, jobs, openapi, pages, rules
from gkreport._service.errors import HTTP_CODE, ServiceError, error_page, json_body
from gkreport._service.limit import UploadLimit
from gkreport._service.pool import Pool, TimeLimitExceeded, WorkerFailed
from gkreport._service.settings import Settings

__all__ = ["create_app", "serve"]

_JSON = "application/json"
_HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed"}
_HTTP_ZH = {400: "请求格式错误", 404: "没有这个地址", 405: "此地址不接受这种请求方法"}


def _error_response(
    error: ServiceError, *, page: bool = False, headers: Mapping[str, str] | None = None
) -> Response:
    if page:
        return HTMLResponse(error_page(error), error.status, headers)
    return Response(json_body(error.to_dict()), error.status, headers, media_type=_JSON)


@functools.cache
def _schema_file(name: str) -> bytes:
    folder = resources.files("gkreport").joinpath("schemas")
    return folder.joinpath(f"{name}.schema.json").read_bytes()


def _available_suffixes() -> tuple[str, ...]:
    """The suffixes this installation reads now (no LibreOffice: no .doc), for the page."""
    found = []
    for suffix in readable_suffixes():
        reader = reader_for(suffix)
        try:
            if reader is not None:
                reader.check_program(Path(f"x{suffix}"))
        except ReadError:  # the program it runs is missing: not offered
            continue
        found.append(suffix)
    return tuple(found)


class _Routes:
    """The handlers, sharing the settings and the worker pool."""

    def __init__(self, settings: Settings, pool: Pool) -> None:
        self.settings = settings
        self.pool = pool

    async def _work(self, request: Request, action: str) -> Response:
        page = action == "page"
        try:
            with tempfile.TemporaryDirectory(prefix="request-", dir=self.pool.scratch) as folder:
                upload = await intake.receive(request, Path(folder))
                job = (action, str(upload.path), upload.name, upload.origin)
                status, media, body = await self.pool.run(job)
        except ServiceError as error:
            return _error_response(error, page=page)
        except TimeLimitExceeded:
            return _error_response(ServiceError.time_limit(self.pool.time_limit), page=page)
        except WorkerFailed as exc:
            return _error_response(ServiceError.worker_failed(str(exc)), page=page)
        return Response(body, status, media_type=media)

    async def validate(self, request: Request) -> Response:
        return await self._work(request, "validate")

    async def convert(self, request: Request) -> Response:
        return await self._work(request, "convert")

    async def report_page(self, request: Request) -> Response:
        return await self._work(request, "page")

    async def upload_page(self, request: Request) -> Response:
        return HTMLResponse(pages.upload_page(_available_suffixes(), self.settings.max_upload))

    async def schema(self, request: Request) -> Response:
        name = str(request.path_params["name"]).removesuffix(".schema.json")
        if name not in schema_names():
            known = ", ".join(schema_names())
            return _error_response(
                ServiceError(
                    404,
                    "not_found",
                    f"没有名为 {name} 的模式；现有：{known}",
                    f"no schema {name!r}; known: {known}",
                )
            )
        return Response(_schema_file(name), media_type="application/schema+json")

    async def rules(self, request: Request) -> Response:
        return Response(rules.catalog(), media_type=_JSON)

    async def openapi(self, request: Request) -> Response:
        return Response(json_body(openapi.document()), media_type=_JSON)


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals (no such route, wrong method) in the service's JSON."""
    status = exc.status_code if isinstance(exc, HTTPException) else 400
    detail = exc.detail if isinstance(exc, HTTPException) else str(exc)
    code = _HTTP_CODES.get(status, HTTP_CODE.format(status=status))
    error = ServiceError(status, code, _HTTP_ZH.get(status, detail), detail)
    page = "text/html" in request.headers.get("accept", "")
    headers = exc.headers if isinstance(exc, HTTPException) else None  # 405's Allow
    return _error_response(error, page=page, headers=headers)


async def _unexpected(request: Request, exc: Exception) -> Response:
    """A bug: a 500 naming the exception, never its traceback (the server's log has that)."""
    return _error_response(ServiceError.unexpected(exc))


def create_app(settings: Settings) -> Starlette:
    """The service as an ASGI application; its lifespan starts and stops the worker pool."""
    pool = Pool(settings.workers, settings.time_limit, jobs.work)
    routes = _Routes(settings, pool)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await pool.start()
        try:
            yield
        finally:
            await pool.close()

    middleware = []
    if settings.cors:  # off unless asked: only the origins named may call from a browser
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors),
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type"],
            )
        )
    middleware.append(Middleware(UploadLimit, limit=settings.max_upload))
    return Starlette(
        routes=[
            Route("/", routes.upload_page, methods=["GET"]),
            Route("/report", routes.report_page, methods=["POST"]),
            Route("/v1/validate", routes.validate, methods=["POST"]),
            Route("/v1/convert", routes.convert, methods=["POST"]),
            Route("/v1/schemas/{name}", routes.schema, methods=["GET"]),
            Route("/v1/rules", routes.rules, methods=["GET"]),
            Route("/openapi.json", routes.openapi, methods=["GET"]),
        ],
        middleware=middleware,
        exception_handlers={HTTPException: _http_error, Exception: _unexpected},
        lifespan=lifespan,
    )


def serve(settings: Settings) -> None:
    """Run the service until SIGINT or SIGTERM (uvicorn finishes the requests under way)."""
    import uvicorn  # noqa: PLC0415 - only the command that serves needs the server

    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")
