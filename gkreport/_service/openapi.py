"""The OpenAPI 3.1 document of the service (``GET /openapi.json``).

It describes every route, and for the payloads and results it refers to the
packaged JSON Schemas rather than copying them: each ``$ref`` is relative
(``v1/schemas/report.schema.json``), so it resolves against the document's own
address to the service's ``GET /v1/schemas/{name}``, which answers the file of
``schemas/`` of that name. OpenAPI 3.1 schemas are JSON Schema 2020-12, the
schemas' own dialect, so they are used as they are. Each answer refers to a whole file
(``service-result``, ``report``, ``rule-catalog``, ``error``), named under
``components/schemas`` for client generators; tests/test_service.py runs schemathesis
against the document and a running server.
"""

from __future__ import annotations

from typing import Any

from gkreport import __version__
from gkreport._schema import schema_names

__all__ = ["SCHEMAS", "document", "schema_ref"]

#: Where the packaged schemas are served, relative to the document (``/openapi.json``).
SCHEMAS = "v1/schemas/"


def schema_ref(name: str, pointer: str = "") -> dict[str, str]:
    """A ``$ref`` to a packaged schema (``findings``) or a part of it (``#/$defs/Finding``)."""
    return {"$ref": f"{SCHEMAS}{name}.schema.json{pointer}"}


def _component(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": _component("Error")}},
    }


_ERRORS = {
    "400": _error("malformed JSON body or malformed form (`malformed_json`, `bad_request`)"),
    "413": _error("the body is over the upload limit (`too_large`), refused before reading it"),
    "415": _error("an upload of no type gkreport reads (`unsupported_type`)"),
    "422": _error("a file that cannot be read (`unreadable`) or does not fit the model"),
    "500": _error("the worker process died on the request (`worker_failed`)"),
    "504": _error("the work took longer than the time limit (`time_limit`)"),
}

#: What ``/v1/validate`` takes as JSON: a report, or anything else (then schema findings).
_ANY_PAYLOAD = {
    "description": "a report (report.schema.json); any other JSON value is answered with "
    "the schema findings that say why it is not one",
    "anyOf": [_component("Report"), {}],
}

#: A file: any bytes (no ``type``: whatever a client sends in its place is a file's content).
_FILE = {"contentMediaType": "application/octet-stream"}

_UPLOAD = {
    "type": "object",
    "properties": {
        "file": {
            **_FILE,
            "description": "the report file: .xlsx .docx .pdf .html .htm .txt .md .json, and "
            "with LibreOffice .xls .ods .et .doc .docm .wps; the type is detected from the "
            "content, the name breaks ties (.md from .txt)",
        }
    },
    "required": ["file"],
}


def _body(json_schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "required": True,
        "content": {
            "application/json": {"schema": json_schema},
            "multipart/form-data": {"schema": _UPLOAD},
            "application/octet-stream": {"schema": _FILE},
        },
    }


def _components() -> dict[str, Any]:
    """Each answer's schema by name, for client generators: each is a packaged file."""
    return {
        "schemas": {
            "Report": schema_ref("report"),
            "ValidationResult": schema_ref("service-result"),
            "RuleCatalog": schema_ref("rule-catalog"),
            "Error": schema_ref("error"),
        }
    }


def _paths() -> dict[str, Any]:
    html = {"text/html": {"schema": {"type": "string"}}}
    return {
        "/v1/validate": {
            "post": {
                "summary": "validate a report: a JSON payload, or a file of any supported type",
                "operationId": "validate",
                "requestBody": _body(_ANY_PAYLOAD),
                "responses": {
                    "200": {
                        "description": "the result record (service-result.schema.json)",
                        "content": {"application/json": {"schema": _component("ValidationResult")}},
                    },
                    **_ERRORS,
                },
            }
        },
        "/v1/convert": {
            "post": {
                "summary": "read a report (any supported type) into the interchange JSON",
                "operationId": "convert",
                "requestBody": _body(_component("Report")),
                "responses": {
                    "200": {
                        "description": "the report, amounts exact (report.schema.json)",
                        "content": {"application/json": {"schema": _component("Report")}},
                    },
                    **_ERRORS,
                },
            }
        },
        "/v1/schemas/{name}": {
            "get": {
                "summary": "a packaged JSON Schema, as in schemas/",
                "operationId": "schema",
                "parameters": [
                    {
                        "name": "name",
                        "in": "path",
                        "required": True,
                        "description": "`report`, or the file name `report.schema.json`",
                        "schema": {
                            "enum": [
                                *schema_names(),
                                *(f"{name}.schema.json" for name in schema_names()),
                            ]
                        },
                    }
                ],
                "responses": {
                    "200": {
                        "description": "the schema",
                        "content": {"application/schema+json": {"schema": {"type": "object"}}},
                    },
                    "404": _error("no schema of that name (`not_found`)"),
                },
            }
        },
        "/v1/rules": {
            "get": {
                "summary": "the rule catalog as data",
                "operationId": "rules",
                "responses": {
                    "200": {
                        "description": "schemas/rules.json as it ships: every rule's code, "
                        "severity, formats, scope, messages and identities",
                        "content": {"application/json": {"schema": _component("RuleCatalog")}},
                    }
                },
            }
        },
        "/": {
            "get": {
                "summary": "the upload page (in Chinese)",
                "operationId": "uploadPage",
                "responses": {"200": {"description": "the page", "content": html}},
            }
        },
        "/report": {
            "post": {
                "summary": "the upload page's result: the report in the official layout",
                "operationId": "resultPage",
                "requestBody": {
                    "required": True,
                    "content": {"multipart/form-data": {"schema": _UPLOAD}},
                },
                "responses": {
                    "200": {"description": "the page", "content": html},
                    **{
                        status: {
                            "description": f"{answer['description']}, as a page in Chinese",
                            "content": html,
                        }
                        for status, answer in _ERRORS.items()
                    },
                },
            }
        },
    }


def document() -> dict[str, Any]:
    """The OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "gkreport",
            "version": __version__,
            "description": "Validate and convert the annual report on government information "
            "disclosure (政府信息公开工作年度报告). Payloads and results are described by the "
            "packaged JSON Schemas, served under /v1/schemas/.",
        },
        "paths": _paths(),
        "components": _components(),
    }
