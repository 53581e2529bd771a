"""The calibration notebook: committed without outputs, and it runs top to bottom on a small dataset."""
from __future__ import annotations

import nbformat
import pytest
import yaml

from engine.calibration.synthetic import generate

from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "calibration.ipynb"


def test_committed_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    dirty = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.outputs or c.execution_count is not None)]
    assert not dirty, f"cells with outputs: {dirty}; clear them before committing"
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert "DATA =" in first.source and "OUTPUT =" in first.source


@pytest.mark.slow
def test_notebook_runs_on_a_small_dataset(tmp_path, engine):
    from engine.calibration.run_notebook import execute

    data = tmp_path / "small.csv"
    generate(engine.questionnaire, engine.catalogue, 150, random_state=3).to_csv(data, index=False)
    out = tmp_path / "weights.yaml"
    executed = execute(NOTEBOOK, output=tmp_path / "run.ipynb", cwd=ROOT,
                       overrides={"DATA": str(data), "OUTPUT": str(out), "FOLDS": 2, "FORCE": True})
    nb = nbformat.read(executed, as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3  # distributions, confusion matrices, weights and calibration curve
    assert yaml.safe_load(out.read_text())["provenance"]["data"]["n"] == 150
