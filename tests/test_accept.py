"""The accept file (`gkreport._cli.accept`): fingerprints, reasons, comments, and refusals."""

from __future__ import annotations

import pytest

from gkreport._cli.accept import AcceptFileError, read_accepted

A, B, C = "3f2a9c0d1e2b4a5c", "9b1e77c2a0d4e6f1", "0123456789abcdef"


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "accepted.txt"
    path.write_text(text, encoding)
    return path


def test_fingerprints_with_and_without_reasons_comments_and_blank_lines(tmp_path):
    path = write(
        tmp_path,
        f"# 2023 reports, reviewed 2024-03-02\n\n{A}\t结转数已在正文说明\n"
        f"  {B}  \n# {C}\tcommented out\n{C.upper()}    reason after spaces \n",
    )
    assert read_accepted(path) == {A: "结转数已在正文说明", B: None, C: "reason after spaces"}


def test_a_fingerprint_given_twice_keeps_its_first_reason(tmp_path):
    assert read_accepted(write(tmp_path, f"{A}\tfirst\n{A}\tsecond\n")) == {A: "first"}


def test_a_byte_order_mark_and_windows_line_ends_are_fine(tmp_path):
    path = tmp_path / "accepted.txt"
    path.write_bytes(f"\ufeff{A}\t理由\r\n{B}\r\n".encode())
    assert read_accepted(path) == {A: "理由", B: None}


@pytest.mark.parametrize(
    "line",
    [
        "3f2a9c0d1e2b4a5",  # one digit short
        "3f2a9c0d1e2b4a5c0",  # one too many
        "3f2a9c0d1e2b4a5g\treason",
        "F1 /applications/new/total",
    ],
)
def test_a_line_that_is_no_fingerprint_is_an_error_naming_the_line(tmp_path, line):
    path = write(tmp_path, f"# header\n{A}\n{line}\n")
    with pytest.raises(AcceptFileError, match=rf"^{path}, line 3: .* is not a fingerprint"):
        read_accepted(path)


def test_a_missing_or_undecodable_file_is_an_error(tmp_path):
    with pytest.raises(AcceptFileError, match="no such file or folder"):
        read_accepted(tmp_path / "nope.txt")
    with pytest.raises(AcceptFileError, match="a folder, not a file"):
        read_accepted(tmp_path)
    with pytest.raises(AcceptFileError, match="not UTF-8"):
        read_accepted(write(tmp_path, f"{A}\t说明", encoding="gbk"))
