"""What keeps memory bounded must not change results: the duplicate-id hash set across chunks, and
--group-by's running sums per group (means, medians, most chosen options, spread) at any chunk size."""
from __future__ import annotations

import csv
import statistics

import numpy as np
import pytest

from conftest import FIXTURES
from engine.survey.idset import HashSet

BAD = FIXTURES / "survey" / "bad"


def _rows(path):
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_hash_set_agrees_with_a_python_set():
    rng = np.random.default_rng(5)
    pool = np.concatenate([rng.integers(0, 2**64, 3000, dtype=np.uint64, endpoint=False),
                           np.array([0, 1, 2**64 - 1, 2**63], dtype=np.uint64),
                           (np.arange(50, dtype=np.uint64) << np.uint64(56)) | np.uint64(7)])  # many in one bucket each
    seen, ref = HashSet(), set()
    for _ in range(12):
        keys = np.unique(rng.choice(pool, 700))
        found = seen.add(keys)
        assert found.tolist() == [int(k) in ref for k in keys]
        ref.update(int(k) for k in keys)
        assert len(seen) == len(ref)
    assert seen.add(np.zeros(0, dtype=np.uint64)).tolist() == []


@pytest.mark.parametrize("chunk", ["1", "2", "5"])
def test_duplicate_ids_are_found_across_chunks(cli, tmp_path, chunk):
    src = BAD / "duplicate_ids.csv"
    outs = []
    for args in ((), ("--chunk-rows", chunk)):
        out, err = tmp_path / f"o{len(outs)}.csv", tmp_path / f"e{len(outs)}.csv"
        assert cli("batch", src, "-o", out, "--errors", err, "-q", *args).exit_code == 0
        outs.append((out.read_bytes(), err.read_bytes()))
    assert outs[0] == outs[1]
    assert outs[0][1].count(b"duplicate_id") >= 1


@pytest.fixture
def teams(tmp_path):
    """100 responses (10 invalid, some partial or incomplete) of four organisations, one of them blank."""
    rows = _rows(BAD / "ten_percent_invalid.csv")
    src = tmp_path / "teams.csv"
    with open(src, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["organisation"] + list(rows[0]))
        w.writeheader()
        for k, r in enumerate(rows):
            w.writerow({"organisation": ["Acme", "Bolt ", "Corp", ""][k * 7 % 4]} | r)
    return src


@pytest.mark.parametrize("median", [False, True])
def test_group_by_running_sums_do_not_depend_on_the_chunk_size(cli, tmp_path, teams, median):
    flag = ("--median",) if median else ()
    got = []
    for chunk in ("100000", "6", "13"):
        out = tmp_path / f"g{chunk}.csv"
        result = cli("batch", teams, "--group-by", "organisation", "-o", out, "-q", "--chunk-rows", chunk, *flag)
        assert result.exit_code == 0, result.stderr
        got.append(_rows(out))
    whole = got[0]
    assert [(g["group"], g["rows"]) for g in whole] == [("", "25"), ("Acme", "25"), ("Bolt", "25"), ("Corp", "25")]
    for other in got[1:]:
        for a, b in zip(whole, other):
            for col in a:  # the spread is merged across chunks: equal up to floating-point rounding
                if col.startswith("spread_"):
                    assert float(a[col]) == pytest.approx(float(b[col]), abs=0.11), col
                else:
                    assert a[col] == b[col], col


def test_group_by_median_is_the_median_of_the_scored_answers(cli, tmp_path, teams):
    per_row, per_group = tmp_path / "rows.csv", tmp_path / "groups.csv"
    assert cli("batch", teams, "-o", per_row, "-q", "--id-column", "organisation").exit_code == 0
    assert cli("batch", teams, "--group-by", "organisation", "--median", "-o", per_group, "-q",
               "--chunk-rows", "4").exit_code == 0
    scored = {r["row"] for r in _rows(per_row) if r["status"] == "ok"}
    answers = [r for k, r in enumerate(_rows(teams)) if str(k + 2) in scored and r["organisation"] == "Corp"]
    values = [int(r["goals_documented"]) for r in answers if r["goals_documented"].isdigit()]  # not "Weet ik niet"
    corp = next(g for g in _rows(per_group) if g["group"] == "Corp")
    assert float(corp["answer.goals_documented"]) == statistics.median(values)
    assert int(corp["respondents"]) == len(answers)
