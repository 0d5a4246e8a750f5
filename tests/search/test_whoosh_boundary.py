"""Whoosh's internals are read in one module: enablement/search/whoosh_internals.py.

The rest of the search package uses a short list of Whoosh's public API, the rest of the hub
none of Whoosh, and no module outside the boundary reads anything's private attributes. An
upgrade of Whoosh then means re-checking one module against its tests (test_whoosh_internals.py).
"""

import ast
from pathlib import Path

import pytest

import enablement

HUB = Path(enablement.__file__).parent
SEARCH = HUB / "search"
BOUNDARY = SEARCH / "whoosh_internals.py"
ANY = "any public name"

# What the rest of enablement/search may take from Whoosh: the documented API for opening,
# describing and querying an index (Whoosh's own tutorial uses exactly these), nothing that
# depends on how Whoosh stores or scores things.
ALLOWED = {
    # opening, creating and locking an index (index.py, maintenance.py, outbox.py)
    "whoosh.index": {"open_dir", "create_in", "exists_in", "Index", "LockError"},
    # the schema's field types (index.py, passage_index.py)
    "whoosh.fields": {"DATETIME", "ID", "KEYWORD", "NUMERIC", "STORED", "TEXT", "Schema"},
    # the derived fields' analyzers; Tokenizer is the base class of the schema's tokenizer,
    # whose work is done in whoosh_internals
    "whoosh.analysis": {"LowercaseFilter", "RegexTokenizer", "Tokenizer"},
    # the ranking query handed to Whoosh's own sorted search (query.py)
    "whoosh.query": ANY,
    # fragments, their scoring and <mark> (highlight.py)
    "whoosh.highlight": ANY,
    # the "newest" and "most used" orders (ranking.py)
    "whoosh.sorting": ANY,
}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def violations(source: str, *, in_search: bool = True) -> list[str]:
    """What in `source` reaches past the boundary, one line each."""
    tree = ast.parse(source)
    found, modules = [], {}  # modules: local name -> whoosh module imported whole

    def check(module: str, name: str | None, line: int) -> None:
        where = f"line {line}: {module}" + (f".{name}" if name else "")
        if not in_search:
            found.append(f"{where} (only the search package uses Whoosh)")
        elif module not in ALLOWED:
            found.append(f"{where} (not in the allowed public list)")
        elif name is not None and ALLOWED[module] is not ANY and name not in ALLOWED[module]:
            found.append(f"{where} (not in the allowed public list)")
        elif name is not None and _private(name):
            found.append(f"{where} (private)")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "whoosh":
                    check(alias.name, None, node.lineno)
                    modules[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "whoosh":
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                if node.module == "whoosh" or submodule in ALLOWED:  # a module imported whole
                    check(submodule, None, node.lineno)
                    modules[alias.asname or alias.name] = submodule
                else:
                    check(node.module, alias.name, node.lineno)
        elif isinstance(node, ast.Attribute):
            owner = node.value.id if isinstance(node.value, ast.Name) else None
            if owner in modules:
                check(modules[owner], node.attr, node.lineno)
            elif _private(node.attr) and owner not in ("self", "cls"):
                found.append(f"line {node.lineno}: {ast.unparse(node)} (a private attribute)")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in ("getattr", "hasattr", "setattr") and len(node.args) > 1:
            owner, name = node.args[0], node.args[1]
            if isinstance(name, ast.Constant) and isinstance(name.value, str) \
                    and _private(name.value) \
                    and not (isinstance(owner, ast.Name) and owner.id in ("self", "cls")):
                found.append(f"line {node.lineno}: {ast.unparse(node)} (a private attribute)")
    return found


def test_whoosh_is_reached_through_the_boundary_only():
    found = {}
    for path in sorted(HUB.rglob("*.py")):
        if path == BOUNDARY:
            continue
        in_search = SEARCH in path.parents
        lines = violations(path.read_text(), in_search=in_search)
        if not in_search:  # elsewhere only Whoosh matters: other features' privates are theirs
            lines = [line for line in lines if "Whoosh" in line]
        if lines:
            found[str(path.relative_to(HUB))] = lines
    assert found == {}


@pytest.mark.parametrize(("source", "problem"), [
    ("from whoosh.codec.whoosh3 import _lenfield", "not in the allowed public list"),
    ("from whoosh.reading import TermNotFound", "not in the allowed public list"),
    ("from whoosh.analysis import StemmingAnalyzer", "not in the allowed public list"),
    ("import whoosh.scoring", "not in the allowed public list"),
    ("from whoosh import index\nindex.FileIndex", "not in the allowed public list"),
    ("from whoosh import query as wq\nwq._private", "private"),
    ("def f(reader):\n    return reader._perdoc", "a private attribute"),
    ("def f(matcher):\n    return hasattr(matcher, '_read_ids')", "a private attribute"),
])
def test_the_check_finds_what_reaches_past_the_boundary(source, problem):
    found = violations(source)
    assert len(found) == 1 and problem in found[0]


def test_the_check_allows_the_public_list_and_our_own_privates():
    source = ("from whoosh import index as whoosh_index\nwhoosh_index.open_dir('x')\n"
              "from whoosh.fields import TEXT\nfrom whoosh import highlight\nhighlight.Token()\n"
              "class A:\n    def f(self):\n        return self._x\n")
    assert violations(source) == []


def test_the_check_finds_the_internals_the_boundary_module_reads():
    found = violations(BOUNDARY.read_text())
    assert any("whoosh.codec.whoosh3._lenfield" in line for line in found)
    assert any("_perdoc" in line for line in found)


def test_outside_the_search_package_nothing_imports_whoosh():
    found = violations("from whoosh.analysis import StemmingAnalyzer", in_search=False)
    assert found and "only the search package" in found[0]
