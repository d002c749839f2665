"""The HTTP service (``gkreport serve``): validation and conversion for systems and people.

A portal, an archive or an evaluator posts a payload or a file and gets the
result record back; an agency's staff upload their workbook on a page in Chinese
and see the tables in the official layout with every finding on its cell.

One job per module:

* `settings` — what the operator chooses (address, workers, limits, CORS);
* `limit` — the upload size, refused before the body is read (413);
* `intake` — a request's payload or upload, written into its own temporary folder, its
  type told from its content (`gkreport._readers.sniff`; its name breaks ties);
* `pool` — worker processes, one request at a time each, killed past the time limit (504);
* `jobs` — what a worker does: validate, convert, render the result page;
* `errors` — every failure as a 4xx/5xx answer in JSON (or HTML for the page), no traceback;
* `pages` — the upload page and the frame of the result page;
* `rules` — the rule catalog as data (``GET /v1/rules``);
* `openapi` — the OpenAPI 3.1 document, referring to the packaged schemas;
* `app` — the routes, put together as a Starlette application, and `serve` with uvicorn.

It needs the ``gkreport[server]`` extra (Starlette, uvicorn, python-multipart);
nothing else in gkreport imports this package.
"""
