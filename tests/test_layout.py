"""The shape of enablement/: no import cycle (not even one hidden by an import inside a function),
no module over 500 lines, and no feature importing another feature's views (STYLE.md 15, 16, 19).

Read from the source with `ast`, so the checks see every import, wherever it is written.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "enablement"
MAX_LINES = 500


def modules(package: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = [package.name, *path.relative_to(package).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imported(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules `name` imports, at the top of the file or anywhere inside it."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()

    def nearest(dotted: str) -> str | None:
        while dotted and dotted not in known:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package, up `level - 1` more
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join(filter(None, [*anchor, base]))
            # `from pkg import mod` imports the module pkg.mod; `from pkg import name`, pkg.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                       for alias in node.names]
        for target in targets:
            module = nearest(target)
            if module and module != name:
                found.add(module)
    return found


def import_graph(package: Path) -> dict[str, set[str]]:
    known = modules(package)
    return {name: imported(name, path, known) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other, directly or round a loop (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for after in sorted(graph.get(node, ())):
            if after not in index:
                visit(after)
                low[node] = min(low[node], low[after])
            elif after in stack:
                low[node] = min(low[node], index[after])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def feature(module: str, package: Path) -> str | None:
    """The feature folder a module belongs to (None for the package's shared top-level modules)."""
    parts = module.split(".")
    if len(parts) > 2 or (len(parts) == 2 and (package / parts[1]).is_dir()):
        return parts[1]
    return None


def views_imported_across(graph: dict[str, set[str]], package: Path) -> list[tuple[str, str]]:
    """(importer, views module) where a module imports the views of a feature not its own. The
    app factory (the package itself) registers every blueprint and is the one exception."""
    return sorted((module, target) for module, targets in graph.items() for target in targets
                  if target.endswith(".views") and module != package.name
                  and feature(target, package) != feature(module, package))


# ---------------------------------------------------------------- the rules


def test_no_import_cycle_in_enablement():
    assert cycles(import_graph(PACKAGE)) == []


def test_no_module_over_500_lines():
    long = {name: lines for name, path in modules(PACKAGE).items()
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}, "Split these by job: " + ", ".join(f"{n} ({c})" for n, c in long.items())


def test_no_feature_imports_another_features_views():
    assert views_imported_across(import_graph(PACKAGE), PACKAGE) == []


def test_the_package_was_really_read():
    graph = import_graph(PACKAGE)
    assert len(graph) > 50
    assert "enablement.assets.hooks" in graph["enablement.assets.services"]
    assert "enablement.search.service" in graph["enablement.insights.gaps"]


# ---------------------------------------------------------------- the checks can fail


@pytest.fixture
def package(tmp_path):
    """A throwaway package `shop` to show each check catching what it should."""
    root = tmp_path / "shop"

    def write(relative: str, source: str) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")

    write("__init__.py", "from shop.cart.views import bp\n")
    write("web.py", '"""Shared."""\n')
    for folder in ("cart", "orders"):
        write(f"{folder}/__init__.py", "")
    write("cart/views.py", "from shop.cart import services\nfrom shop.web import flash\n")
    write("cart/services.py", "def total():\n    from shop.orders.services import lines\n")
    write("orders/services.py", "from shop.cart import services\n")
    write("orders/views.py", "from .services import lines\nfrom ..cart.views import form\n")
    return root


def test_a_cycle_through_an_import_inside_a_function_is_found(package):
    graph = import_graph(package)
    assert cycles(graph) == [["shop.cart.services", "shop.orders.services"]]
    assert "shop.orders.services" in graph["shop.orders.views"]  # relative imports are read


def test_an_import_of_another_features_views_is_found(package):
    # The factory's import of cart.views and cart.views' own imports are allowed.
    assert views_imported_across(import_graph(package), package) == [
        ("shop.orders.views", "shop.cart.views")]
