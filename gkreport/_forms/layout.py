"""The official tables of both formats, written once.

Every label, cell id, row order and nesting of the annual report lives here and
nowhere else. The model, the JSON Schemas, the rule catalog, the Excel workbook,
the text parser and the renderer all read this module, so a label fixed here is
fixed everywhere.

Vocabulary:

* a `Cell` is one value of the form (a number, an amount, or a printed string);
* a `Row` is one printed row: a label and its cells;
* a `Group` nests rows (and groups) without printing values of its own, e.g.
  （三）不予公开 with its eight sub-rows;
* a `Block` is a captioned sub-table of section 二 (第二十条第（一）项 …);
* a `Format` bundles one format's tree with its presentation details, the
  years it covers and its features (the types live in `gkreport._forms.tree`).

Both formats are registered in `gkreport._forms.registry` when this module is
imported; everything else asks the registry (or a feature) which formats exist.

Ids joined with dots are the cell names of FORMAT.md
(``applications.results.denied.state_secret.total``); joined with ``/`` and
prefixed with ``/`` they are JSON pointers.
"""

from __future__ import annotations

from typing import Final, Literal

from gkreport._forms import features
from gkreport._forms.registry import FORMATS, get_format, register
from gkreport._forms.tree import Block, Cell, Format, Group, Kind, Leaf, Node, Part, Row

__all__ = [
    "APPEAL_COLUMNS",
    "APPLICANT_COLUMNS",
    "FORMATS",
    "ID_2019",
    "ID_2021",
    "PARTS",
    "YEARS",
    "Block",
    "Cell",
    "Format",
    "Group",
    "Id2019",
    "Id2021",
    "Kind",
    "Leaf",
    "Node",
    "Part",
    "Row",
    "get_format",
]

#: The ids of the two official formats: the only place they are spelled.
ID_2021: Final = "2021"
ID_2019: Final = "2019"
#: Their types, for the ``format`` field of the generated report classes.
Id2021 = Literal["2021"]
Id2019 = Literal["2019"]


# --- the six parts ---------------------------------------------------------

PARTS: tuple[Part, ...] = (
    Part("overview", "一、总体情况"),
    Part("proactive", "二、主动公开政府信息情况", ("二、行政机关主动公开政府信息情况",)),
    Part(
        "applications",
        "三、收到和处理政府信息公开申请情况",
        ("三、行政机关收到和处理政府信息公开申请情况",),
    ),
    Part(
        "appeals",
        "四、政府信息公开行政复议、行政诉讼情况",
        (
            "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
            "四、因政府信息公开工作被申请行政复议提起行政诉讼情况",
            "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
            "四、政府信息公开行政复议和行政诉讼情况",
        ),
    ),
    Part(
        "problems",
        "五、存在的主要问题及改进情况",
        ("五、政府信息公开工作存在的主要问题及改进情况", "五、存在问题及改进情况"),
    ),
    Part("other_matters", "六、其他需要报告的事项"),
)


# --- section 三: the applications matrix (identical columns in both formats) ---

APPLICANT_COLUMNS: tuple[Cell, ...] = (
    Cell("natural_person", "自然人"),
    Cell("commercial", "商业企业"),
    Cell("research", "科研机构"),
    Cell("social_welfare", "社会公益组织"),
    Cell("legal_service", "法律服务机构"),
    Cell("other_org", "其他"),
    Cell("total", "总计"),
)

#: Header labels of the applications matrix that belong to no single cell.
APPLICANTS_HEADER = "申请人情况"
LEGAL_PERSONS_HEADER = "法人或其他组织"
LEGAL_PERSONS_ALIASES = ("法人或者其他组织",)
LEGAL_PERSONS_SUBTOTAL = "法人或其他组织小计"  # a third-party column: read as a note, never emitted
COLUMN_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
RESULTS_LABEL = "三、本年度办理结果"


def _row(id_: str, label: str, *aliases: str) -> Row:
    return Row(id_, label, APPLICANT_COLUMNS, "ApplicantCounts", aliases)


def _applications(other: Row | Group, format_id: str) -> Group:
    results = Group(
        "results",
        RESULTS_LABEL,
        (
            _row("granted", "（一）予以公开"),
            _row("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            Group(
                "denied",
                "（三）不予公开",
                (
                    _row("state_secret", "1.属于国家秘密"),
                    _row("law_prohibited", "2.其他法律行政法规禁止公开", "2.其他法律行政止公开"),
                    _row("security_stability", "3.危及“三安全一稳定”"),
                    _row("third_party", "4.保护第三方合法权益"),
                    _row("internal_affairs", "5.属于三类内部事务信息"),
                    _row("process_info", "6.属于四类过程性信息"),
                    _row("enforcement_file", "7.属于行政执法案卷", "7.属于行政执法案件"),
                    _row("admin_query", "8.属于行政查询事项"),
                ),
                "Denied",
            ),
            Group(
                "unable",
                "（四）无法提供",
                (
                    _row("not_held", "1.本机关不掌握相关政府信息"),
                    _row("needs_creation", "2.没有现成信息需要另行制作"),
                    _row("unclear", "3.补正后申请内容仍不明确"),
                ),
                "Unable",
            ),
            Group(
                "not_processed",
                "（五）不予处理",
                (
                    _row("petition", "1.信访举报投诉类申请"),
                    _row("repeat", "2.重复申请"),
                    _row("publication", "3.要求提供公开出版物"),
                    _row("excessive", "4.无正当理由大量反复申请"),
                    _row("confirm_reissue", "5.要求行政机关确认或重新出具已获取信息"),
                ),
                "NotProcessed",
            ),
            other,
            _row("total", "（七）总计", "七、总计", "总计"),
        ),
        f"Results{format_id}",
    )
    return Group(
        "applications",
        "三、收到和处理政府信息公开申请情况",
        (
            _row("new", "一、本年新收政府信息公开申请数量"),
            _row("carried_over", "二、上年结转政府信息公开申请数量"),
            results,
            _row(
                "carried_forward",
                "四、结转下年度继续办理",
                "四、结转下一年度继续办理",
                "四、结转下年继续办理",
            ),
        ),
        f"Applications{format_id}",
    )


OTHER_PROCESSING_LABEL = "（六）其他处理"

_OTHER_2021 = Group(
    "other",
    OTHER_PROCESSING_LABEL,
    (
        _row(
            "no_correction",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请",
        ),
        _row(
            "fee_unpaid",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "2.申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请",
        ),
        _row("other", "3.其他"),
    ),
    "OtherProcessing",
)
_OTHER_2019 = _row("other", OTHER_PROCESSING_LABEL)


# --- section 四: appeals (identical in both formats) ---

APPEAL_COLUMNS: tuple[Cell, ...] = (
    Cell("upheld", "结果维持"),
    Cell("corrected", "结果纠正"),
    Cell("other", "其他结果"),
    Cell("pending", "尚未审结", aliases=("尚未审计",)),
    Cell("total", "总计"),
)

REVIEW_HEADER = "行政复议"
LITIGATION_HEADER = "行政诉讼"

APPEALS = Group(
    "appeals",
    "四、政府信息公开行政复议、行政诉讼情况",
    (
        Row("review", REVIEW_HEADER, APPEAL_COLUMNS, "AppealCounts"),
        Row(
            "litigation_direct",
            "未经复议直接起诉",
            APPEAL_COLUMNS,
            "AppealCounts",
            ("未经审议直接起诉",),
        ),
        Row("litigation_after_review", "复议后起诉", APPEAL_COLUMNS, "AppealCounts"),
    ),
    "Appeals",
)


# --- section 二: proactive disclosure ---

PROACTIVE_LABEL = "二、主动公开政府信息情况"
CONTENT_HEADER = "信息内容"

_DOCS_2021 = (
    Cell("made", "本年制发件数"),
    Cell("repealed", "本年废止件数"),
    Cell("in_force", "现行有效件数"),
)
_DECISIONS_2021 = (Cell("decisions", "本年处理决定数量"),)

PROACTIVE_2021 = Group(
    "proactive",
    PROACTIVE_LABEL,
    (
        Row("rules", "规章", _DOCS_2021, "DocumentCounts"),
        Row("normative", "行政规范性文件", _DOCS_2021, "DocumentCounts", ("规范性文件",)),
        Row("licensing", "行政许可", _DECISIONS_2021, "DecisionCount"),
        Row("penalty", "行政处罚", _DECISIONS_2021, "DecisionCount"),
        Row("coercion", "行政强制", _DECISIONS_2021, "DecisionCount"),
        Row(
            "fees",
            "行政事业性收费",
            (Cell("amount", "本年收费金额（单位：万元）", Kind.MONEY, ("本年收费金额",)),),
            "FeeAmount",
        ),
    ),
    "Proactive2021",
)

_DOCS_2019 = (
    Cell("new_made", "本年新制作数量", aliases=("本年新制作",)),
    Cell("new_published", "本年新公开数量", aliases=("本年新公开",)),
    Cell("total_published", "对外公开总数量", aliases=("对外公开总数",)),
)
_ITEMS_2019 = (
    Cell("prev_items", "上一年项目数量"),
    Cell("delta", "本年增/减", Kind.SIGNED, ("本年增减",)),
    Cell("decisions", "处理决定数量"),
)

PROACTIVE_2019 = Group(
    "proactive",
    PROACTIVE_LABEL,
    (
        Row("rules", "规章", _DOCS_2019, "DocumentCounts2019"),
        Row("normative", "规范性文件", _DOCS_2019, "DocumentCounts2019", ("行政规范性文件",)),
        Row("licensing", "行政许可", _ITEMS_2019, "ItemCounts2019"),
        Row("other_services", "其他对外管理服务事项", _ITEMS_2019, "ItemCounts2019"),
        Row("penalty", "行政处罚", _ITEMS_2019, "ItemCounts2019"),
        Row("coercion", "行政强制", _ITEMS_2019, "ItemCounts2019"),
        Row("fees", "行政事业性收费", _ITEMS_2019[:2], "FeeItems2019"),
        Row(
            "procurement",
            "政府集中采购",
            (Cell("projects", "采购项目数量"), Cell("amount", "采购总金额", Kind.TEXT)),
            "Procurement2019",
        ),
    ),
    "Proactive2019",
)


def _caption(item: str) -> str:
    return f"第二十条第（{item}）项"


FORMAT_2021 = Format(
    id=ID_2021,
    notice="国办公开办函〔2021〕30号",
    proactive=PROACTIVE_2021,
    applications=_applications(_OTHER_2021, ID_2021),
    appeals=APPEALS,
    blocks=(
        Block(_caption("一"), ("rules", "normative")),
        Block(_caption("五"), ("licensing",)),
        Block(_caption("六"), ("penalty", "coercion")),
        Block(_caption("八"), ("fees",)),
    ),
    markers=("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额"),
    first_year=2021,
    features=frozenset(
        {
            features.OTHER_SUBROWS,
            features.FEE_AMOUNT,
            features.IN_FORCE_CHAIN,
            features.FEE_STATEMENT,
        }
    ),
    report_class="gkreport._model:Report2021",
)

FORMAT_2019 = Format(
    id=ID_2019,
    notice="国办公开办函〔2019〕60号",
    proactive=PROACTIVE_2019,
    applications=_applications(_OTHER_2019, ID_2019),
    appeals=APPEALS,
    blocks=(
        Block(_caption("一"), ("rules", "normative")),
        Block(_caption("五"), ("licensing", "other_services")),
        Block(_caption("六"), ("penalty", "coercion")),
        Block(_caption("八"), ("fees",)),
        Block(_caption("九"), ("procurement",)),
    ),
    markers=(
        "本年新制作数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        _caption("九"),
        "政府集中采购",
    ),
    first_year=2019,
    last_year=2020,
    features=frozenset({features.SIGNED_DELTA, features.MADE_PUBLISHED}),
    report_class="gkreport._model:Report2019",
)

# The current format first: the registry's order is the order of choices and of detection ties.
register(FORMAT_2021)
register(FORMAT_2019)

#: The report's metadata fields, in the order they are printed and serialised.
#: (field id, Chinese label, English label)
METADATA: tuple[tuple[str, str, str], ...] = (
    ("agency", "机关名称", "agency"),
    ("year", "报告年度", "year"),
    ("kind", "机关类别", "kind"),
    ("title", "报告标题", "title"),
    ("published_on", "发布日期", "publication date"),
    ("url", "发布网址", "URL"),
)
#: The years a report can be for: from 2008, when the 条例 took effect, to 2100, the
#: bounds the template's data validation of 报告年度 sets; the model and the schema agree.
YEARS = range(2008, 2101)

#: 条例第四十九条: who publishes by when (month, day of the following year).
KINDS: dict[str, tuple[str, tuple[int, int]]] = {
    "government": ("本级人民政府", (3, 31)),
    "department": ("部门", (1, 31)),
}
