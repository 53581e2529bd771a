"""Execute a notebook top to bottom with nbclient (``make calibrate``)::

    python -m engine.calibration.run_notebook notebooks/calibration.ipynb [--output executed.ipynb]

The committed notebook stays without outputs: the executed copy is written elsewhere (default: beside
the notebook as ``<name>.executed.ipynb``, which is not committed). Parameters of the first cell can be
overridden with ``-p NAME=VALUE`` (the value is a Python literal, e.g. ``-p N_SYNTHETIC=300``).
"""
from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def parameterise(nb, overrides: dict[str, object]) -> None:
    """Append assignments to the first code cell (the notebook's settings cell)."""
    if not overrides:
        return
    first = next(c for c in nb.cells if c.cell_type == "code")
    lines = [f"{name} = {value!r}" for name, value in overrides.items()]
    first.source = first.source.rstrip() + "\n# overridden by run_notebook\n" + "\n".join(lines) + "\n"


def execute(path: str | Path, *, output: str | Path | None = None, overrides: dict | None = None,
            timeout: int = 600, cwd: str | Path | None = None) -> Path:
    """Run every cell; raise nbclient's CellExecutionError on the first failing cell."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    parameterise(nb, overrides or {})
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd or Path.cwd())}})
    client.execute()
    out = Path(output) if output else path.with_suffix(".executed.ipynb")
    nbformat.write(nb, out)
    return out


def main(argv: list[str] | None = None) -> None:
    """Command line of ``make calibrate``. A failing cell propagates nbclient's error (exit status 1):
    the library never ends the process itself."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook")
    parser.add_argument("--output")
    parser.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    overrides = {}
    for item in args.param:
        name, _, value = item.partition("=")
        try:
            overrides[name] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            overrides[name] = value
    from nbclient.exceptions import CellExecutionError

    try:
        out = execute(args.notebook, output=args.output, overrides=overrides)
    except CellExecutionError:
        print(f"Error: a cell of {args.notebook} failed (the cell and its error follow)", file=sys.stderr)
        raise
    print(f"Executed {args.notebook}; wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
