"""The validation cache is keyed on the file's bytes and the code version, never on parsed values:
a date and the same date as text render alike, and once collided (an invalid file was accepted
after a valid one had been validated)."""
from __future__ import annotations

import pytest

from conftest import ROOT
from engine.errors import DataError
from engine.files import cache
from engine.model.weights import load_weights


def test_a_date_and_the_same_date_as_text_do_not_share_a_stamp(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIALFIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SOCIALFIT_NO_CACHE", raising=False)
    text = (ROOT / "data" / "weights.yaml").read_text(encoding="utf-8")
    assert "  method: calibrated\n" in text  # provenance.method must be text
    valid, invalid = tmp_path / "valid.yaml", tmp_path / "invalid.yaml"
    valid.write_text(text.replace("  method: calibrated\n", "  method: '2026-12-01'\n"), encoding="utf-8")
    invalid.write_text(text.replace("  method: calibrated\n", "  method: 2026-12-01\n"), encoding="utf-8")
    load_weights(valid)
    load_weights(valid)  # the second time from the cache
    assert any((tmp_path / "cache").iterdir()), "a valid file leaves a stamp"
    with pytest.raises(DataError, match=r"provenance\.method: got datetime\.date\(2026, 12, 1\); expected text"):
        load_weights(invalid)


def test_the_key_changes_with_the_code(monkeypatch, tmp_path):
    from engine.files.loading import load_document

    path = tmp_path / "w.yaml"
    path.write_text((ROOT / "data" / "weights.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    doc = load_document(path)
    before = cache._digest(doc, {"type": "object"})
    cache._code_version.cache_clear()
    monkeypatch.setattr(cache, "_code_version", lambda: "another version")
    assert cache._digest(doc, {"type": "object"}) != before
    assert cache._digest({"not": "from a file"}, {"type": "object"}) is None  # nothing derived is ever a key
