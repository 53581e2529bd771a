"""The batch summary page (issue 11): the report's style, names in the chosen language, sorted
charts with whole-number count axes, distributions of maturity and readiness, and statistics only
where they mean something (each withheld one says why)."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup

from conftest import FIXTURES

MANY = FIXTURES / "survey" / "bad" / "ten_percent_invalid.csv"


def _page(cli, tmp_path, *args, src=MANY):
    page = tmp_path / "s.html"
    result = cli("batch", src, "-o", tmp_path / "o.csv", "--summary", page, "-q", *args)
    assert result.exit_code == 0, result.stderr
    return page.read_text(encoding="utf-8")


def _bar_labels(svg: str) -> list[str]:
    """The y-axis labels of a horizontal bar chart, top to bottom."""
    soup = BeautifulSoup(svg, "html.parser")
    labels = [t.get_text(" ", strip=True) for t in soup.select('g[id^="ytick"] text')]
    return labels[::-1]


def test_page_uses_the_reports_style_and_model_names(cli, tmp_path, engine):
    html = _page(cli, tmp_path)
    from engine.survey.summary_page import report_style

    assert report_style().strip() and report_style().strip()[:200] in html  # the report's own CSS
    assert "<title>Summary of a survey export:" in html and "socialfit batch</h1>" not in html
    names = {m.name for m in engine.catalogue.models}
    assert any(n in html for n in names)
    soup = BeautifulSoup(html, "html.parser")
    figures = soup.select("figure.chart")
    recommended = _bar_labels(str(figures[0]))
    assert recommended and set(recommended) <= names  # names, not ids such as social_strategy_model
    assert "social_strategy_model" not in soup.get_text() and "exit_legal_prohibitive" not in soup.get_text()


def test_bars_are_sorted_and_count_axes_are_whole_numbers(cli, tmp_path):
    html = _page(cli, tmp_path)
    soup = BeautifulSoup(html, "html.parser")
    for fig in soup.select("figure.chart"):
        ticks = [t.get_text(strip=True) for t in fig.select('g[id^="xtick"] text, g[id^="ytick"] text')]
        numbers = [x for x in ticks if re.fullmatch(r"[−-]?[\d.]+", x)]
        assert all("." not in x for x in numbers), ticks  # no 0.5 on a count axis
    recommended = str(soup.select("figure.chart")[0])
    ends = [g for g in BeautifulSoup(recommended, "html.parser").select('g[id^="text_"]')
            if not g.find_parent("g", id=re.compile(r"^[xy]tick|^matplotlib.axis"))]
    counts = [int(g.get_text(strip=True)) for g in ends if g.get_text(strip=True).isdigit()]
    assert len(counts) >= 3
    assert counts == sorted(counts)  # drawn bottom-up: largest bar on top


def test_distributions_of_maturity_and_readiness(cli, tmp_path):
    html = _page(cli, tmp_path)
    assert "Maturity (0-100)" in html and "Readiness (0-100)" in html and "Maturity stages" in html
    assert "Primary owner" in html and "median" in html


def test_alpha_only_where_it_means_something(cli, tmp_path):
    html = _page(cli, tmp_path)
    text = BeautifulSoup(html, "html.parser").get_text(" ", strip=True)
    assert "No alpha for these scales: they also count questions other than statements" in text
    small = tmp_path / "six.csv"
    lines = MANY.read_text(encoding="utf-8").splitlines()
    small.write_text("\n".join(lines[:7]) + "\n", encoding="utf-8")
    six = BeautifulSoup(_page(cli, tmp_path, src=small), "html.parser").get_text(" ", strip=True)
    assert re.search(r"not shown: \d respondents answered every question \(at least 30 needed\)", six)
    assert not re.search(r"−?-\d\.\d\d\b", six.split("Reliability")[1].split("Input")[0])  # no alpha value at all


def test_dutch_page(cli, tmp_path):
    html = _page(cli, tmp_path, "--lang", "nl")
    assert '<html lang="nl">' in html and "Aanbevolen modellen" in html and "Redenen voor de exit" in html
    assert "Volwassenheidsfasen" in html and "klantenservice" in html
