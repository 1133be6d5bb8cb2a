"""Charts for ``report.html``, drawn with matplotlib as inline SVG.

Text stays text in the SVG (``svg.fonttype: none``), so the reader's browser draws the
Chinese labels with its own fonts even when the machine that built the report has no CJK
font.  No pyplot (no global figure state); fixed hash salt and no date, so the same data
gives the same bytes.
"""
from __future__ import annotations

import contextlib
import io
import logging
import warnings
from collections.abc import Iterator, Sequence
from functools import lru_cache

# Fonts with Chinese glyphs that matplotlib may find; the first one installed is used for
# measuring text (layout only: the browser renders the glyphs).
CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
    "Microsoft YaHei", "PingFang SC", "SimHei", "Heiti SC", "AR PL UMing CN",
)
OTHER_COLORS = ("#BBBBBB", "#DDDDDD")  # "other departments", "no department named"
# Colours for departments in the timeline (Okabe–Ito, then Tol's muted scheme).
SERIES_COLORS = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#332288",
    "#88CCEE", "#44AA99", "#117733", "#999933", "#882255", "#AA4499",
)


@lru_cache(maxsize=1)
def _font_family() -> tuple[str, ...]:
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return tuple(f for f in CJK_FONTS if f in installed) + ("DejaVu Sans",)


def _rc() -> dict:
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": "zhgov-kg",
        "font.family": list(_font_family()),
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


@contextlib.contextmanager
def _quiet_matplotlib() -> Iterator[None]:
    """matplotlib's style, and no chatter about fonts: a CJK font with only a medium weight,
    or none at all (then the browser supplies the glyphs), is fine here."""
    import matplotlib

    font_log = logging.getLogger("matplotlib.font_manager")
    level = font_log.level
    font_log.setLevel(logging.ERROR)
    try:
        with matplotlib.rc_context(_rc()), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Glyph .* missing")
            yield
    finally:
        font_log.setLevel(level)


def _to_svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": "zhgov-kg"})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML prolog and DOCTYPE: the SVG is inlined in HTML
    # Natural size, but shrinking with a narrow page (the viewBox keeps the proportions).
    return svg.replace("<svg ", '<svg style="max-width:100%;height:auto" ', 1)


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100)


def bar_chart(labels: Sequence[str], values: Sequence[int], colors: Sequence[str], title: str) -> str:
    """Horizontal bars, one per label, with the value written at the end of each bar."""
    with _quiet_matplotlib():
        fig = _figure(6.5, 0.35 * len(labels) + 0.9)
        ax = fig.add_subplot()
        ys = list(range(len(labels)))[::-1]
        bars = ax.barh(ys, values, color=list(colors))
        ax.bar_label(bars, padding=3)
        ax.set_yticks(ys, labels=list(labels))
        ax.set_title(title, loc="left")
        ax.set_xlim(0, max(list(values) + [1]) * 1.15)
        ax.xaxis.set_visible(False)
        ax.spines["bottom"].set_visible(False)
        return _to_svg(fig)


def stacked_month_chart(
    months: Sequence[str], series: dict[str, Sequence[int]], colors: Sequence[str], title: str, ylabel: str
) -> str:
    """Stacked columns: one per month, one colour per series (legend in series order)."""
    with _quiet_matplotlib():
        fig = _figure(max(6.5, 0.45 * len(months) + 2.5), 3.8)
        ax = fig.add_subplot()
        xs = list(range(len(months)))
        bottom = [0] * len(months)
        for (name, counts), color in zip(series.items(), colors):
            ax.bar(xs, list(counts), bottom=bottom, label=name, color=color, width=0.75)
            bottom = [b + c for b, c in zip(bottom, counts)]
        ax.set_xticks(xs, labels=list(months))
        if len(months) > 6:
            ax.tick_params(axis="x", labelrotation=90 if len(months) > 24 else 45)
            for label in ax.get_xticklabels():
                label.set_horizontalalignment("center" if len(months) > 24 else "right")
        ax.set_ylabel(ylabel)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_title(title, loc="left")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
        return _to_svg(fig)
