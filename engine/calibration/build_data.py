"""Build the bundled calibration data in ``data/calibration/``::

    python -m engine.calibration.build_data

- ``cases_expert.csv`` (source ``expert``, HAND-WRITTEN): the golden vignettes of tests/vignettes, each an
  organisation written by hand from shared/domain.md with the model an expert chooses. Exit vignettes
  that name no model are labelled ``social_strategy_model``: domain.md's choice when readiness is in
  doubt (its go/no-go moment is the exit). Expert cases get weight ``EXPERT_WEIGHT``: they are few and
  carry what the expert prior must keep.
- ``cases_synthetic.csv`` (source ``synthetic``): ``SYNTHETIC_N`` cases from :mod:`engine.calibration.synthetic`.
- ``cases.csv``: both, the file ``socialfit calibrate`` and the notebook use by default.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from ..files.atomic import atomic_path
from .synthetic import generate
from .data import META_COLUMNS
from .guard import load_vignettes

EXPERT_WEIGHT = 10.0
EXIT_LABEL = "social_strategy_model"
SYNTHETIC_N = 2000
SYNTHETIC_SEED = 20261127


def _cell(value) -> str:
    if value is None:
        return "dont_know"
    if isinstance(value, list):
        return ";".join(map(str, value))
    return str(value)


def expert_frame(engine, vignettes_dir: Path) -> pd.DataFrame:
    rows = []
    for v in load_vignettes(vignettes_dir, engine.questionnaire):
        label = v.expect.get("recommended", EXIT_LABEL)
        row = {"case_id": f"vignette:{Path(v.path).stem}", "source": "expert", "label": label, "label_second": "",
               "take_exit": "yes" if v.expect.get("take_exit") else "no", "weight": EXPERT_WEIGHT}
        row.update({i.id: _cell(v.values[i.id]) if i.id in v.values else "" for i in engine.questionnaire.items})
        rows.append(row)
    return pd.DataFrame(rows)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=False)
    path.chmod(0o644)


def main(argv: list[str] | None = None) -> None:  # pragma: no cover - a build script, run by hand
    from .. import Engine
    from ..files.resources import bundled_root

    root = bundled_root()
    out = root / "data" / "calibration"
    out.mkdir(parents=True, exist_ok=True)
    engine = Engine.load()
    expert = expert_frame(engine, root / "tests" / "vignettes")
    synthetic = generate(engine.questionnaire, engine.catalogue, SYNTHETIC_N, random_state=SYNTHETIC_SEED)
    columns = [c for c in META_COLUMNS if c != "organisation"] + [i.id for i in engine.questionnaire.items]
    write_csv(expert[columns], out / "cases_expert.csv")
    write_csv(synthetic[columns], out / "cases_synthetic.csv")
    write_csv(pd.concat([expert[columns], synthetic[columns]], ignore_index=True), out / "cases.csv")
    print(f"wrote {len(expert)} expert and {len(synthetic)} synthetic cases to {out}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    main()
