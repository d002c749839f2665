"""Every file is written all at once or not at all (gkreport._atomic)."""

from __future__ import annotations

import os
import stat

import attrs
import pytest

import gkreport
from gkreport import excel
from gkreport._atomic import replacing, write_bytes
from gkreport._cli import main
from gkreport._render import write as render_write
from tests.reference import GUANDU

WRITABLE = (".json", ".xlsx", ".html", ".md")


@pytest.fixture(scope="module")
def report():
    return gkreport.load(GUANDU)


@pytest.fixture(scope="module")
def unwritable(report):
    """A report built directly (not through `from_dict`) with a value UTF-8 cannot encode."""
    return attrs.evolve(report, agency="区政府\ud800")


def listing(folder):
    return sorted(os.listdir(folder))


def write_half(target, error):
    """Start writing ``target``, then fail with ``error`` before the end."""
    with replacing(target) as out:
        out.write(b"new, but only a part")
        raise error


# --- the helper -----------------------------------------------------------------------------


def test_replacing_writes_a_new_file_and_replaces_an_old_one(tmp_path):
    target = tmp_path / "out.txt"
    write_bytes(target, b"first")
    assert target.read_bytes() == b"first"
    with replacing(target) as out:
        out.write(b"sec")
        assert target.read_bytes() == b"first"  # nothing visible until the block ends
        out.write(b"ond")
    assert target.read_bytes() == b"second"
    assert listing(tmp_path) == ["out.txt"]


def test_a_failure_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="half-way"):
        write_half(target, RuntimeError("half-way"))
    assert target.read_bytes() == b"old"
    assert listing(tmp_path) == ["out.txt"]


def test_a_failure_creates_no_file(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        write_half(tmp_path / "new.txt", KeyboardInterrupt())
    assert listing(tmp_path) == []


def test_permissions_are_kept_and_links_followed(tmp_path):
    target = tmp_path / "real.txt"
    target.write_bytes(b"old")
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_bytes(link, b"new")
    assert link.is_symlink()
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert listing(tmp_path) == ["link.txt", "real.txt"]


def test_a_device_is_written_in_place(tmp_path):
    """/dev/null cannot be replaced by a file (nor should it be): it is written as it is."""
    link = tmp_path / "discard.json"
    link.symlink_to(os.devnull)
    write_bytes(link, b"{}")
    assert link.is_symlink()
    assert listing(tmp_path) == ["discard.json"]


def test_a_name_at_the_length_limit_can_be_written(tmp_path):
    target = tmp_path / ("年" * 80 + ".json")  # 245 bytes of the file system's 255
    write_bytes(target, b"{}")
    assert listing(tmp_path) == [target.name]


def test_errors_name_the_target_not_the_temporary_file(tmp_path):
    missing = tmp_path / "no-such-folder" / "out.json"
    with pytest.raises(FileNotFoundError) as caught:
        write_bytes(missing, b"x")
    assert caught.value.filename == str(missing)

    folder = tmp_path / "a-folder.json"
    folder.mkdir()
    with pytest.raises(IsADirectoryError) as caught:
        write_bytes(folder, b"x")
    assert caught.value.filename == str(folder)
    assert listing(tmp_path) == ["a-folder.json"]


# --- every writer of the library ------------------------------------------------------------


@pytest.mark.parametrize("suffix", WRITABLE)
def test_dump_that_fails_leaves_the_old_file_byte_identical(tmp_path, report, unwritable, suffix):
    target = tmp_path / f"report{suffix}"
    gkreport.dump(report, target)
    before = target.read_bytes()
    with pytest.raises(UnicodeEncodeError):
        gkreport.dump(unwritable, target)
    assert target.read_bytes() == before
    assert listing(tmp_path) == [target.name]


@pytest.mark.parametrize("suffix", WRITABLE)
def test_dump_that_fails_leaves_no_file(tmp_path, unwritable, suffix):
    with pytest.raises(UnicodeEncodeError):
        gkreport.dump(unwritable, tmp_path / f"report{suffix}")
    assert listing(tmp_path) == []


def test_excel_and_renderer_write_through_the_helper(tmp_path, report, unwritable):
    workbook, page = tmp_path / "report.xlsx", tmp_path / "report.html"
    excel.write(report, workbook)
    render_write(report, page)
    before = workbook.read_bytes(), page.read_bytes()
    with pytest.raises(UnicodeEncodeError):
        excel.write(unwritable, workbook)
    with pytest.raises(UnicodeEncodeError):
        render_write(unwritable, page)
    assert (workbook.read_bytes(), page.read_bytes()) == before
    assert gkreport.load(workbook).agency == report.agency  # still the whole old workbook
    assert listing(tmp_path) == ["report.html", "report.xlsx"]


def test_template_replaces_a_file_whole(tmp_path):
    target = tmp_path / "blank.xlsx"
    target.write_bytes(b"not yet a workbook")
    excel.template(target)
    assert target.read_bytes()[:2] == b"PK"
    assert listing(tmp_path) == ["blank.xlsx"]


# --- the command line -----------------------------------------------------------------------


def test_cli_errors_leave_the_old_output(capsys, tmp_path, report):
    for target in (tmp_path / "out.html", tmp_path / "out.xlsx"):
        gkreport.dump(report, target)
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    missing = str(tmp_path / "missing.json")
    assert main(["convert", missing, str(tmp_path / "out.html")]) == 2
    assert main(["render", missing, "-o", str(tmp_path / "out.html")]) == 2
    assert main(["template", str(tmp_path / "out.xlsx" / "x.xlsx")]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'out.xlsx' / 'x.xlsx'}: Not a directory" in err
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before
