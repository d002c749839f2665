"""PDF objects written out as a file: the header, each object, the cross-reference table.

Shared by the tests that build small CJK PDFs at test time (tests/test_pdf.py and the
hostile mutation suite), so that no PDF fixture is stored in the repository.
"""

from __future__ import annotations


def serialize(objects: list[bytes]) -> bytes:
    """A PDF file of ``objects`` (object 1 is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
