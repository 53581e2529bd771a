"""Every output of every command: it never overwrites an input of the same run or another output,
and a run that is interrupted (SIGINT, SIGTERM, SIGHUP) or fails to write (a full disk) leaves the
previous file intact and no temporary file. Signals are real: the test sends them to its own process
at the moment the output is about to be renamed into place (the worst moment)."""
from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE_ANSWERS, ROOT

EXPORT = ROOT / "tests" / "fixtures" / "survey" / "template.csv"
PREVIOUS = "the previous output\n"


def small_cases(path: Path) -> None:
    """Four synthetic cases per model: enough for a 2-fold calibration that runs in seconds."""
    import csv

    with (ROOT / "data" / "calibration" / "cases_synthetic.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    label = rows[0].index("label")
    seen: dict[str, int] = {}
    keep = [rows[0]]
    for r in rows[1:]:
        if seen.get(r[label], 0) < 4:
            seen[r[label]] = seen.get(r[label], 0) + 1
            keep.append(r)
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(keep)


def inputs(tmp: Path) -> None:
    (tmp / "answers.yaml").write_bytes(EXAMPLE_ANSWERS.read_bytes())
    (tmp / "export.csv").write_bytes(EXPORT.read_bytes())


BATCH = ["batch", "export.csv", "-o", "out.csv", "-q"]
CAL = ["calibrate", "cases.csv", "--folds", "2", "--force"]
# (id, arguments, the output under test, an input of the run it must never overwrite)
OUTPUTS = [
    ("score -o", ["score", "answers.yaml", "-o", "out.txt"], "out.txt", "answers.yaml"),
    ("report -o", ["report", "answers.yaml", "-o", "r.html"], "r.html", "answers.yaml"),
    ("template OUTPUT", ["template", "t.yaml"], "t.yaml", None),
    ("map-init -o", ["map-init", "export.csv", "-o", "m.yaml"], "m.yaml", "export.csv"),
    ("batch -o", BATCH, "out.csv", "export.csv"),
    ("batch --errors", BATCH + ["--errors", "e.csv"], "e.csv", "export.csv"),
    ("batch --summary", BATCH + ["--map", "map.json", "--summary", "s.json"], "s.json", "map.json"),
    ("calibrate -o", CAL + ["-o", "w.yaml"], "w.yaml", "cases.csv"),
    ("calibrate --report", CAL + ["--report", "r.html"], "r.html", "cases.csv"),
    ("intake --report", ["intake", "--resume", "answers.yaml", "--report", "r.md"], "r.md", "answers.yaml"),
    ("intake --save", ["intake", "--lang", "en", "--save", "a.yaml"], "a.yaml", None),
]
SLOW = {"calibrate -o", "calibrate --report"}  # seconds each: one signal for them, every signal for the rest


def setup(tmp: Path, args: list[str]) -> None:
    inputs(tmp)
    if "map.json" in args:
        (tmp / "map.json").write_text('{"kind": "socialfit.survey_mapping", "format_version": 1}', encoding="utf-8")
    if "cases.csv" in args:
        small_cases(tmp / "cases.csv")


def run(cli, tmp: Path, args: list[str], monkeypatch, stdin: str = "q\n"):
    monkeypatch.chdir(tmp)
    return cli(*args, input=stdin)


def names(tmp: Path) -> set[str]:
    return {p.name for p in tmp.iterdir()}


@pytest.mark.parametrize("name,args,output,source", [o for o in OUTPUTS if o[3]], ids=[o[0] for o in OUTPUTS if o[3]])
def test_an_output_never_overwrites_an_input(cli, tmp_path, monkeypatch, name, args, output, source):
    setup(tmp_path, args)
    before = (tmp_path / source).read_bytes()
    result = run(cli, tmp_path, [source if a == output else a for a in args], monkeypatch)
    assert result.exit_code == 2, result.output
    # the --resume file is also where intake saves: naming it as --report makes two outputs one file
    assert "is also an input of this run" in result.stderr or "is also the --save output" in result.stderr
    assert "Internal error" not in result.stderr
    assert (tmp_path / source).read_bytes() == before


@pytest.mark.parametrize("args,first,second", [
    (BATCH + ["--errors", "out.csv"], "-o", "--errors"),
    (BATCH + ["--summary", "x.json", "--errors", "e.csv"], None, None),
    (CAL + ["-o", "w.yaml", "--report", "w.yaml"], "-o", "--report"),
    (["intake", "--lang", "en", "--save", "a.md", "--report", "a.md"], "--save", "--report"),
])
def test_two_outputs_are_never_the_same_file(cli, tmp_path, monkeypatch, args, first, second):
    setup(tmp_path, args)
    if first is None:  # --summary and --errors as hard links of one file
        (tmp_path / "e.csv").write_text(PREVIOUS)
        os.link(tmp_path / "e.csv", tmp_path / "x.json")
        first, second = "--errors", "--summary"
    result = run(cli, tmp_path, args, monkeypatch)
    assert result.exit_code == 2, result.output
    assert f"is also the {first} output" in result.stderr or f"is also the {second} output" in result.stderr


def _interrupt_at_rename(monkeypatch, output: str, action):
    """Call ``action`` just before the temporary file would be renamed onto ``output``."""
    real = os.replace
    fired = []

    def replace(src, dst, *a, **kw):
        if Path(dst).name == output and not fired:
            fired.append(dst)
            action()
        return real(src, dst, *a, **kw)

    monkeypatch.setattr(os, "replace", replace)
    return fired


SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
CASES = [(o, sig) for o in OUTPUTS for sig in SIGNALS if o[0] not in SLOW or sig == signal.SIGTERM]


@pytest.mark.parametrize("spec,sig", CASES, ids=[f"{o[0]}-{s.name}" for o, s in CASES])
def test_an_interrupted_run_keeps_the_previous_output(cli, tmp_path, monkeypatch, spec, sig):
    name, args, output, _ = spec
    setup(tmp_path, args)
    (tmp_path / output).write_text(PREVIOUS)
    fired = _interrupt_at_rename(monkeypatch, output, lambda: os.kill(os.getpid(), sig))
    stdin = "nl\n" + "1\n" * 3 if name == "intake --save" else "q\n"
    result = run(cli, tmp_path, args, monkeypatch, stdin=stdin)
    assert fired, "the output was never written"
    assert result.exit_code == 130, result.output
    if name == "intake --save":  # by design the intake saves what was answered when it is interrupted:
        import yaml  # the interrupted write is dropped, the save after it is whole

        assert yaml.safe_load((tmp_path / output).read_text())["answers"] == {"org_size": "small"}
    else:
        assert (tmp_path / output).read_text() == PREVIOUS
    assert not [n for n in names(tmp_path) if n.endswith(".tmp")]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("spec", [o for o in OUTPUTS if o[0] != "calibrate --report"], ids=[o[0] for o in OUTPUTS if o[0] != "calibrate --report"])
def test_a_full_disk_names_the_output_and_keeps_the_previous_one(cli, tmp_path, monkeypatch, spec):
    name, args, output, _ = spec
    setup(tmp_path, args)
    (tmp_path / output).write_text(PREVIOUS)

    def full():
        raise OSError(errno.ENOSPC, "No space left on device")

    _interrupt_at_rename(monkeypatch, output, full)
    stdin = "nl\n" + "1\n" * 3 if name == "intake --save" else "q\n"
    result = run(cli, tmp_path, args, monkeypatch, stdin=stdin)
    assert result.exit_code == 1, result.output
    assert f"{output}: could not write the output: the disk is full; nothing was written" in result.stderr
    assert ".tmp" not in result.stderr and "Internal error" not in result.stderr
    assert (tmp_path / output).read_text() == PREVIOUS
    assert not [n for n in names(tmp_path) if n.endswith(".tmp")]


def _fsize_limit():
    resource.setrlimit(resource.RLIMIT_FSIZE, (3_000, 3_000))


@pytest.mark.parametrize("args,output", [(["batch", "export.csv", "-o", "out.csv", "-q"], "out.csv"),
                                         (["report", "answers.yaml", "-o", "r.html"], "r.html")])
def test_a_file_size_limit_mid_write_is_a_clear_error(tmp_path, args, output):
    """A real failing write (RLIMIT_FSIZE: the kernel refuses bytes past 3 kB, as a full disk does)."""
    inputs(tmp_path)
    (tmp_path / output).write_text(PREVIOUS)
    env = {**os.environ, "SOCIALFIT_NO_CACHE": "1"}
    proc = subprocess.run([sys.executable, "-c", "import sys; from socialfit.cli import main; sys.exit(main())", *args],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, preexec_fn=_fsize_limit)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.startswith(f"Error: {output}: could not write the output: the file is too large"), proc.stderr
    assert (tmp_path / output).read_text() == PREVIOUS
    assert not [n for n in names(tmp_path) if n.endswith(".tmp")]


def test_sigterm_mid_batch_in_a_real_process(tmp_path):
    """`timeout` sends SIGTERM to a running batch: exit 130, no temporary file, the old output kept."""
    import time

    rows = EXPORT.read_text(encoding="utf-8").splitlines()
    big = [rows[0]] + [f"x{i}," + rows[1 + i % (len(rows) - 1)].split(",", 1)[1] for i in range(150_000)]
    (tmp_path / "export.csv").write_text("\n".join(big) + "\n", encoding="utf-8")
    (tmp_path / "out.csv").write_text(PREVIOUS)
    proc = subprocess.Popen([sys.executable, "-c", "import sys; from socialfit.cli import main; sys.exit(main())",
                             "batch", "export.csv", "-o", "out.csv", "--chunk-rows", "2000", "-q"],
                            cwd=tmp_path, env={**os.environ, "SOCIALFIT_NO_CACHE": "1"},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not any(n.endswith(".tmp") for n in names(tmp_path)):  # wait until it is writing
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Interrupted; no output was written." in err
    assert (tmp_path / "out.csv").read_text() == PREVIOUS
    assert not [n for n in names(tmp_path) if n.endswith(".tmp")]
