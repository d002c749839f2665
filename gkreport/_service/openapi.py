"""The OpenAPI 3.1 document of the service (``GET /openapi.json``).

It describes every route, and for the payloads and results it refers to the
packaged JSON Schemas rather than copying them: each ``$ref`` is relative
(``v1/schemas/report.schema.json``), so it resolves against the document's own
address to the service's ``GET /v1/schemas/{name}``, which answers the file of
``schemas/`` of that name. OpenAPI 3.1 schemas are JSON Schema 2020-12, the
schemas' own dialect, so they are used as they are.
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


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


_ERRORS = {
    "400": _error("malformed JSON body or malformed form (`malformed_json`, `bad_request`)"),
    "413": _error("the body is over the upload limit (`too_large`), refused before reading it"),
    "415": _error("an upload of no type gkreport reads (`unsupported_type`)"),
    "422": _error("a file that cannot be read (`unreadable`) or does not fit the model"),
    "500": _error("the worker process died on the request (`worker_failed`)"),
    "504": _error("the work took longer than the time limit (`time_limit`)"),
}

_UPLOAD = {
    "type": "object",
    "properties": {
        "file": {
            "type": "string",
            "contentMediaType": "application/octet-stream",
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
            "application/octet-stream": {
                "schema": {"type": "string", "contentMediaType": "application/octet-stream"}
            },
        },
    }


def _components() -> dict[str, Any]:
    findings = "findings"
    return {
        "schemas": {
            "FileInfo": {
                "type": "object",
                "properties": {
                    "name": {
                        "anyOf": [{"type": "string"}, {"type": "null"}],
                        "description": "the upload's name as the client gave it; null for a "
                        "JSON body",
                    },
                    "type": {"type": "string", "description": "how it was read: xlsx, json …"},
                    "bytes": {"type": "integer", "minimum": 0},
                    "source": {"enum": ["body", "upload"]},
                },
                "required": ["name", "type", "bytes", "source"],
                "additionalProperties": False,
            },
            "ValidationRecord": {
                "description": "`gkreport.validate(...).to_dict()` (findings.schema.json) with "
                "the file it read",
                "type": "object",
                "properties": {
                    "file": {"$ref": "#/components/schemas/FileInfo"},
                    "ok": schema_ref(findings, "#/properties/ok"),
                    "format": schema_ref(findings, "#/properties/format"),
                    "counts": schema_ref(findings, "#/properties/counts"),
                    "findings": schema_ref(findings, "#/properties/findings"),
                },
                "required": ["file", "ok", "format", "counts", "findings"],
            },
            "Error": {
                "type": "object",
                "properties": {
                    "error": {
                        "type": "object",
                        "properties": {
                            "status": {"type": "integer"},
                            "code": {"type": "string"},
                            "message": {"type": "string", "description": "in Chinese"},
                            "message_en": {"type": "string"},
                            "problems": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "path": {"type": "string"},
                                        "message": {"type": "string"},
                                    },
                                    "required": ["path", "message"],
                                },
                            },
                        },
                        "required": ["status", "code", "message", "message_en"],
                    }
                },
                "required": ["error"],
                "additionalProperties": False,
            },
        }
    }


def _paths() -> dict[str, Any]:
    html = {"text/html": {"schema": {"type": "string"}}}
    return {
        "/v1/validate": {
            "post": {
                "summary": "validate a report: a JSON payload, or a file of any supported type",
                "operationId": "validate",
                "requestBody": _body(schema_ref("report")),
                "responses": {
                    "200": {
                        "description": "the result record",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ValidationRecord"}
                            }
                        },
                    },
                    **_ERRORS,
                },
            }
        },
        "/v1/convert": {
            "post": {
                "summary": "read a report (any supported type) into the interchange JSON",
                "operationId": "convert",
                "requestBody": _body(schema_ref("report")),
                "responses": {
                    "200": {
                        "description": "the report, amounts exact",
                        "content": {"application/json": {"schema": schema_ref("report")}},
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
                        "description": "every rule: code, severity, formats, scope, messages",
                        "content": {"application/json": {"schema": {"type": "object"}}},
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
                "responses": {"200": {"description": "the page", "content": html}},
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
