import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import gkreport
from gkreport._io import WRITERS
from tests.strategies import report_dicts


def test_json_round_trip_keeps_amounts_exact(tmp_path):
    data = gkreport.to_dict(gkreport.Report2021())
    data["proactive"]["fees"]["amount"] = Decimal("834.6435")
    data["applications"]["new"]["total"] = 12345678901234567890
    report = gkreport.from_dict(data)
    path = tmp_path / "r.json"
    gkreport.dump(report, path)
    assert "834.6435" in path.read_text("utf-8")
    assert gkreport.load(path) == report


def test_written_json_is_utf8_and_readable(tmp_path):
    path = tmp_path / "r.json"
    gkreport.dump(gkreport.Report2019(agency="清镇市人民政府"), path)
    assert "清镇市人民政府" in path.read_text("utf-8")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.json", None, "no such file"),
        ("bad.json", b'{"format": "2021",', "not valid JSON"),
        ("latin.json", '{"agency": "é"}'.encode("latin-1"), "not UTF-8"),
        ("cut.json", '{"agency": "清镇'.encode()[:-1], "truncated: the file ends in the middle"),
        ("dup.json", b'{"format": "2021", "format": "2019"}', "duplicate key"),
        ("nan.json", b'{"format": "2021", "year": NaN}', "not a JSON number"),
        ("report.ppt", b"x", "unsupported file type .ppt"),
    ],
)
def test_unreadable_files_raise_read_error_naming_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(gkreport.ReadError, match=message) as caught:
        gkreport.load(path)
    assert name in str(caught.value)


def test_a_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "r.json"
    path.write_text('{\n"format": "2021",\n}', "utf-8")
    with pytest.raises(gkreport.ReadError, match="line 2"):
        gkreport.load(path)


def test_json_that_does_not_fit_the_model_is_invalid_not_unreadable(tmp_path):
    path = tmp_path / "r.json"
    path.write_text('{"format": "2021", "year": "2023"}', "utf-8")
    with pytest.raises(gkreport.InvalidReport, match="/year"):
        gkreport.load(path)


def test_dump_refuses_an_unknown_extension(tmp_path):
    with pytest.raises(ValueError, match=r"cannot write \.csv"):
        gkreport.dump(gkreport.Report2021(), tmp_path / "r.csv")


def test_json_nested_deeper_than_python_can_parse_is_unreadable(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"format": "2021", "text": ' + "[" * 100_000 + "]" * 100_000 + "}", "utf-8")
    with pytest.raises(gkreport.ReadError, match="nested too deep") as caught:
        gkreport.load(path)
    assert "deep.json" in str(caught.value)


def test_a_number_of_thousands_of_digits_is_refused_at_its_pointer(tmp_path):
    path = tmp_path / "long.json"
    number = "9" * 5000  # beyond Python's int() limit of 4,300 digits
    path.write_text(f'{{"format": "2021", "applications": {{"new": {{"total": {number}}}}}}}')
    with pytest.raises(gkreport.InvalidReport) as caught:
        gkreport.load(path)
    assert caught.value.path == str(path)
    assert str(caught.value).startswith(f"{path}: invalid report")
    assert [str(p) for p in caught.value.errors] == [
        "/applications/new/total: a number of 5000 digits; gkreport reads numbers of at most 100"
    ]


def test_a_whole_number_written_with_decimals_in_json_is_the_count(tmp_path):
    path = tmp_path / "r.json"
    path.write_text('{"format": "2021", "applications": {"new": {"total": 12.0}}}', "utf-8")
    assert gkreport.load(path).applications.new.total == 12


# --- round trips through every format gkreport writes ---------------------------------------


@pytest.mark.parametrize("suffix", sorted(WRITERS))
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=report_dicts(long_texts=True))
def test_every_written_format_reads_back_as_the_same_report(suffix, data):
    """``load(dump(r)) == r`` for .json .xlsx .html .md: blanks, empty texts, long texts, notes.

    Equality covers every cell, metadata field, text part and note (path, raw, source,
    message, kind); ``sources`` (where each value was read) is provenance, not compared.
    A long text of empty lines is a page of more lines than `Limits` allows by default:
    the limit is raised, as a user would for such a page.
    """
    report = gkreport.from_dict(data)
    with tempfile.TemporaryDirectory() as folder:  # a fresh file per example
        path = Path(folder) / f"report{suffix}"
        gkreport.dump(report, path)
        assert gkreport.load(path, limits=gkreport.Limits(max_lines=10**6)) == report
