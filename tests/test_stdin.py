"""gkreport/_cli/stdin.py: ``gkreport validate -`` reads one report from standard input.

Run as a real process, with the bytes on its standard input, as a service or a pipeline
would run it: every type is told from the content, the input is named ``-``, the result
is the same as the file's, and nothing is left in the temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import gkreport
from tests.reference import EXAMPLES

EXAMPLE = EXAMPLES / "qingzhen-2020.json"


def validate_stdin(data: bytes, *args: str, tmp: Path | None = None) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    if tmp is not None:
        env["TMPDIR"] = str(tmp)
    done = subprocess.run(
        [sys.executable, "-m", "gkreport", "validate", *args, "-"],
        input=data,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def test_a_json_payload_on_stdin_is_validated_as_the_file_is(tmp_path):
    status, out, _ = validate_stdin(EXAMPLE.read_bytes(), "--json", tmp=tmp_path)
    (line,) = [json.loads(text) for text in out.splitlines()]
    expected = gkreport.validate(gkreport.load(EXAMPLE)).to_dict()
    assert status == 0
    assert line == {"file": "-", **expected}
    assert list(tmp_path.iterdir()) == []  # the temporary copy is gone


@pytest.mark.parametrize("suffix", [".xlsx", ".html", ".md"])
def test_other_types_on_stdin_are_told_by_their_content(tmp_path, suffix):
    written = tmp_path / f"report{suffix}"
    gkreport.dump(gkreport.load(EXAMPLE), written)
    status, out, _ = validate_stdin(written.read_bytes(), "--json")
    (line,) = [json.loads(text) for text in out.splitlines()]
    assert status == 0
    assert line["file"] == "-"
    assert line["format"] == "2019"
    assert [f["code"] for f in line["findings"]] == [
        f.code for f in gkreport.validate(gkreport.load(written)).findings
    ]


def test_a_payload_with_errors_on_stdin_exits_1_and_says_so():
    data = json.loads(EXAMPLE.read_text("utf-8"))
    data["applications"]["new"]["total"] += 1
    status, out, _ = validate_stdin(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    assert status == 1
    assert "F1" in out


def test_unreadable_stdin_is_named_dash_and_exits_2():
    status, out, _ = validate_stdin(b"no report here\n", "--json")
    (line,) = [json.loads(text) for text in out.splitlines()]
    assert status == 2
    assert line["file"] == "-"
    assert line["error"].startswith("-: ")
    assert "gkreport-stdin" not in line["error"]


def test_empty_stdin_is_a_read_error():
    status, out, err = validate_stdin(b"")
    assert (status, out) == (2, "")
    assert err == "gkreport: -: standard input is empty\n"


def test_stdin_of_no_type_gkreport_reads_is_a_read_error(tmp_path):
    status, out, err = validate_stdin(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", tmp=tmp_path)
    assert (status, out) == (2, "")
    assert err.startswith("gkreport: -: standard input is of no type gkreport reads")
    assert list(tmp_path.iterdir()) == []
