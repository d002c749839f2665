"""Builders of hostile inputs, generated at test time: zip bombs, deep XML, junk pages.

Nothing large is stored in the repository; a 1 GiB bomb is a few MB deflated and
is written in about a second.
"""

from __future__ import annotations

import random
import string
import struct
import zipfile
from pathlib import Path

import gkreport
from tests.reference import EXAMPLES

#: A report every reader can read back: the 2023 example (format 2021).
EXAMPLE = EXAMPLES / "qianxinan-2023.json"

#: The billion laughs: nine levels of ten references, 10**9 "lol" once expanded.
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    + "]>"
)


def example_report() -> gkreport.Report:
    return gkreport.load(EXAMPLE)


def word_document(path: Path) -> Path:
    """A small real .docx: the example's rendered Markdown, one paragraph per line."""
    docx = __import__("docx")
    document = docx.Document()
    for line in gkreport.render.render(example_report(), "md").splitlines():
        document.add_paragraph(line)
    document.save(path)
    return path


def read_part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def with_part(source: Path, target: Path, name: str | None, data: bytes | None) -> Path:
    """A copy of the archive ``source`` whose part ``name`` holds ``data`` (None: unchanged)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            body = data if item.filename == name and data is not None else old.read(item)
            new.writestr(item.filename, body)
    return target


def bomb(path: Path, part: str, size: int, *, skeleton: Path | None = None) -> Path:
    """An archive whose part ``part`` unpacks to ``size`` bytes of XML (a few MB on disk).

    The other parts are those of ``skeleton`` (a real .docx/.xlsx), when given.
    """
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        if skeleton is not None:
            with zipfile.ZipFile(skeleton) as old:
                for item in old.infolist():
                    if item.filename != part:
                        archive.writestr(item.filename, old.read(item))
        else:
            archive.writestr("[Content_Types].xml", "<Types/>")
        chunk = (b"<w:p/>" * (2**20 // 6 + 1))[: 2**20]
        with archive.open(part, "w", force_zip64=size >= 2**31) as handle:
            for _ in range(size // len(chunk)):
                handle.write(chunk)
    return path


def deep_xml(depth: int, root: str = "w:document") -> bytes:
    """Elements nested ``depth`` deep, with varied names so they do not compress away."""
    names = ["".join(random.Random(n).choices(string.ascii_lowercase, k=6)) for n in range(depth)]
    opening = "".join(f"<{name}>" for name in names)
    closing = "".join(f"</{name}>" for name in reversed(names))
    return f'<{root} xmlns:w="w">{opening}{closing}</{root}>'.encode()


def claim_size(path: Path, part: str, size: int) -> None:
    """Make the zip's directory lie: ``part`` claims to unpack to ``size`` bytes."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_length] == name:
            struct.pack_into("<I", data, at + 24, size)
            path.write_bytes(bytes(data))
            return
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"no central directory entry for {part}")
