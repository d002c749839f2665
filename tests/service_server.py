"""A real ``gkreport serve`` in a subprocess on 127.0.0.1, and a plain HTTP client for it.

The server listens on port 0 (the system picks a free port; uvicorn logs which),
its temporary folder is one the test owns (``TMPDIR``), and it is stopped with
SIGTERM, as a service manager stops it. The client is the standard library's, so
the tests need nothing the service does not.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_RUNNING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")


class Server:
    """``gkreport serve *options`` on 127.0.0.1; use it as a context manager."""

    def __init__(self, folder: Path, *options: str) -> None:
        self.folder = folder
        self.tmp = folder / "tmp"
        self.log = folder / "server.log"
        self.options = options
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.exit_status: int | None = None

    def __enter__(self) -> Server:
        self.tmp.mkdir(parents=True)
        env = {**os.environ, "TMPDIR": str(self.tmp), "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-m", "gkreport", "serve", "--host", "127.0.0.1"]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [*command, "--port", "0", *self.options],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=self.folder,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            found = _RUNNING.search(self.log.read_text("utf-8", "replace"))
            if found:
                self.port = int(found.group(1))
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not start:\n{self.log.read_text('utf-8', 'replace')}")

    def __exit__(self, *_: object) -> None:
        self.stop()

    def stop(self) -> int | None:
        """SIGTERM, and wait for the server to finish its shutdown."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None:
            self.exit_status = self.process.returncode
        return self.exit_status

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def call(self, method, path, body=None, headers=None, timeout=120):
        """(status, headers as a lower-cased dict, body bytes), on a connection of its own."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            answer = response.read()
            found = {name.lower(): value for name, value in response.getheaders()}
            return response.status, found, answer
        finally:
            connection.close()

    def post_json(self, path, text):
        return self.call("POST", path, text.encode("utf-8"), {"Content-Type": "application/json"})

    def post_file(self, path, name, content, field="file", headers=None):
        """A multipart/form-data upload, as a browser's form sends it."""
        body, content_type = multipart(field, name, content)
        return self.call("POST", path, body, {"Content-Type": content_type, **(headers or {})})

    def raw(self, head, parts=()):
        """Send a request's head and body ``parts`` by hand, as far as the server reads them.

        For the requests `call` cannot send: a body announced but never sent, a
        chunked body past the limit. Returns what `call` returns.
        """
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as connection:
            connection.sendall(head.encode("latin-1"))
            for part in parts:
                try:
                    connection.sendall(part)
                except (BrokenPipeError, ConnectionResetError):
                    break  # the server has answered and closed
            response = http.client.HTTPResponse(connection)
            response.begin()
            found = {name.lower(): value for name, value in response.getheaders()}
            return response.status, found, response.read()

    def descendants(self) -> set[int]:
        """Every process below the server (its worker pool, forkserver …), from /proc."""
        parents: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(stat.parent.name)] = int(fields[1])
        found, frontier = set(), {self.process.pid}
        while frontier:
            frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
            found |= frontier
        return found


def multipart(field: str, name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
        f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), (
        f"multipart/form-data; boundary={boundary}"
    )


def error_of(body: bytes) -> dict:
    """The ``error`` object of a JSON error answer."""
    return json.loads(body)["error"]
