"""The reports in the browser are `socialfit report`'s reports (one code path: engine/report): a
respondent's with every explanation section, the round's combined one explained from the combined
answers and with the agreement between colleagues (what the minimum group size allows)."""
from __future__ import annotations

import re

import yaml
from markupsafe import escape
from web.webtools import add_user, answer_all, client, invite, login, new_round, sample_answers, submit

SVG = re.compile(r"<svg.*?</svg>", re.S)  # matplotlib gives every drawing fresh ids


def _answers_file(engine, path, values, lang: str, organisation: str):
    path.write_text(yaml.safe_dump({"questionnaire": engine.questionnaire.ref, "language": lang,
                                    "organisation": organisation, "answers": values}, allow_unicode=True),
                    encoding="utf-8")
    return path


def _round_with(app, engine, shifts, min_group: int, langs=None):
    add_user(app, "c@example.nl")
    c = client(app)
    login(c, "c@example.nl")
    _org, rnd = new_round(c, "Acme", min_group_size=str(min_group))
    roles = ["marketing", "communication", "management", "customer_service", "other"][:len(shifts)]
    links = invite(c, rnd, roles, langs or ["en"] * len(shifts))
    for link, shift in zip(links, shifts):
        r = client(app)
        answer_all(r, engine, link, sample_answers(engine, shift))
        submit(r, link)
    return c, rnd, links


def test_a_respondents_web_report_is_the_report_commands(app, engine, cli, tmp_path):
    c, rnd, (link,) = _round_with(app, engine, [0], min_group=1, langs=["nl"])
    values = sample_answers(engine)
    path = _answers_file(engine, tmp_path / "a.yaml", values, "nl", "Acme")
    own = client(app)  # the respondent's own report, in the link's language
    web_md = own.get(link + "/report?format=md")
    assert web_md.status_code == 200
    cli_md = cli("report", path, "--format", "markdown")
    assert cli_md.exit_code == 0, cli_md.stderr
    assert web_md.text == cli_md.stdout
    for heading in ("Hoe stevig is dit advies", "Waarom niet de andere modellen"):
        assert heading in web_md.text
    web_html = own.get(link + "/report").text
    cli_html = cli("report", path, "--format", "html").stdout
    assert SVG.sub("", web_html) == SVG.sub("", cli_html)
    for section in ('id="stability"', 'id="why-not"', 'id="what-would-change"'):
        assert section in web_html
    # the consultant's view of the same respondent: the same report in the consultant's language
    (inv_id,) = re.findall(rf"/rounds/{rnd}/respondents/(\d+)", c.get(f"/rounds/{rnd}").text)[:1]
    consultant = c.get(f"/rounds/{rnd}/respondents/{inv_id}").text
    cli_en = cli("report", path, "--format", "html", "--lang", "en").stdout
    assert SVG.sub("", consultant) == SVG.sub("", cli_en)


def test_the_combined_report_explains_the_combined_answers(app, engine):
    c, rnd, _links = _round_with(app, engine, [-1, 0, 1], min_group=3)
    md = c.get(f"/rounds/{rnd}/report?format=md").text
    html = c.get(f"/rounds/{rnd}/report").text
    for section in ('id="stability"', 'id="why-not"', 'id="what-would-change"'):
        assert section in html
    assert "How firm this advice is" in md and "Why not the other models" in md
    assert "combined answers of the 3 respondents" in md
    # a combined answer is a mean: shown rounded, never as 4.666666666666667
    assert not re.search(r"\d\.\d{4,}", md)


def _expected_agreement(engine, shifts):
    from engine.survey.agreement import agreement

    roles = ["marketing", "communication", "management", "customer_service", "other"][:len(shifts)]
    return agreement(engine.questionnaire, engine.weights, [sample_answers(engine, s) for s in shifts], roles)


def test_the_combined_report_shows_agreement_per_dimension_roles_and_items(app, engine):
    from engine.files.safe_text import markdown_text
    from engine.report.agreement_data import dimension_label

    shifts = [-2, 0, 1]
    c, rnd, _links = _round_with(app, engine, shifts, min_group=3)
    md = c.get(f"/rounds/{rnd}/report?format=md").text
    html = c.get(f"/rounds/{rnd}/report").text
    expected = _expected_agreement(engine, shifts)
    assert "## Agreement between colleagues" in md and 'id="agreement"' in html
    for d in expected.dimensions:  # the engine's numbers, row by row
        row = f"| {markdown_text(dimension_label(d.dimension, 'en'))} | {d.mean:.1f} | {d.spread:.1f} | {d.r_wg:.2f} |"
        assert row in md, row
        assert f'id="agreement-{d.dimension}"' in html
    disagree = [d for d in expected.dimensions if d.level == "disagree"]
    assert disagree, "the shifted answers should disagree somewhere"
    assert "Colleagues disagree on: " + markdown_text(dimension_label(disagree[0].dimension, "en")) in md
    assert "look at it together" in md and 'class="badge badge-disagree"' in html
    section = md[md.index("## Agreement between colleagues"):]
    section = section[:section.index("\n## ")]
    assert "Mean per role" in section
    first = expected.dimensions[0]
    assert f"communication {first.by_role['communication']:.0f}, management {first.by_role['management']:.0f}" in section
    assert "customer service" not in section  # nobody of that role answered
    assert "### Questions with the most disagreement" in md
    top = engine.questionnaire.by_id[expected.items[0].item].text["en"]
    assert markdown_text(top) in md and 'id="agreement-items"' in html
    assert "Cronbach's alpha is computed only from 30 respondents on" in md
    # the round page shows the same section
    page = c.get(f"/rounds/{rnd}").text
    assert "Agreement between colleagues" in page and "Mean per role" in page
    assert str(escape(top)) in page


def test_below_the_minimum_group_size_the_report_keeps_roles_and_items_back(app, engine):
    import json

    c, rnd, _links = _round_with(app, engine, [-2, 1], min_group=3)
    md = c.get(f"/rounds/{rnd}/report?format=md").text
    assert "## Agreement between colleagues" in md and "| r_wg(j) |" in md
    assert "Mean per role" not in md and "Questions with the most disagreement" not in md
    assert "shown only from 3 submitted respondents on (now 2)" in md
    html = c.get(f"/rounds/{rnd}/report").text
    assert 'id="agreement-hidden"' in html and 'id="agreement-items"' not in html
    doc = json.loads(c.get(f"/rounds/{rnd}/export/assessments.json").text)
    assert doc["most_disagreed_items"] is None and all(d["by_role"] is None for d in doc["agreement"])
    assert all(d["r_wg"] is not None for d in doc["agreement"] if d["dimension"] == "maturity.goals")
    page = c.get(f"/rounds/{rnd}").text
    assert "Mean per role" not in page and "Questions with the most disagreement" not in page


def test_the_agreement_section_in_dutch_and_for_one_respondent(engine):
    from engine.report import build_report, render_markdown
    from engine.report.agreement_data import build_agreement
    from engine.survey.groups import combine_answer_sets

    sets = [sample_answers(engine, s) for s in (-2, 0, 1)]
    expected = _expected_agreement(engine, [-2, 0, 1])
    view = build_agreement(engine, expected, "nl", individuals=True, min_group=3, role_labels={"marketing": "mkt"})
    values, _ = combine_answer_sets(engine.questionnaire, engine.weights, sets)
    md = render_markdown(build_report(engine, engine.assess_valid(values, language="nl"), charts=False,
                                      values=values, agreement=view))
    assert "## Overeenstemming tussen collega's" in md and "gecombineerde antwoorden van de 3 respondenten" in md
    assert "mkt " in md and "Gemiddelde per rol" in md
    one = _expected_agreement(engine, [0])
    view = build_agreement(engine, one, "en", individuals=True, min_group=1)
    assert view.summary == "There is one respondent: agreement can be measured from two on."
    md = render_markdown(build_report(engine, engine.assess_valid(sets[1]), charts=False, agreement=view))
    assert "r_wg(j)" not in md and "the only respondent" in md


def _switch(c, page_html: str):
    """Press the page's language switch: post exactly the form base.html shows."""
    form = re.search(r'<form method="post" action="(/lang)" class="inline">(.*?)</form>', page_html, re.S)
    assert form, "no language switch on the page"
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(2)))
    return c.post(form.group(1), data=fields)


def test_a_consultant_switches_language_on_the_round_and_the_report(app, engine):
    c, rnd, _links = _round_with(app, engine, [-1, 1], min_group=1)
    page = c.get(f"/rounds/{rnd}").text
    assert '<html lang="en">' in page and "Combined result" in page and "Agreement between colleagues" in page
    r = _switch(c, page)
    assert r.status_code == 303 and r.headers["location"] == f"/rounds/{rnd}"
    page = c.get(f"/rounds/{rnd}").text
    assert '<html lang="nl">' in page and "Gecombineerde uitslag" in page and "Combined result" not in page
    assert str(escape("Overeenstemming tussen collega's")) in page and "Uitnodigingen" in page
    # the next pages stay Dutch: the combined report, its markdown, the organisations
    report = c.get(f"/rounds/{rnd}/report").text
    assert '<html lang="nl">' in report and "Advies implementatiemodel social media" in report
    assert str(escape("Overeenstemming tussen collega's")) in report and "Waarom niet de andere modellen" in report
    assert c.get(f"/rounds/{rnd}/report?format=md").text.startswith("# Advies implementatiemodel social media")
    assert "Organisaties" in c.get("/orgs").text
    # the report in the other language, from the round page, leaves the workspace Dutch
    assert f'href="/rounds/{rnd}/report?lang=en"' in page
    english = c.get(f"/rounds/{rnd}/report?lang=en").text
    assert '<html lang="en">' in english and "Agreement between colleagues" in english
    page = c.get(f"/rounds/{rnd}").text
    assert '<html lang="nl">' in page
    # and back to English
    assert _switch(c, page).status_code == 303
    page = c.get(f"/rounds/{rnd}").text
    assert '<html lang="en">' in page and "Combined result" in page
    report = c.get(f"/rounds/{rnd}/report").text
    assert '<html lang="en">' in report and "Why not the other models" in report
    assert "Organisations" in c.get("/orgs").text
