"""gkreport.to_frame: reports, files and folders as one DataFrame with usable types."""

import shutil
from decimal import Decimal

import attrs
import pytest

import gkreport
from gkreport._dataset import header
from tests.reference import EXAMPLES, GUANDU, SEEDS

pd = pytest.importorskip("pandas")

QINGZHEN = EXAMPLES / "qingzhen-2020.json"


def test_report_objects_become_typed_columns():
    guandu, qingzhen = gkreport.load(GUANDU), gkreport.load(QINGZHEN)
    frame = gkreport.to_frame([guandu, qingzhen])
    assert list(frame.columns) == header()
    assert len(frame) == 2
    assert str(frame["applications.new.total"].dtype) == "Int64"
    assert str(frame["year"].dtype) == "Int64"
    assert str(frame["findings.error"].dtype) == "Int64"
    assert frame["applications.new.total"].tolist() == [357, 41]
    assert frame["proactive.fees.amount"].dtype == "float64"
    assert frame["proactive.fees.amount"][0] == 834.6435
    assert pd.isna(frame["proactive.fees.amount"][1])  # the other format has no such cell
    rate = frame["indicators.disclosure_rate"][0]
    assert Decimal(repr(float(rate))) == gkreport.indicators(guandu)["disclosure_rate"]  # exact
    assert pd.isna(frame["indicators.review_correction_rate"][1])  # not applicable
    assert frame["file"].isna().all()  # objects come from no file


def test_a_blank_count_is_missing_not_zero():
    report = gkreport.load(SEEDS / "000_3102a8a14c267752.expected.json")
    frame = gkreport.to_frame([report])
    assert frame["applications.results.denied.state_secret.total"].isna()[0]


def test_a_folder_is_walked_and_nothing_is_dropped(tmp_path):
    shutil.copy(GUANDU, tmp_path / "guandu.json")
    shutil.copy(QINGZHEN, tmp_path / "qingzhen.json")
    (tmp_path / "bad.html").write_text("<p>not a report</p>", "utf-8")
    (tmp_path / "notes.py").write_text("x = 1\n", "utf-8")
    (tmp_path / "payload.json").write_text('{"format": "nonsense"}', "utf-8")
    frame = gkreport.to_frame([tmp_path])
    names = [name.rsplit("/", 1)[-1] for name in frame["file"]]
    assert names == ["bad.html", "guandu.json", "payload.json", "qingzhen.json"]
    status = dict(zip(names, frame["status"], strict=True))
    assert status == {
        "bad.html": "unreadable",
        "guandu.json": "ok",
        "payload.json": "invalid",
        "qingzhen.json": "ok",
    }
    assert "not an annual report" in frame["error"][0]


def test_a_file_path_and_chinese_labels(tmp_path):
    frame = gkreport.to_frame([str(GUANDU)], labels="zh")
    assert list(frame.columns) == header("zh")
    assert frame["机关名称"][0] == "昆明市官渡区人民政府"
    assert str(frame["发布日期"].dtype).startswith("datetime64")


def test_previous_years_in_one_call_fill_the_change():
    guandu = gkreport.load(GUANDU)
    earlier = attrs.evolve(guandu, year=guandu.year - 1)
    frame = gkreport.to_frame([guandu, earlier])
    assert frame["indicators.new_yoy"][0] == 0
    assert pd.isna(frame["indicators.new_yoy"][1])
