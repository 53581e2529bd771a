"""The expert prior for the model-fit weights, derived from the catalogue (domain.md's attribute table,
maturity fit and ownership fit). Calibration regularises towards these weights.

Run ``python -m engine.prior > data/weights.yaml`` to regenerate the shipped prior.

How each weight is derived (``a`` is an attribute value 0..3):
- ``need_X``: ``K_NEED * (a_X - 1.5) / 1.5`` -- a model strong on X gains when the organisation needs X,
  and a model without X loses.
- ``maturity``: ``K_MATURITY * (fits high - fits low) + K_COMPLEXITY * (a_complexity - 2) / 2``.
- ``maturity_mid``: ``K_MATURITY * (fits middle - (fits high + fits low) / 2)``.
  Together with the bias these give each maturity stage a model fits a "tent" of height ``K_MATURITY``
  over the maturity score ``m``: low ``max(0, 1 - 2m)``, middle ``1 - |2m - 1|``, high ``max(0, 2m - 1)``
  (with ``mid = 1 - |2m - 1|``: low = ``1 - m - mid/2``, high = ``m - mid/2``). So a middle model beats a
  high-only model at stage 3, and a model that fits low *and* high (Social Strategy Model) is weakest in
  the middle.
- ``readiness``: ``-K_READINESS * a_go_no_go / 3`` -- a go/no-go moment matters most when readiness is doubtful.
- ``own_O``: ``K_OWNER * ([O in ownership fit] - |ownership fit| / 4)`` (four owners: marketing, communication,
  service, strategic) -- shares sum to 1, so a model that fits every owner is neutral.
- ``bias``: chosen so that the needs, readiness, ownership and complexity terms of a neutral profile
  (every feature 0.5, shares one quarter each) add up to 0, while the maturity tent keeps its height at
  ``m = 0.5``: a neutral profile scores ``z = K_MATURITY`` for a middle model and ``z = 0`` otherwise.
  (Centring the tents as well would erase the middle models' advantage at their own stage.)
"""
from __future__ import annotations

import sys
from datetime import date

import yaml

from ..model.catalogue import Catalogue
from ..model.vocabulary import FEATURES, MATURITY_DIMENSIONS, NEEDS, NEUTRAL, OWNERS, READINESS_DIMENSIONS
from ..model.weights import Weights

K_NEED = 1.2
K_MATURITY = 1.5
K_COMPLEXITY = 0.5
K_READINESS = 1.0
K_OWNER = 1.5
EXIT_READINESS_THRESHOLD = 35.0


def neutral_features() -> dict[str, float]:
    """The feature values of an organisation about which nothing is known."""
    values = {f: NEUTRAL for f in FEATURES}
    values.update({f"own_{o}": 1 / len(OWNERS) for o in OWNERS})
    values["maturity_mid"] = 1 - abs(2 * NEUTRAL - 1)
    return values


def prior_row(model) -> dict[str, float]:
    a = model.attributes
    row = {f"need_{n}": K_NEED * (a[n] - 1.5) / 1.5 for n in NEEDS}
    fits = set(model.maturity_fit)
    row["maturity"] = K_MATURITY * (("high" in fits) - ("low" in fits)) + K_COMPLEXITY * (a["complexity"] - 2) / 2
    row["maturity_mid"] = K_MATURITY * (("middle" in fits) - (("high" in fits) + ("low" in fits)) / 2)
    row["readiness"] = -K_READINESS * a["go_no_go"] / 3
    owners = set(model.ownership_fit)
    for o in OWNERS:
        row[f"own_{o}"] = K_OWNER * ((o in owners) - len(owners) / len(OWNERS))
    neutral = neutral_features()
    row = {f: round(row[f], 6) for f in FEATURES}
    tent_at_neutral = K_MATURITY * ("middle" in fits)  # the maturity tents' value at m = 0.5
    return {"bias": round(tent_at_neutral - sum(row[f] * neutral[f] for f in FEATURES), 6), **row}


def prior_weights(catalogue: Catalogue) -> Weights:
    """The expert-prior :class:`Weights` for a catalogue."""
    return Weights(
        features=FEATURES,
        model_fit={m.id: prior_row(m) for m in catalogue.models},
        maturity_dimensions={d: 1.0 for d in MATURITY_DIMENSIONS},
        readiness_dimensions={d: 1.0 for d in READINESS_DIMENSIONS},
        item_weights={},
        params={"exit_readiness_threshold": EXIT_READINESS_THRESHOLD},
        provenance={
            "method": "expert_prior",
            "derived_from": "data/models.yaml (attributes, maturity_fit, ownership_fit from domain.md)",
            "by": "engine.calibration.prior (see its docstring for the formulas)",
            "date": date.today().isoformat(),
            "note": "Not fitted to data. `socialfit calibrate` replaces this file with weights fitted to labelled cases.",
        },
    )


def main() -> None:  # pragma: no cover - thin script
    from ..files.resources import default_catalogue_path
    from ..model.catalogue import load_catalogue

    doc = prior_weights(load_catalogue(default_catalogue_path())).to_document()
    sys.stdout.write("# Scoring weights: the expert prior derived by engine.prior from data/models.yaml.\n")
    sys.stdout.write(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))


if __name__ == "__main__":  # pragma: no cover
    main()
