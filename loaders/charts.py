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
