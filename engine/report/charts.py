"""The report's charts, drawn with matplotlib and returned as inline SVG text.

Text stays text in the SVG (``svg.fonttype: none``), so the numbers are readable, selectable and
checkable; every bar or area carries an ``id`` (matplotlib's ``gid``) naming what it shows. The
object-oriented ``Figure`` API is used instead of pyplot: no global figure state, no GUI backend.
"""
from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass

import matplotlib
from matplotlib.figure import Figure

# Colours of the page (see the template's CSS).
INK = "#1f2933"
MUTED = "#7b8794"
ACCENT = "#2f6f9f"
ACCENT_LIGHT = "#9cc3e0"
GOOD = "#3f8f5a"
BAD = "#c0392b"
GRID = "#d9e2ec"
OWNER_COLOURS = {"marketing": "#2f6f9f", "communication": "#2a9d8f", "service": "#e08e2b", "strategic": "#6b4c9a",
                 "unassigned": "#9aa5b1"}

_RC = {
    "svg.fonttype": "none",        # keep text as <text>, not paths
    "svg.hashsalt": "socialfit",   # stable element ids: the same answers give the same file
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # ships with matplotlib: the same layout on every machine
    "font.size": 9,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": MUTED,
    "ytick.color": INK,
}


@dataclass(frozen=True)
class Bar:
    """One bar of a bar chart: ``key`` becomes the SVG id, ``label`` the axis text."""

    key: str
    label: str
    value: float | None
    threshold: float | None = None  # a knock-out threshold to draw on this bar
    highlight: bool = False
    muted: bool = False              # excluded model / unknown value
    note: str | None = None          # text instead of the number (e.g. "excluded")


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", transparent=True,
                metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    text = buf.getvalue()
    # Inline in HTML: drop the XML prolog and DOCTYPE (it names an external DTD); keep <svg>...</svg>.
    return text[text.index("<svg"):]


def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), dpi=100)


def radar(labels: list[str], values: list[float | None], *, title: str, unknown: str) -> str:
    """Maturity per sub-dimension (0-100) on a polar chart; unknown values are drawn at 0 and named."""
    with matplotlib.rc_context(_RC):
        fig = _figure(5.2, 4.6)
        ax = fig.add_subplot(projection="polar")
        n = len(labels)
        angles = [2 * math.pi * k / n for k in range(n)]
        drawn = [v if v is not None else 0.0 for v in values]
        ax.set_theta_offset(math.pi / 2)
        ax.set_theta_direction(-1)
        area = ax.fill(angles + angles[:1], drawn + drawn[:1], color=ACCENT_LIGHT, alpha=0.55)[0]
        area.set_gid("radar-area")
        line = ax.plot(angles + angles[:1], drawn + drawn[:1], color=ACCENT, linewidth=2)[0]
        line.set_gid("radar-line")
        for k, (angle, value) in enumerate(zip(angles, drawn)):
            dot = ax.plot([angle], [value], "o", color=ACCENT, markersize=4)[0]
            dot.set_gid(f"radar-point-{k}")
        ax.set_ylim(0, 100)
        ax.set_yticks([25, 50, 75, 100])
        ax.set_yticklabels(["25", "50", "75", "100"], color=MUTED, fontsize=7)
        ax.set_xticks(angles)
        # Long names wrap so that neighbouring labels do not run into each other.
        ax.set_xticklabels([f"{textwrap.fill(lab, 16)}\n{unknown if v is None else f'{v:.0f}'}"
                            for lab, v in zip(labels, values)], fontsize=8)
        ax.tick_params(axis="x", pad=10)
        ax.grid(color=GRID)
        ax.spines["polar"].set_color(GRID)
        ax.set_title(title, fontsize=10, fontweight="bold", pad=22)
        return _svg(fig)


def ownership(parts: list[tuple[str, str, float]], *, title: str, width: float = 4.6) -> str:
    """Ownership shares as one 100% bar: ``parts`` are (owner, label, share 0-1)."""
    with matplotlib.rc_context(_RC):
        fig = _figure(width, 1.5)
        ax = fig.add_subplot()
        left = 0.0
        for owner, _label, share in parts:
            rect = ax.barh([0], [share * 100], left=[left], color=OWNER_COLOURS.get(owner, ACCENT), height=0.6)[0]
            rect.set_gid(f"ownership-{owner}")
            if share >= 0.08:  # room for the text inside the segment
                ax.text(left + share * 50, 0, f"{share:.0%}", ha="center", va="center", color="white",
                        fontweight="bold", fontsize=9)
            left += share * 100
        ax.set_xlim(0, 100)
        ax.set_ylim(-0.5, 0.5)
        ax.set_yticks([])
        ax.set_xticks([0, 25, 50, 75, 100])
        ax.set_xticklabels(["0%", "25%", "50%", "75%", "100%"], fontsize=7)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        handles = [matplotlib.patches.Patch(color=OWNER_COLOURS.get(o, ACCENT), label=f"{lab} {s:.0%}")
                   for o, lab, s in parts]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.45), ncol=len(parts),
                  frameon=False, fontsize=7.5, handlelength=1.2, columnspacing=1.0)
        ax.set_title(title, fontsize=10, fontweight="bold", loc="left")
        return _svg(fig)


def bars(items: list[Bar], *, title: str, prefix: str, unknown: str, threshold_label: str | None = None,
         width: float = 6.4) -> str:
    """Horizontal 0-100 bars, first item on top, the value written beside each bar.

    A bar with a ``threshold`` gets a marker there; a value below it is drawn in the warning colour.
    ``width`` (inches) should match the room the page gives the chart, so that text keeps its size.
    """
    with matplotlib.rc_context(_RC):
        fig = _figure(width, 0.32 * len(items) + 0.9)
        ax = fig.add_subplot()
        ys = list(range(len(items)))[::-1]
        for y, item in zip(ys, items):
            below = item.threshold is not None and item.value is not None and item.value < item.threshold
            colour = GRID if item.muted else BAD if below else ACCENT if item.highlight else ACCENT_LIGHT
            rect = ax.barh([y], [item.value or 0.0], color=colour, height=0.62,
                           hatch="//" if item.muted else None, edgecolor=MUTED if item.muted else colour)[0]
            rect.set_gid(f"{prefix}-{item.key}")
            text = item.note or (unknown if item.value is None else f"{item.value:.1f}")
            ax.text((item.value or 0.0) + 1.5, y, text, va="center", fontsize=8,
                    fontweight="bold" if item.highlight else "normal", color=MUTED if item.muted else INK)
            if item.threshold is not None:
                mark = ax.plot([item.threshold, item.threshold], [y - 0.42, y + 0.42], color=BAD, linewidth=2)[0]
                mark.set_gid(f"{prefix}-threshold-{item.key}")
        ax.set_yticks(ys)
        ax.set_yticklabels([i.label for i in items], fontsize=8)
        for tick, item in zip(ax.get_yticklabels(), items):
            if item.highlight:
                tick.set_fontweight("bold")
        ax.set_xlim(0, 110)
        ax.set_xticks([0, 25, 50, 75, 100])
        ax.tick_params(axis="x", labelsize=7)
        ax.grid(axis="x", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if threshold_label and any(i.threshold is not None for i in items):
            ax.plot([], [], color=BAD, linewidth=2, label=threshold_label)
            ax.legend(loc="lower right", frameon=False, fontsize=7, bbox_to_anchor=(1.0, 1.0))
        ax.set_title(title, fontsize=10, fontweight="bold", loc="left")
        return _svg(fig)

