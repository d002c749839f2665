"""The index's charts: distributions of the key indicators and of the findings, as inline SVG.

Drawn with matplotlib (the ``[review]`` extra) into SVG text that goes straight into
``index.html``, so the page fetches nothing when it is opened and prints as vectors.
Text is drawn as outlines (matplotlib's ``svg.fonttype = "path"``), so the viewer
needs no font either; the font matters only here, when drawing: Chinese labels
need a CJK font, and "Noto Sans CJK SC" (Debian: ``fonts-noto-cjk``) is used when
it is installed, else the first of a few common CJK fonts (`FONTS`). Without any,
the labels' Chinese characters come out as boxes; `cjk_font` returns None and the
command says so. The SVG is the same from run to run (fixed ids, no date).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import re
import warnings
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from gkreport._indicators import MetricKind
from gkreport._review.entries import UNREADABLE, Entry, key_metrics
from gkreport._review.words import WORDS
from gkreport._words import Lang

__all__ = ["FONTS", "available", "cjk_font", "findings_charts", "indicator_chart"]

#: The CJK fonts tried for the labels, in order: the first installed one is used.
FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Noto Sans CJK JP",
)
#: Colours of the severities, as on the rendered pages.
_COLOURS = {"error": "#c0392b", "warning": "#d4a017", "info": "#2e86c1"}
_BAR = "#4a6fa5"
_SVG_START = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_IDS = re.compile(r'(\bid="|href="#|url\(#)')
_MOST_RULES = 30  #: rules shown in the bar chart; the rest are in the table beside it


def available() -> bool:
    """True when matplotlib is installed (``pip install 'gkreport[review]'``)."""
    return importlib.util.find_spec("matplotlib") is not None


@functools.cache
def cjk_font() -> str | None:
    """The CJK font the charts use (the first of `FONTS` installed), or None."""
    from matplotlib import font_manager  # noqa: PLC0415 - the review extra, on use

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in FONTS if name in installed), None)


@functools.cache
def _settings() -> Any:  # matplotlib types the keys as literals
    family = cjk_font()
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [*([family] if family else []), "DejaVu Sans"],
        "font.size": 9,
        "axes.unicode_minus": False,  # a CJK font may lack U+2212
        "svg.fonttype": "path",  # outlines: the page needs no font
        "svg.hashsalt": "gkreport-review",  # the same ids every run
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def _svg(figure: Any, prefix: str) -> str:
    """The figure as SVG text for inline use: no XML prologue, ids unique in the page."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = _SVG_START.sub("", buffer.getvalue(), count=1)
    return _IDS.sub(lambda m: f"{m.group(1)}{prefix}-", text)


@functools.cache
def _figure_class() -> Any:
    from matplotlib.figure import Figure  # noqa: PLC0415

    return Figure


@contextlib.contextmanager
def _drawing() -> Iterator[None]:
    """Figures drawn inside use `_settings`; a glyph no font has is not warned about."""
    import matplotlib  # noqa: PLC0415

    with matplotlib.rc_context(_settings()), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        yield


def _percents(entries: Sequence[Entry], metric_id: str) -> list[float]:
    values = (entry.indicators.get(metric_id) for entry in entries)
    return [float(value * 100) for value in values if value is not None]


def indicator_chart(entries: Sequence[Entry], lang: Lang) -> str:
    """Histograms of the key indicators, one panel each, in percent."""
    words = WORDS[lang]
    shown = key_metrics()
    with _drawing():
        figure = _figure_class()(figsize=(2.6 * len(shown), 2.6), layout="constrained")
        axes = figure.subplots(1, len(shown), squeeze=False)[0]
        for ax, metric in zip(axes, shown, strict=True):
            values = _percents(entries, metric.id)
            ax.set_title(metric.en if lang == "en" else metric.zh, fontsize=9)
            ax.set_xlabel("%")
            if not values:
                ax.text(0.5, 0.5, words["chart.none"], ha="center", va="center")
                ax.set_xticks([])
                ax.set_yticks([])
                continue
            if metric.kind is MetricKind.SHARE:
                low, high = min(0.0, *values), max(100.0, *values)
            else:
                low, high = min(values), max(values)
                low, high = (low - 1, high + 1) if low == high else (low, high)
            ax.hist(values, bins=10, range=(low, high), color=_BAR, edgecolor="white")
            ax.set_ylabel(words["reports_axis"])
            ax.yaxis.get_major_locator().set_params(integer=True)
        return _svg(figure, "indicators")


def _rule_counts(entries: Sequence[Entry]) -> dict[str, Counter[str]]:
    """For each rule, its findings by severity, the rules in code order."""
    found: dict[str, Counter[str]] = {}
    for entry in entries:
        for problem in entry.problems:
            found.setdefault(problem.code, Counter())[problem.severity] += 1
    return dict(sorted(found.items()))


def findings_charts(entries: Sequence[Entry], lang: Lang) -> Iterator[tuple[str, str]]:
    """(caption, SVG) of the findings by rule and severity, and of the errors per report."""
    words = WORDS[lang]
    counts = _rule_counts(entries)
    most = sorted(counts, key=lambda code: -sum(counts[code].values()))[:_MOST_RULES]
    codes = sorted(most)
    with _drawing():
        figure = _figure_class()(figsize=(7, 0.3 * len(codes) + 1.2), layout="constrained")
        ax = figure.subplots()
        left = [0] * len(codes)
        for severity, colour in _COLOURS.items():
            widths = [counts[code][severity] for code in codes]
            if any(widths):
                ax.barh(codes, widths, left=left, color=colour, label=words[severity])
                left = [a + b for a, b in zip(left, widths, strict=True)]
        if not codes:
            ax.text(0.5, 0.5, words["none"], ha="center", va="center", transform=ax.transAxes)
        else:
            ax.legend(loc="lower right", frameon=False)
        ax.invert_yaxis()
        ax.set_xlabel(words["findings_axis"])
        ax.xaxis.get_major_locator().set_params(integer=True)
        yield words["chart.rules"], _svg(figure, "rules")

        readable = [entry for entry in entries if entry.status != UNREADABLE]
        errors = [entry.count("error") for entry in readable]
        figure = _figure_class()(figsize=(5, 2.6), layout="constrained")
        ax = figure.subplots()
        if errors:
            edges = [count - 0.5 for count in range(max(errors) + 2)]  # a bar on each count
            ax.hist(errors, bins=edges, color=_COLOURS["error"], edgecolor="white")
        ax.set_xlabel(words["errors"])
        ax.set_ylabel(words["reports_axis"])
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.yaxis.get_major_locator().set_params(integer=True)
        yield words["chart.per_report"], _svg(figure, "per-report")
