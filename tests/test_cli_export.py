"""``gkreport export``: a folder as one table; every input a row; progress and summary on stderr."""

import csv
import io
import shutil
import subprocess
import sys

import pytest

from gkreport._cli import main
from gkreport._dataset import header
from tests.reference import EXAMPLES, GUANDU, SEEDS


@pytest.fixture
def folder(tmp_path):
    """Both formats, a text report, an unreadable page and a file that is not a report."""
    root = tmp_path / "reports"
    (root / "sub").mkdir(parents=True)
    shutil.copy(GUANDU, root / "guandu.json")
    shutil.copy(EXAMPLES / "qingzhen-2020.json", root / "sub" / "qingzhen.json")
    shutil.copy(SEEDS / "001_00e84ad5fcaa91e0.txt", root / "jiangle.txt")
    (root / "bad.html").write_text("<p>not a report</p>", "utf-8")
    (root / "notes.py").write_text("x = 1\n", "utf-8")
    return root


def _csv(path):
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))


def test_every_input_is_a_row_and_an_unreadable_one_says_why(capsys, folder, tmp_path):
    target = tmp_path / "table.csv"
    status = main(["export", str(folder), "-o", str(target), "--lang", "en"])
    assert status == 2  # written, but an input could not be read
    read = _csv(target)
    files = [r["file"].rsplit("/", 1)[-1] for r in read]
    assert files == ["bad.html", "guandu.json", "jiangle.txt", "qingzhen.json"]
    by_file = dict(zip(files, read, strict=True))
    assert by_file["bad.html"]["status"] == "unreadable"
    assert by_file["guandu.json"]["applications.new.total"] == "357"
    assert by_file["guandu.json"]["proactive.fees.amount"] == "834.6435"
    assert by_file["jiangle.txt"]["status"] == "ok"
    err = capsys.readouterr().err
    assert "unreadable: " in err
    assert "bad.html" in err
    assert "rows 4" in err
    assert "skipped (not a report) 1" in err
    assert str(target) in err


def test_a_clean_run_exits_0(capsys, tmp_path):
    target = tmp_path / "t.jsonl"
    assert (
        main(["export", str(GUANDU), str(EXAMPLES / "qingzhen-2020.json"), "-o", str(target)]) == 0
    )
    assert len(target.read_text("utf-8").splitlines()) == 2
    assert "已写入" in capsys.readouterr().err


def test_chinese_labels(capsys, tmp_path):
    target = tmp_path / "t.csv"
    main(["export", str(GUANDU), "-o", str(target), "--labels", "zh"])
    first = next(csv.reader(io.StringIO(target.read_text("utf-8-sig"))))
    assert first == header("zh")


def test_the_output_is_the_same_for_any_job_count(capsys, folder, tmp_path):
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    main(["export", str(folder), "-o", str(one)])
    main(["export", str(folder), "-o", str(two), "-j", "2"])
    assert one.read_bytes() == two.read_bytes()


def test_the_output_in_the_folder_is_never_read_as_an_input(capsys, folder):
    target = folder / "table.xlsx"
    main(["export", str(folder), "-o", str(target)])
    main(["export", str(folder), "-o", str(target)])  # the table is in the folder now
    import openpyxl  # noqa: PLC0415

    files = [c.value for c in openpyxl.load_workbook(target)["reports"]["A"][1:]]
    assert not any(name.endswith("table.xlsx") for name in files)


@pytest.mark.parametrize("name", ["t.txt", "t"])
def test_an_unknown_output_type_is_a_usage_error(capsys, tmp_path, name):
    assert main(["export", str(GUANDU), "-o", str(tmp_path / name)]) == 2
    assert "cannot export to" in capsys.readouterr().err
    assert not (tmp_path / name).exists()


def test_no_report_in_the_folder_is_a_usage_error(capsys, tmp_path):
    (tmp_path / "notes.py").write_text("x = 1\n", "utf-8")
    assert main(["export", str(tmp_path), "-o", str(tmp_path / "t.csv")]) == 2
    assert "no " in capsys.readouterr().err


def test_the_command_runs_as_a_module_and_needs_an_output(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "gkreport", "export", str(GUANDU)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "-o/--output" in result.stderr
    helped = subprocess.run(
        [sys.executable, "-m", "gkreport", "export", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "gkreport export reports/ -o reports.csv" in helped.stdout
