"""The folders of `engine/` are layers (docs/architecture.md): a module may import only from its own
layer or a lower one, so the shape stays as the code grows. Checked statically over every import
statement, including the ones inside functions."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARCHITECTURE = ROOT / "docs" / "architecture.md"


def layers_from_docs() -> list[list[str]]:
    """The table in docs/architecture.md, bottom to top: each row names the packages of one layer."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    block = text.split("<!-- layers -->", 2)[1]
    rows = []
    for line in block.splitlines():
        match = re.match(r"\|\s*(\d+)\s*\|[^|]*\|([^|]+)\|", line)
        if match:
            rows.append((int(match.group(1)), re.findall(r"`([\w.]+)`", match.group(2))))
    rows.sort()
    return [names for _, names in rows]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for every import in ``path`` that refers to the project's code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from engine import report` imports the module engine.report
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
            found.append((node.lineno, target))
    return found


def layer_of(module: str, layers: list[list[str]]) -> int | None:
    best = None
    best_len = -1
    for index, names in enumerate(layers):
        for name in names:
            # `engine` names the package itself only; every other entry covers its sub-modules too
            covers = module == name or (name != "engine" and module.startswith(name + "."))
            if covers and len(name) > best_len:
                best, best_len = index, len(name)
    return best


def test_the_documented_layers_cover_every_module():
    layers = layers_from_docs()
    assert len(layers) >= 6, "docs/architecture.md lost its layer table"
    missing = [module_name(p) for p in sorted((ROOT / "engine").rglob("*.py"))
               if layer_of(module_name(p), layers) is None]
    assert not missing, f"modules in no layer of docs/architecture.md: {missing}"


def test_no_module_imports_a_higher_layer():
    layers = layers_from_docs()
    sources = [p for folder in ("engine", "socialfit", "socialweb") if (ROOT / folder).is_dir()
               for p in sorted((ROOT / folder).rglob("*.py"))]
    upward = []
    for path in sources:
        own = layer_of(module_name(path), layers)
        for line, target in imported_modules(path):
            other = layer_of(target, layers)
            if own is not None and other is not None and other > own:
                upward.append(f"{path.relative_to(ROOT)}:{line}: {module_name(path)} (layer {own}) "
                              f"imports {target} (layer {other})")
    assert not upward, "imports against the layers:\n" + "\n".join(upward)


def test_the_engine_never_imports_a_front_end():
    for path in sorted((ROOT / "engine").rglob("*.py")):
        for line, target in imported_modules(path):
            top = target.split(".")[0]
            assert top not in {"click", "socialfit", "socialweb", "fastapi", "starlette", "uvicorn"}, \
                f"{path.relative_to(ROOT)}:{line} imports {target}"


def test_the_file_layer_has_no_cycle():
    """Within engine.files the modules import one another in one direction only."""
    graph: dict[str, set[str]] = {}
    for path in sorted((ROOT / "engine" / "files").glob("*.py")):
        name = module_name(path)
        graph[name] = {t for _, t in imported_modules(path) if t.startswith("engine.files.") and t != name}
    seen: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        if seen.get(node) == 1:
            raise AssertionError("import cycle: " + " -> ".join(trail + [node]))
        if seen.get(node) == 2:
            return
        seen[node] = 1
        for nxt in graph.get(node, ()):
            visit(nxt, trail + [node])
        seen[node] = 2

    for node in graph:
        visit(node, [])
