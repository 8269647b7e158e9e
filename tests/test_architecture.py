"""The house of DESIGN §3, read from the source with ``ast``: where tkinter may be imported, no
borrowed private names, no import cycles (imports inside functions count, and so do the
registry's by-name references), the core reaching a ledger only through the registry, and a
window that opens without openpyxl or reportlab."""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dongan_desk"
GUI = ("tkinter", "ttkbootstrap", "_tkinter")
HEAVY = ("openpyxl", "reportlab")
REGISTRY = "dongan_desk.ledgers.registry"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@lru_cache(maxsize=None)
def modules() -> dict[str, tuple[Path, ast.Module]]:
    return {module_name(p): (p, ast.parse(p.read_text(encoding="utf-8"), str(p)))
            for p in sorted(PACKAGE.rglob("*.py"))}


def _base(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    package = package[:len(package) - node.level + 1]
    return ".".join(package + ([node.module] if node.module else []))


def imports(module: str, top_level_only: bool = False):
    """(imported module, imported name or None, line) for each import in ``module``."""
    path, tree = modules()[module]
    nodes = tree.body if top_level_only else ast.walk(tree)
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = _base(module, path, node)
            for alias in node.names:
                yield base, alias.name, node.lineno


def targets(module: str, top_level_only: bool = False) -> set[str]:
    """The program's modules that ``module`` imports (a name imported from a package counts as
    the submodule of that name when there is one)."""
    known = modules()
    found = set()
    for base, name, _ in imports(module, top_level_only):
        if name and f"{base}.{name}" in known:
            found.add(f"{base}.{name}")
        elif base in known:
            found.add(base)
    return found


def registry_references() -> set[str]:
    """The modules the registry names as text ("dongan_desk.ledgers.roster.tab:RosterTab"),
    imported when first needed."""
    _, tree = modules()[REGISTRY]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            name = node.value.partition(":")[0]
            if name in modules() and name != REGISTRY:
                found.add(name)
    return found


def graph() -> dict[str, set[str]]:
    edges = {m: targets(m) - {m} for m in modules()}
    edges[REGISTRY] |= registry_references()
    return edges


def is_ledger(module: str) -> bool:
    return module.startswith("dongan_desk.ledgers.") and module != REGISTRY


def ledger_of(module: str) -> str:
    return module.split(".")[2]


def may_import_gui(module: str) -> bool:
    if module == "dongan_desk.ui" or module.startswith("dongan_desk.ui."):
        return True
    if is_ledger(module) and module.count(".") == 3:
        name = module.rsplit(".", 1)[1]
        return name in ("tab", "forms") or name.startswith("tab_") or name.endswith("_forms")
    return False


def test_the_package_is_read():
    assert REGISTRY in modules()
    assert "dongan_desk.ui.app" in modules()
    assert len(modules()) > 80


def test_tkinter_only_in_ui_and_the_ledgers_tab_and_form_files():
    wrong = [f"{m}:{line} imports {base}" for m in modules() for base, _, line in imports(m)
             if base.split(".")[0] in GUI and not may_import_gui(m)]
    assert not wrong, "\n".join(wrong)


def test_no_module_imports_a_private_name_of_another():
    wrong = [f"{m}:{line} imports {name} from {base}" for m in modules()
             for base, name, line in imports(m)
             if name and name.startswith("_") and not name.startswith("__") and base != m]
    assert not wrong, "\n".join(wrong)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_between_modules():
    found = cycles(graph())
    assert not found, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in found)


def test_the_core_reaches_a_ledger_only_through_the_registry():
    wrong = [f"{m} imports {t}" for m, ts in graph().items() if not is_ledger(m) and m != REGISTRY
             for t in ts if is_ledger(t)]
    assert not wrong, "\n".join(wrong)


# Where two ledgers meet (DESIGN §3): every ledger stands on the roster's people, a 走访 of
# the pairing ledger or a 舆情 that is a dispute opens a 纠纷 case, and a 村规民约调 step cites the
# 条款 of the 现行 村规民约 (mediation → covenant.citation_forms.pick_clauses). Anything else
# between ledgers is a knot.
LEDGER_LINKS = {
    ("pairing", "roster"), ("council", "roster"), ("mediation", "roster"), ("online", "roster"),
    ("pairing", "mediation"), ("online", "mediation"), ("mediation", "covenant"),
}


def test_ledgers_meet_only_where_the_plan_links_them():
    wrong = [f"{m} imports {t}" for m, ts in graph().items() if is_ledger(m) for t in ts
             if is_ledger(t) and ledger_of(t) != ledger_of(m)
             and (ledger_of(m), ledger_of(t)) not in LEDGER_LINKS]
    assert not wrong, "\n".join(wrong)


def test_every_ledger_in_the_registry_has_its_folder_and_its_tab():
    from dongan_desk.ledgers.registry import LEDGERS
    folders = sorted(p.name for p in (PACKAGE / "ledgers").iterdir()
                     if p.is_dir() and (p / "__init__.py").exists())
    assert sorted(ledger.name for ledger in LEDGERS) == folders
    for ledger in LEDGERS:
        assert ledger.tab.module.startswith(f"dongan_desk.ledgers.{ledger.name}.")
        assert ledger.tab.load().__name__ == ledger.tab.class_name


def test_the_registry_names_only_what_exists():
    import importlib
    _, tree = modules()[REGISTRY]
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and node.value.startswith("dongan_desk."):
            name, _, attribute = node.value.partition(":")
            target = importlib.import_module(name)
            assert not attribute or hasattr(target, attribute), node.value


def closure(start: str) -> set[str]:
    """The program's modules imported when ``start`` is imported (top-level imports only)."""
    seen, todo = set(), [start]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        parts = module.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)) if ".".join(parts[:i]) in modules())
        todo.extend(targets(module, top_level_only=True))
    return seen


def test_opening_the_window_imports_no_openpyxl_or_reportlab_on_paper():
    wrong = [f"{m} imports {base}" for m in closure("dongan_desk.ui.app")
             for base, _, _ in imports(m, top_level_only=True) if base.split(".")[0] in HEAVY]
    assert not wrong, "\n".join(wrong)


WINDOW_CHILD = """
import sys, pathlib
sys.path.insert(0, sys.argv[1])
import ttkbootstrap as ttk
from dongan_desk.store.database import close_database
from dongan_desk.store.opening import open_database
from dongan_desk.units import UnitSpec, setup_village
from dongan_desk.ui.app import MainWindow
folder = pathlib.Path(sys.argv[2])
open_database(folder / "dongan.db")
setup_village(UnitSpec("兴田村", "兴田", "500229115001"))
root = ttk.App(title="t")
window = MainWindow(root, folder)
window.pack(fill="both", expand=True)
root.update()
print(sorted({m.split(".")[0] for m in sys.modules} & {"openpyxl", "reportlab"}))
root.destroy()
close_database()
"""


@pytest.mark.skipif(not os.environ.get("DISPLAY") and sys.platform.startswith("linux"),
                    reason="needs a display")
def test_opening_the_window_imports_no_openpyxl_or_reportlab(tmp_path):
    result = subprocess.run([sys.executable, "-c", WINDOW_CHILD, str(ROOT), str(tmp_path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
