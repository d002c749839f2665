"""Bytes of a text, Markdown or HTML file into text: the one place that picks the encoding.

Reports are saved by every tool there is: Notepad's "Unicode" is UTF-16 with a
byte order mark, older Chinese sites serve GB2312/GBK (read as GB18030, their
superset) or, in Taiwan and Hong Kong, Big5. The order of the checks matters:

1. a byte order mark (UTF-32, UTF-16, UTF-8) decides, as it does in browsers;
2. UTF-8, when the bytes are valid UTF-8: text in any other encoding almost never
   is, while UTF-8 pages that still declare the GB2312 of their old templates are
   common (and GB18030 would read them into garbage without an error);
3. GB18030 or Big5. Every Big5 byte pair is also a valid GB18030 one, so trying
   GB18030 first turns a Big5 page into garbage without an error. Both are tried,
   and the one whose text holds fewer characters no Chinese report uses (kana,
   private-use, box-drawing, bopomofo, Greek and Cyrillic letters: what Big5 read
   as GB18030 is full of) wins. On a tie the charset the page declares wins
   (``<meta charset=big5>``, ``<meta http-equiv=… content="text/html;
   charset=gb2312">``, ``<?xml … encoding=…?>``), then GB18030. Declarations of
   other charsets are ignored: a Chinese page declaring Latin-1 is a misconfigured
   server, and Latin-1 reads any bytes into silent garbage.
"""

from __future__ import annotations

import codecs
import os
import re

from gkreport._errors import ReadError

__all__ = ["declared_encoding", "decode"]

_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: How far into the file a declaration is looked for (pages put long scripts before it).
_DECLARATION_BYTES = 64 * 1024
_DECLARATION = re.compile(
    rb"""<meta\b[^>]{0,500}?\bcharset\s*=\s*["']?\s*([a-z0-9_.:-]+)"""
    rb"""|<\?xml\b[^>]{0,200}?\bencoding\s*=\s*["']\s*([a-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_GB = ("gb18030",)
_BIG5 = ("big5hkscs", "cp950")  # HKSCS is a superset of Big5; cp950 adds Microsoft's extras
#: Declared names (lower case) → the codecs that read them; other names are ignored.
_DECLARED: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("gb2312", "gbk", "gb18030", "x-gbk", "gb_2312-80", "gb_2312", "csgb2312", "cp936",
         "windows-936", "euc-cn", "chinese", "iso-ir-58"),
        _GB,
    ),
    **dict.fromkeys(
        ("big5", "big5-hkscs", "big5hkscs", "x-x-big5", "x-big5", "cn-big5", "csbig5", "cp950",
         "ms950", "windows-950"),
        _BIG5,
    ),
}  # fmt: skip
#: Characters of scripts a Chinese report does not use, but Big5 read as GB18030 is full of.
_UNLIKELY = re.compile(
    "[\u0370-\u04ff"  # Greek, Cyrillic
    "\u2500-\u257f"  # box drawing
    "\u3040-\u30ff"  # kana
    "\u3100-\u312f\u31a0-\u31bf"  # bopomofo
    "\ue000-\uf8ff]"  # private use
)


def decode(data: bytes, origin: str | os.PathLike[str]) -> str:
    """The text of ``data``, in the encoding picked as this module's docstring says.

    :param origin: the file, for the error message.
    :raises ReadError: no encoding tried reads the bytes.
    """
    marked = [(bom, encoding) for bom, encoding in _BOMS if data.startswith(bom)]
    for index, (bom, encoding) in enumerate(marked):
        try:
            return data[len(bom) :].decode(encoding)
        except UnicodeDecodeError as exc:
            if index + 1 < len(marked):
                continue  # FF FE 00 00 is also UTF-16's mark before a NUL: try UTF-16 next
            raise ReadError(
                origin, f"cannot decode the text: it starts with a {encoding} mark but {exc}"
            ) from None
    text = _try(data, "utf-8")
    if text is not None:
        return text
    encodings = dict.fromkeys((*_declared(data), *_GB, *_BIG5))  # declared first, once each
    candidates = [text for encoding in encodings if (text := _try(data, encoding)) is not None]
    if not candidates:
        raise ReadError(
            origin, "cannot decode the text (tried UTF-8, UTF-16, UTF-32, GB18030, Big5)"
        )
    return min(candidates, key=lambda text: len(_UNLIKELY.findall(text)))  # first on a tie


def declared_encoding(data: bytes) -> str | None:
    """The charset a page declares, lower case, as written; None when it declares none."""
    match = _DECLARATION.search(data[:_DECLARATION_BYTES])
    if match is None:
        return None
    return (match.group(1) or match.group(2)).decode("ascii").lower()


def _declared(data: bytes) -> tuple[str, ...]:
    """The codecs of the page's declared charset when it is GB or Big5, else none."""
    name = declared_encoding(data)
    return _DECLARED.get(name, ()) if name else ()


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None
