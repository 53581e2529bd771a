"""Write data/samples/team_survey.csv: a survey export in our template layout where several colleagues
of three (synthetic) organisations answered the intake, for the README's `batch --group-by` example.

Each organisation is one latent profile of engine.calibration.synthetic; each colleague answers it with their own
respondent noise, so answers agree within an organisation much as real colleagues' would.

    .venv/bin/python scripts/make_sample_team_survey.py
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from engine import Engine
from engine.survey.template import template_columns
from engine.calibration.synthetic import answer, draw_profile

ROOT = Path(__file__).resolve().parent.parent
ORGANISATIONS = ("Gemeente Voorbeeld", "Webwinkel Noord", "Zorggroep Zuid", "Hogeschool West", "Installatiebedrijf Oost",
                 "Stichting Natuurbehoud")
COLLEAGUES = 4


def cells(q, values: dict) -> list[str]:
    row = []
    for item in q.items:
        value = values.get(item.id, "")
        if item.type == "multi":
            row += ["" if item.id not in values or value is None else ("1" if o.value in value else "0")
                    for o in item.options]
        else:
            row.append("" if item.id not in values else ("Weet ik niet" if value is None else str(value)))
    return row


def main() -> None:
    q = Engine.load().questionnaire
    rng = np.random.default_rng(2026)
    rows = []
    for organisation in ORGANISATIONS:
        profile = draw_profile(rng)
        for k in range(COLLEAGUES):
            values = {k_: (None if v == "dont_know" else v) for k_, v in answer(q, profile, rng).items()}
            rows.append([organisation, f"{organisation.split()[0].lower()}-{k + 1}"] + cells(q, values))
    target = ROOT / "data" / "samples" / "team_survey.csv"
    with target.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["organisation"] + template_columns(q))
        writer.writerows(rows)
    print(f"wrote {target} ({len(rows)} responses)")


if __name__ == "__main__":
    main()
