"""The hand-written expert cases: prior against the shipped (calibrated) weights.

Scores the held-out cases in benchmarks/cases (never trained on, never required by a test) and, for
reference, the golden vignettes in tests/vignettes, with the whole engine (profile, fit, rules, ranking) as
a user sees it. Prints top-1 and top-2 per model, the confusion matrix, the exit's precision and recall
and the false exits, prior and calibrated side by side, and how often the synthetic labelling function
(engine.calibration.synthetic.expert_label) agrees with the hand-written labels.

    .venv/bin/python benchmarks/expert_cases.py [--weights data/weights.yaml]

Targets (issue 9): held-out top-1 >= 90%, every model's recall >= 80%, exits 100% with no false exit.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from engine import Engine
from engine.calibration.expert_cases import case_metrics, labelling_agreement, load_case_folder, score_cases
from engine.calibration.prior import prior_weights
from engine.model.weights import load_weights

ROOT = Path(__file__).resolve().parent.parent
HELD_OUT = ROOT / "benchmarks" / "cases"
GOLDEN = ROOT / "tests" / "vignettes"
TARGETS = {"top1": 0.90, "recall": 0.80}


def _pct(v) -> str:
    return "   -" if v is None else f"{100 * v:4.0f}%"


def report(title: str, cases, engines: dict, ids: tuple[str, ...]) -> dict:
    results = {name: case_metrics(score_cases(engine, cases), ids) for name, engine in engines.items()}
    names = list(engines)
    first = results[names[0]]
    print(f"\n== {title}: {first['n']} cases ({first['n_models']} with a model, {first['n_exits']} exits)")
    head = "".join(f"{n + ' top-1':>18}{n + ' top-2':>18}" for n in names)
    print(f"{'model':<24}{'n':>3}{head}")
    for m in ids:
        row = "".join(f"{_pct(results[n]['per_model'][m]['top1']):>18}{_pct(results[n]['per_model'][m]['top2']):>18}"
                      for n in names)
        print(f"{m:<24}{first['per_model'][m]['n']:>3}{row}")
    row = "".join(f"{_pct(results[n]['top1']):>18}{_pct(results[n]['top2']):>18}" for n in names)
    print(f"{'all models':<24}{first['n_models']:>3}{row}")
    for n in names:
        r = results[n]
        print(f"{n}: exit precision {_pct(r['exit_precision'])}, recall {_pct(r['exit_recall'])}, "
              f"false exits {r['false_exits']}")
    for n in names:
        print(f"\nconfusion matrix, {n} (rows: expected, columns: recommended; {', '.join(f'{i + 1}={m}' for i, m in enumerate(ids))})")
        print("     " + "".join(f"{i + 1:>4}" for i in range(len(ids))))
        for i in range(len(ids)):
            print(f"{i + 1:>3}  " + "".join(f"{v:>4}" if v else "   ." for v in results[n]["confusion"][i]))
        for miss in results[n]["misses"]:
            print(f"  miss: {miss}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, help="weights to compare with the prior (default: the shipped ones)")
    args = parser.parse_args()
    shipped = Engine.load()
    if args.weights:
        shipped = shipped.with_weights(load_weights(args.weights))
    prior = shipped.with_weights(prior_weights(shipped.catalogue))
    engines = {"prior": prior, "calibrated": shipped}
    ids = shipped.catalogue.ids
    held_out = load_case_folder(HELD_OUT, shipped.questionnaire)
    golden = load_case_folder(GOLDEN, shipped.questionnaire)
    results = report("held-out cases (benchmarks/cases)", held_out, engines, ids)
    report("golden vignettes (tests/vignettes; calibration trains on these)", golden, engines, ids)
    print("\n== synthetic labelling function against the hand-written labels (no label noise)")
    for title, cases in (("held-out", held_out), ("golden", golden)):
        a = labelling_agreement(shipped, cases)
        print(f"{title}: model {_pct(a['model'])}, exit {_pct(a['exit'])} of {a['n']} cases")
        for d in a["disagree"]:
            print(f"  disagree: {d}")
    cal = results["calibrated"]
    recalls = [v["top1"] for v in cal["per_model"].values() if v["n"]]
    met = (cal["top1"] >= TARGETS["top1"] and min(recalls) >= TARGETS["recall"] and cal["exit_recall"] == 1.0
           and cal["false_exits"] == 0)
    print(f"\ntargets (held-out, calibrated): top-1 >= 90% {_pct(cal['top1'])}, every model's recall >= 80% "
          f"(lowest {_pct(min(recalls))}), exit recall 100% {_pct(cal['exit_recall'])}, no false exit "
          f"({cal['false_exits']}): {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
