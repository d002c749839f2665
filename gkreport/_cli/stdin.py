"""``gkreport validate -``: one report read from standard input, its type told by its content.

A service or a pipeline hands gkreport a payload without writing a file of its own. The
bytes are read whole (up to the file size limit of `gkreport.Limits`), their type is
told from the content as an upload's is (`gkreport._readers.sniff`: a JSON object, a zip
holding a workbook or a Word document, a PDF, an old Office file, a web page, else
text), and they are kept in a private temporary folder, under the suffix whose reader
reads them, for the length of the run; the folder is removed afterwards. The input is
shown as ``-`` in every line and message.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from gkreport._errors import ReadError
from gkreport._readers import limits, sniff

__all__ = ["NAME", "spooled"]

#: How standard input is named on the command line and in the output.
NAME = "-"
_NO_TYPE = (
    "standard input is of no type gkreport reads (a workbook, a Word document, a PDF, "
    "a web page, text or JSON)"
)


def _read_all(stream: BinaryIO) -> bytes:
    most = limits.current().max_file_bytes
    data = stream.read(most + 1)
    if len(data) > most:
        raise limits.refused(NAME, f"over {most} bytes on standard input", "max_file_bytes")
    return data


@contextlib.contextmanager
def spooled(stream: BinaryIO) -> Iterator[Path]:
    """Standard input as a file in a private temporary folder, removed when the block ends."""
    data = _read_all(stream)
    if not data.strip():
        raise ReadError(NAME, "standard input is empty")
    suffix = sniff.suffix_for(data)
    if suffix is None:
        raise ReadError(NAME, _NO_TYPE)
    with tempfile.TemporaryDirectory(prefix="gkreport-stdin-") as folder:
        path = Path(folder) / f"stdin{suffix}"
        path.write_bytes(data)
        yield path
