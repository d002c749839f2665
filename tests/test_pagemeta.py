"""gkreport._readers.pagemeta: a web page's own title and publication date."""

from __future__ import annotations

import datetime

import pytest

from gkreport._readers.pagemeta import page_metadata
from gkreport._readers.text import parse_text

# --- the page's own metadata: the head's title and publication date ------------------------


def _page(head: str, body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}<p>一、总体情况</p><p>正文。</p></body></html>"


@pytest.mark.parametrize(
    "head",
    [
        '<meta name="PubDate" content="2020-01-31 10:00">',
        '<meta name="publishdate" content="2020-01-31">',
        "<META NAME='firstpublishedtime' CONTENT='2020-01-31-10:00:00'>",
        '<meta property="article:published_time" content="2020-01-31T10:00:00+08:00">',
        "<publishtime>2020-01-31 10:00:00</publishtime>",
    ],
)
def test_the_publication_date_of_the_pages_head(head):
    page = page_metadata(_page(head))
    assert page["published_on"].text.startswith("2020-01-31")
    assert page["published_on"].source == "line 1"
    report = parse_text(
        _page(f"<meta charset='utf-8'>{head}", "<h1>某市某局2019年政府信息公开工作年度报告</h1>")
    )
    assert report.published_on == datetime.date(2020, 1, 31)
    assert report.sources["/published_on"] == "line 1"


def test_a_publishtime_element_in_the_body_counts_too():
    report = parse_text(
        _page("", "<div style='display:none'><publishtime>2020-01-31</publishtime></div>")
    )
    assert report.published_on == datetime.date(2020, 1, 31)


def test_the_title_of_the_pages_head_when_the_body_prints_none():
    agency = "上海市人民政府办公厅"
    head = (
        f"<title>2019年{agency}政府信息公开工作年度报告_上海市人民政府</title>"
        f'<meta name="ArticleTitle" content="2019年{agency}政府信息公开工作年度报告">'
    )
    report = parse_text(_page(head))
    assert (report.agency, report.year) == (agency, 2019)
    assert report.title == f"2019年{agency}政府信息公开工作年度报告"
    # the <title> alone, with the site's name after the report's
    report = parse_text(_page(head.split("<meta", maxsplit=1)[0]))
    assert (report.agency, report.year) == (agency, 2019)


def test_the_title_the_body_prints_wins_over_the_heads():
    head = '<meta name="ArticleTitle" content="某县人民政府2019年政府信息公开工作年度报告">'
    report = parse_text(_page(head, "<h1>某市某局2019年政府信息公开工作年度报告</h1>"))
    assert report.agency == "某市某局"
