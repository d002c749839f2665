"""The tables of the report as attrs classes, generated from `gkreport._forms.layout`.

Do not edit: regenerate with ``python tools/generate.py``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NewType

import attrs

#: A whole number >= 0 (件). Its own type so the converter can refuse negatives.
Count = NewType("Count", int)
#: A whole number that may be negative (the 2019 year-on-year change).
Signed = NewType("Signed", int)

__all__ = [
    "AppealCounts",
    "Appeals",
    "ApplicantCounts",
    "Applications2019",
    "Applications2021",
    "Count",
    "DecisionCount",
    "Denied",
    "DocumentCounts",
    "DocumentCounts2019",
    "FeeAmount",
    "FeeItems2019",
    "ItemCounts2019",
    "NotProcessed",
    "OtherProcessing",
    "Proactive2019",
    "Proactive2021",
    "Procurement2019",
    "Results2019",
    "Results2021",
    "Signed",
    "TextParts",
    "Unable",
]


@attrs.frozen(kw_only=True)
class TextParts:
    """The narrative of the six parts, as published, without the tables."""

    #: 一、总体情况
    overview: str | None = None
    #: 二、主动公开政府信息情况
    proactive: str | None = None
    #: 三、收到和处理政府信息公开申请情况
    applications: str | None = None
    #: 四、政府信息公开行政复议、行政诉讼情况
    appeals: str | None = None
    #: 五、存在的主要问题及改进情况
    problems: str | None = None
    #: 六、其他需要报告的事项
    other_matters: str | None = None


@attrs.frozen(kw_only=True)
class DocumentCounts:
    """Every row shaped like 规章."""

    #: 本年制发件数
    made: Count | None = None
    #: 本年废止件数
    repealed: Count | None = None
    #: 现行有效件数
    in_force: Count | None = None


@attrs.frozen(kw_only=True)
class DecisionCount:
    """Every row shaped like 行政许可."""

    #: 本年处理决定数量
    decisions: Count | None = None


@attrs.frozen(kw_only=True)
class FeeAmount:
    """Every row shaped like 行政事业性收费."""

    #: 本年收费金额（单位：万元）
    amount: Decimal | None = None


@attrs.frozen(kw_only=True)
class Proactive2021:
    """The group 二、主动公开政府信息情况."""

    #: 规章
    rules: DocumentCounts = attrs.field(factory=DocumentCounts)
    #: 行政规范性文件
    normative: DocumentCounts = attrs.field(factory=DocumentCounts)
    #: 行政许可
    licensing: DecisionCount = attrs.field(factory=DecisionCount)
    #: 行政处罚
    penalty: DecisionCount = attrs.field(factory=DecisionCount)
    #: 行政强制
    coercion: DecisionCount = attrs.field(factory=DecisionCount)
    #: 行政事业性收费
    fees: FeeAmount = attrs.field(factory=FeeAmount)


@attrs.frozen(kw_only=True)
class ApplicantCounts:
    """Every row shaped like 一、本年新收政府信息公开申请数量."""

    #: 自然人
    natural_person: Count | None = None
    #: 商业企业
    commercial: Count | None = None
    #: 科研机构
    research: Count | None = None
    #: 社会公益组织
    social_welfare: Count | None = None
    #: 法律服务机构
    legal_service: Count | None = None
    #: 其他
    other_org: Count | None = None
    #: 总计
    total: Count | None = None


@attrs.frozen(kw_only=True)
class Denied:
    """The group （三）不予公开."""

    #: 1.属于国家秘密
    state_secret: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: 2.其他法律行政法规禁止公开
    law_prohibited: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: 3.危及“三安全一稳定”
    security_stability: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: 4.保护第三方合法权益
    third_party: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: 5.属于三类内部事务信息
    internal_affairs: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: 6.属于四类过程性信息
    process_info: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: 7.属于行政执法案卷
    enforcement_file: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: 8.属于行政查询事项
    admin_query: ApplicantCounts = attrs.field(factory=ApplicantCounts)


@attrs.frozen(kw_only=True)
class Unable:
    """The group （四）无法提供."""

    #: 1.本机关不掌握相关政府信息
    not_held: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: 2.没有现成信息需要另行制作
    needs_creation: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: 3.补正后申请内容仍不明确
    unclear: ApplicantCounts = attrs.field(factory=ApplicantCounts)


@attrs.frozen(kw_only=True)
class NotProcessed:
    """The group （五）不予处理."""

    #: 1.信访举报投诉类申请
    petition: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: 2.重复申请
    repeat: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: 3.要求提供公开出版物
    publication: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: 4.无正当理由大量反复申请
    excessive: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: 5.要求行政机关确认或重新出具已获取信息
    confirm_reissue: ApplicantCounts = attrs.field(factory=ApplicantCounts)


@attrs.frozen(kw_only=True)
class OtherProcessing:
    """The group （六）其他处理."""

    #: 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请
    no_correction: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请
    fee_unpaid: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: 3.其他
    other: ApplicantCounts = attrs.field(factory=ApplicantCounts)


@attrs.frozen(kw_only=True)
class Results2021:
    """The group 三、本年度办理结果."""

    #: （一）予以公开
    granted: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: （二）部分公开（区分处理的，只计这一情形，不计其他情形）
    partial: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: （三）不予公开
    denied: Denied = attrs.field(factory=Denied)
    #: （四）无法提供
    unable: Unable = attrs.field(factory=Unable)
    #: （五）不予处理
    not_processed: NotProcessed = attrs.field(factory=NotProcessed)
    #: （六）其他处理
    other: OtherProcessing = attrs.field(factory=OtherProcessing)
    #: （七）总计
    total: ApplicantCounts = attrs.field(factory=ApplicantCounts)


@attrs.frozen(kw_only=True)
class Applications2021:
    """The group 三、收到和处理政府信息公开申请情况."""

    #: 一、本年新收政府信息公开申请数量
    new: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: 二、上年结转政府信息公开申请数量
    carried_over: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: 三、本年度办理结果
    results: Results2021 = attrs.field(factory=Results2021)
    #: 四、结转下年度继续办理
    carried_forward: ApplicantCounts = attrs.field(factory=ApplicantCounts)


@attrs.frozen(kw_only=True)
class AppealCounts:
    """Every row shaped like 行政复议."""

    #: 结果维持
    upheld: Count | None = None
    #: 结果纠正
    corrected: Count | None = None
    #: 其他结果
    other: Count | None = None
    #: 尚未审结
    pending: Count | None = None
    #: 总计
    total: Count | None = None


@attrs.frozen(kw_only=True)
class Appeals:
    """The group 四、政府信息公开行政复议、行政诉讼情况."""

    #: 行政复议
    review: AppealCounts = attrs.field(factory=AppealCounts)
    #: 未经复议直接起诉
    litigation_direct: AppealCounts = attrs.field(factory=AppealCounts)
    #: 复议后起诉
    litigation_after_review: AppealCounts = attrs.field(factory=AppealCounts)


@attrs.frozen(kw_only=True)
class DocumentCounts2019:
    """Every row shaped like 规章."""

    #: 本年新制作数量
    new_made: Count | None = None
    #: 本年新公开数量
    new_published: Count | None = None
    #: 对外公开总数量
    total_published: Count | None = None


@attrs.frozen(kw_only=True)
class ItemCounts2019:
    """Every row shaped like 行政许可."""

    #: 上一年项目数量
    prev_items: Count | None = None
    #: 本年增/减
    delta: Signed | None = None
    #: 处理决定数量
    decisions: Count | None = None


@attrs.frozen(kw_only=True)
class FeeItems2019:
    """Every row shaped like 行政事业性收费."""

    #: 上一年项目数量
    prev_items: Count | None = None
    #: 本年增/减
    delta: Signed | None = None


@attrs.frozen(kw_only=True)
class Procurement2019:
    """Every row shaped like 政府集中采购."""

    #: 采购项目数量
    projects: Count | None = None
    #: 采购总金额
    amount: str | None = None


@attrs.frozen(kw_only=True)
class Proactive2019:
    """The group 二、主动公开政府信息情况."""

    #: 规章
    rules: DocumentCounts2019 = attrs.field(factory=DocumentCounts2019)
    #: 规范性文件
    normative: DocumentCounts2019 = attrs.field(factory=DocumentCounts2019)
    #: 行政许可
    licensing: ItemCounts2019 = attrs.field(factory=ItemCounts2019)
    #: 其他对外管理服务事项
    other_services: ItemCounts2019 = attrs.field(factory=ItemCounts2019)
    #: 行政处罚
    penalty: ItemCounts2019 = attrs.field(factory=ItemCounts2019)
    #: 行政强制
    coercion: ItemCounts2019 = attrs.field(factory=ItemCounts2019)
    #: 行政事业性收费
    fees: FeeItems2019 = attrs.field(factory=FeeItems2019)
    #: 政府集中采购
    procurement: Procurement2019 = attrs.field(factory=Procurement2019)


@attrs.frozen(kw_only=True)
class Results2019:
    """The group 三、本年度办理结果."""

    #: （一）予以公开
    granted: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: （二）部分公开（区分处理的，只计这一情形，不计其他情形）
    partial: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: （三）不予公开
    denied: Denied = attrs.field(factory=Denied)
    #: （四）无法提供
    unable: Unable = attrs.field(factory=Unable)
    #: （五）不予处理
    not_processed: NotProcessed = attrs.field(factory=NotProcessed)
    #: （六）其他处理
    other: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: （七）总计
    total: ApplicantCounts = attrs.field(factory=ApplicantCounts)


@attrs.frozen(kw_only=True)
class Applications2019:
    """The group 三、收到和处理政府信息公开申请情况."""

    #: 一、本年新收政府信息公开申请数量
    new: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: 二、上年结转政府信息公开申请数量
    carried_over: ApplicantCounts = attrs.field(factory=ApplicantCounts)
    #: 三、本年度办理结果
    results: Results2019 = attrs.field(factory=Results2019)
    #: 四、结转下年度继续办理
    carried_forward: ApplicantCounts = attrs.field(factory=ApplicantCounts)
