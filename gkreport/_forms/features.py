"""The named features a format may have: what the rules and readers branch on.

A rule declares the features it needs (`gkreport._validation.catalog.Rule.needs`)
and applies to every registered format that has them; a reader or a check that
behaves differently for one format asks for a feature here, never for a format
id. A feature is a fact about the printed form, so each name below says which
cells or which instruction of the notice it stands for.
"""

from __future__ import annotations

__all__ = [
    "FEATURES",
    "FEE_AMOUNT",
    "FEE_STATEMENT",
    "IN_FORCE_CHAIN",
    "MADE_PUBLISHED",
    "OTHER_SUBROWS",
    "SIGNED_DELTA",
]

#: （六）其他处理 is split into three sub-rows; a report may still give it on its group row.
OTHER_SUBROWS = "other_subrows"
#: 行政事业性收费 is one amount in 万元 (a decimal ≥ 0).
FEE_AMOUNT = "fee_amount"
#: 本年增/减 cells are signed, and 采购总金额 is printed text.
SIGNED_DELTA = "signed_delta"
#: 规章 and 规范性文件 count documents made, repealed and in force, which chain year to year.
IN_FORCE_CHAIN = "in_force_chain"
#: 规章 and 规范性文件 count documents newly made and newly published.
MADE_PUBLISHED = "made_published"
#: The notice asks part 六 to say whether 信息处理费 was charged.
FEE_STATEMENT = "fee_statement"

#: Every feature name, with what it stands for: a rule may only need one of these.
FEATURES: dict[str, str] = {
    OTHER_SUBROWS: "other processing of applications in three sub-rows",
    FEE_AMOUNT: "the fee amount in 10k yuan",
    SIGNED_DELTA: "signed year-on-year changes and a text procurement amount",
    IN_FORCE_CHAIN: "documents made, repealed and in force",
    MADE_PUBLISHED: "documents newly made and newly published",
    FEE_STATEMENT: "part six states whether an information processing fee was charged",
}
