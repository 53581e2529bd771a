"""Report data -> text through Jinja2 templates (``templates/``): HTML escaped, markdown not."""
from __future__ import annotations

from functools import lru_cache

import jinja2
from markupsafe import Markup

from ..files.safe_text import markdown_text
from ..i18n import t
from .data import Report


@lru_cache(maxsize=2)
def _environment(html: bool) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("engine.report", "templates"),
                             autoescape=html, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    if not html:  # every value put into markdown is text: no raw HTML or links from an organisation name
        env.finalize = lambda value: markdown_text(value) if isinstance(value, str) else value
    env.filters["num"] = _num
    env.filters["pct"] = lambda share: f"{share:.0%}"
    env.filters["cell"] = lambda text: str(text).replace("|", "\\|").replace("\n", " ")  # markdown table cell
    return env


def _num(value, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _render(name: str, report: Report, html: bool) -> str:
    lang = report.language

    def tr(key: str, **kwargs) -> str:
        return t(key, lang, **kwargs)

    charts = {k: Markup(v) for k, v in report.charts.items()}  # SVG from matplotlib, already escaped
    return _environment(html).get_template(name).render(r=report, t=tr, charts=charts)


def render_html(report: Report) -> str:
    """One self-contained HTML page (needs ``report.charts``: build the report with ``charts=True``)."""
    return _render("report.html.j2", report, html=True)


def render_markdown(report: Report) -> str:
    """The same report as markdown: tables instead of charts."""
    return _render("report.md.j2", report, html=False)
