"""Benchmark of ``socialfit batch``: N generated responses (default 1,000,000) in our CSV template.

Reports, in one run, wall time and peak RSS of
  - the baseline: pyarrow read_csv of the file + write_csv of the same rows with the result columns;
  - socialfit batch to CSV, and to Parquet (each in its own process, so peak RSS is its own).
Targets: batch to CSV within 1.5x of the baseline and to Parquet within 1.3x; peak RSS under 1.5 GB and
flat in N (chunked). With --repeat N the runs take turns N times and each figure is the median (a
busy machine slows one run, rarely all of them).

    .venv/bin/python benchmarks/batch.py [--rows 1000000] [--repeat 3] [--keep DIR] [--no-baseline] [--formats csv,parquet]

With --keep, a generated file already in DIR is reused. For large N (10,000,000: a 2.9 GB file) the
baseline, which reads the whole file into memory, needs about 4x the file size in RAM: --no-baseline
skips it and reports the peak RSS of socialfit batch only.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine import Engine  # noqa: E402
from engine.scoring.vectorised import coded_from_values, drop_hidden, item_columns  # noqa: E402
from engine.calibration.random_answers import random_answer_rows  # noqa: E402
from engine.survey.template import template_columns  # noqa: E402

RESULT_COLUMNS = ["row", "status", "reason", "maturity", "stage", "stage_name", "readiness", "share_marketing",
                  "share_service", "share_strategic", "primary_owner", "unknown_share", "take_exit", "exit_rules",
                  "exit_reasons", "recommended", "model_1", "fit_1", "model_2", "fit_2", "model_3", "fit_3"]


def generate(path: Path, n: int, seed: int = 1) -> None:
    """N template rows: 5,000 distinct valid answer sets (each drawn with show-if respected), tiled."""
    q = Engine.load().questionnaire
    base, _ = drop_hidden(q, coded_from_values(q, random_answer_rows(q, 5000, seed=seed)))
    rng = np.random.default_rng(seed)
    block = 200_000
    writer = None
    with open(path, "wb") as fh:
        for start in range(0, n, block):
            m = min(block, n - start)
            pick = rng.integers(0, len(base), m)
            cols = {"respondent_id": pa.array([f"r{i}" for i in range(start, start + m)])}
            for item in q.items:
                for c in item_columns(item):
                    v = base[c].to_numpy()[pick]
                    if item.type == "single":
                        labels = np.array([str(o.value) for o in item.options] + [""], dtype=object)
                        text = labels[np.where(np.isnan(v), len(item.options), v).astype(int)]
                    else:
                        text = np.where(np.isnan(v), "", np.char.mod("%g", np.nan_to_num(v)).astype(object))
                    cols[c] = pa.array(text.astype(str))
            table = pa.table(cols)
            assert table.column_names == template_columns(q)
            if writer is None:
                writer = pacsv.CSVWriter(fh, table.schema, write_options=pacsv.WriteOptions(quoting_style="needed"))
            writer.write_table(table)
        writer.close()


BASELINE = r"""
import sys, numpy as np, pyarrow as pa, pyarrow.csv as pacsv
src, out, cols = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
with open(src, encoding="utf-8") as fh:
    names = fh.readline().strip().split(",")
t = pacsv.read_csv(src, convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in names}))
n = t.num_rows
res = {}
for c in cols:  # the same columns as socialfit's output, filled with typical values
    res[c] = pa.array(np.full(n, 54.3)) if c.startswith(("fit", "maturity", "readiness", "share", "unknown")) else \
        pa.array(np.full(n, "social_strategy_model", dtype=object))
res["respondent_id"] = t.column("respondent_id")
pacsv.write_csv(pa.table(res), out)
"""


def measure(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of a child process (GNU time's maximum resident set)."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr}")
    return wall, int(proc.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--keep", type=Path, help="Keep the generated files in this folder (and reuse them).")
    ap.add_argument("--no-baseline", action="store_true", help="Skip the pyarrow baseline (it holds the whole file).")
    ap.add_argument("--formats", default="csv,parquet", help="Output formats of socialfit batch to time.")
    ap.add_argument("--repeat", type=int, default=1, help="Run everything this many times, in turns; report medians.")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="socialfit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    src = work / f"responses_{args.rows}.csv"
    if args.keep and src.exists():
        print(f"reusing {src} ({src.stat().st_size / 1e6:.0f} MB)")
    else:
        t0 = time.perf_counter()
        generate(src, args.rows)
        print(f"generated {args.rows:,} responses ({src.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f} s")
    py = sys.executable
    socialfit = [str(Path(py).parent / "socialfit")]
    commands: list[tuple[str, list[str]]] = []
    if not args.no_baseline:
        commands.append(("baseline pyarrow read+write",
                         [py, "-c", BASELINE, str(src), str(work / "baseline.csv"), ",".join(RESULT_COLUMNS)]))
    for fmt in args.formats.split(","):
        commands.append((f"socialfit batch -> {fmt}", socialfit + ["batch", str(src), "-o", str(work / f"out.{fmt}"), "-q"]))
    times: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in commands}
    for _ in range(max(1, args.repeat)):
        for name, cmd in commands:
            times[name].append(measure(cmd))
    runs = [(name, (float(np.median([w for w, _ in got])), max(r for _, r in got))) for name, got in times.items()]
    base = runs[0][1][0] if not args.no_baseline else None
    print(f"{'':28} {'wall s':>8} {'rows/s':>11} {'peak RSS MB':>12} {'x baseline':>11}")
    for name, (wall, rss) in runs:
        ratio = f"{wall / base:11.2f}" if base else f"{'-':>11}"
        print(f"{name:28} {wall:8.1f} {args.rows / wall:11,.0f} {rss:12.0f} {ratio}")
    ours = dict(runs)
    rss_ok = max(rss for name, (_, rss) in runs if name.startswith("socialfit")) < 1536
    if base and "socialfit batch -> csv" in ours:
        ok = ours["socialfit batch -> csv"][0] <= 1.5 * base and rss_ok
        if "socialfit batch -> parquet" in ours:
            ok = ok and ours["socialfit batch -> parquet"][0] <= 1.3 * base
        print(f"targets (csv within 1.5x and parquet within 1.3x of the baseline, peak RSS < 1.5 GB): "
              f"{'met' if ok else 'NOT met'}")
    else:
        print(f"target (peak RSS < 1.5 GB): {'met' if rss_ok else 'NOT met'}")


if __name__ == "__main__":
    main()
