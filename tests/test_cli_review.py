"""``gkreport review``: a folder of reports in, the review folder out; exit status as validate's."""

import shutil

import openpyxl
import pytest

from gkreport._cli import main
from gkreport._review import index, pages, problems
from tests.reference import EXAMPLES, GUANDU
from tests.review_folder import BAD, make_folder


@pytest.fixture
def folder(tmp_path):
    return make_folder(tmp_path / "reports")


def test_the_review_writes_its_three_outputs(capsys, folder, tmp_path):
    out = tmp_path / "review"
    status = main(["review", str(folder), "-o", str(out)])
    assert status == 2  # bad.html could not be read: the review is incomplete
    assert (out / index.NAME).is_file()
    assert (out / problems.NAME).is_file()
    written = sorted(p.name for p in (out / pages.FOLDER).iterdir())
    assert len(written) == 5  # every readable report, none for bad.html
    page = (out / index.NAME).read_text("utf-8")
    assert all(f'href="{pages.FOLDER}/{name}"' in page for name in written)
    assert BAD in page
    book = openpyxl.load_workbook(out / problems.NAME)
    assert book.sheetnames[0] == "全部"
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert lines[-2].startswith("文件 6 · ")  # the summary line, as validate's
    assert "无法读取 1" in lines[-2]
    assert lines[-1] == f"已写入 {out / index.NAME}"


def test_exit_status_is_validates(folder, tmp_path):
    (folder / BAD).unlink()
    assert main(["review", str(folder), "-o", str(tmp_path / "a")]) == 1  # guandu has errors
    clean = tmp_path / "clean"
    clean.mkdir()
    shutil.copy(EXAMPLES / "qingzhen-2020.json", clean)
    assert main(["review", str(clean), "-o", str(tmp_path / "b"), "--lang", "en"]) == 0
    page = (tmp_path / "b" / index.NAME).read_text("utf-8")
    assert '<html lang="en">' in page


def test_an_existing_folder_keeps_what_the_review_does_not_own(folder, tmp_path):
    out = tmp_path / "review"
    (out / pages.FOLDER).mkdir(parents=True)
    mine = out / "notes.txt"
    mine.write_text("my notes", "utf-8")
    own_page = out / pages.FOLDER / "by-hand.html"
    own_page.write_text("<p>by hand</p>", "utf-8")
    (out / index.NAME).write_text("old index", "utf-8")
    main(["review", str(folder), "-o", str(out)])
    assert mine.read_text("utf-8") == "my notes"
    assert own_page.read_text("utf-8") == "<p>by hand</p>"
    assert (out / index.NAME).read_text("utf-8") != "old index"
    first = {p.name: p.read_bytes() for p in (out / pages.FOLDER).iterdir()}
    main(["review", str(folder), "-o", str(out)])  # a rerun replaces the same files
    again = {p.name: p.read_bytes() for p in (out / pages.FOLDER).iterdir()}
    assert again == first
    assert not [p for p in out.rglob(".*") if p.is_file()]  # no temporary file left


def test_the_output_inside_the_input_is_not_read_back(folder):
    out = folder / "review"
    main(["review", str(folder), "-o", str(out)])
    before = (out / index.NAME).read_text("utf-8")
    main(["review", str(folder), "-o", str(out)])  # the pages under review/ are reports too
    assert (out / index.NAME).read_text("utf-8") == before


def test_the_same_run_gives_the_same_files_for_any_jobs(folder, tmp_path):
    main(["review", str(folder), "-o", str(tmp_path / "one")])
    main(["review", str(folder), "-o", str(tmp_path / "two"), "-j", "2"])
    for name in (index.NAME, problems.NAME):
        one, two = (tmp_path / d / name for d in ("one", "two"))
        if name == index.NAME:
            assert one.read_bytes() == two.read_bytes()
        else:  # a workbook's zip carries times: compare the cells
            cells = [
                [[c.value for c in row] for row in sheet.iter_rows()]
                for path in (one, two)
                for sheet in openpyxl.load_workbook(path).worksheets
            ]
            assert cells[: len(cells) // 2] == cells[len(cells) // 2 :]


def test_an_output_that_is_a_file_or_no_report_is_a_usage_error(capsys, folder, tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x", "utf-8")
    assert main(["review", str(folder), "-o", str(target)]) == 2
    assert "-o takes a folder" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["review", str(empty), "-o", str(tmp_path / "r")]) == 2
    assert "no " in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_a_folder_that_cannot_be_made_says_so(folder, tmp_path, capsys):
    blocker = tmp_path / "plain-file"
    blocker.write_text("x", "utf-8")
    out = blocker / "review"
    assert main(["review", str(folder), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gkreport: ")
    assert str(out) in err
    assert "Traceback" not in err


def test_the_help_names_the_outputs(capsys):
    with pytest.raises(SystemExit):
        main(["review", "--help"])
    text = capsys.readouterr().out
    assert "问题清单.xlsx" in text
    assert "index.html" in text
    assert "fonts-noto-cjk" in text


def _problem_codes(out) -> list[str]:
    sheet = openpyxl.load_workbook(out / problems.NAME)["全部"]
    header = [cell.value for cell in sheet[1]]
    column = next(i for i, name in enumerate(header) if name in ("规则", "rule"))
    return [row[column] for row in sheet.iter_rows(min_row=2, values_only=True) if row[column]]


def test_select_ignore_and_accept_choose_what_is_sent_back(folder, tmp_path):
    (folder / BAD).unlink()
    every = tmp_path / "every"
    assert main(["review", str(folder), "-o", str(every)]) == 1
    codes = _problem_codes(every)
    assert "T9" in codes  # 官渡's text against its table 四
    ignored = tmp_path / "ignored"
    main(["review", str(folder), "-o", str(ignored), "--ignore", "T"])
    assert not any(code.startswith("T") for code in _problem_codes(ignored))
    assert len(_problem_codes(ignored)) == len([c for c in codes if not c.startswith("T")])
    # the T9 errors accepted by their fingerprints: neither counted nor sent back
    import gkreport  # noqa: PLC0415

    guandu = gkreport.validate(gkreport.load(GUANDU))
    accept = tmp_path / "accepted.txt"
    accept.write_text(
        "".join(f"{f.fingerprint}\t已核实\n" for f in guandu.findings if f.code == "T9"), "utf-8"
    )
    accepted = tmp_path / "accepted"
    main(["review", str(folder), "-o", str(accepted), "--accept", str(accept)])
    assert "T9" not in _problem_codes(accepted)
    assert len(_problem_codes(accepted)) == len(codes) - codes.count("T9")
