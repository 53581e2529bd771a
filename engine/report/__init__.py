"""The report of one assessment: a self-contained HTML page (charts inline as SVG, CSS inline, no
network) or markdown, in Dutch or English.

    from engine.report import build_report, render_html
    html = render_html(build_report(engine, engine.assess_file("answers.yaml")))
"""
from __future__ import annotations

from .data import Report, build_report, knockout_thresholds
from .render import render_html, render_markdown

__all__ = ["Report", "build_report", "knockout_thresholds", "render_html", "render_markdown"]
