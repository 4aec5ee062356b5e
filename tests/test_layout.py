"""The architecture as tests (see docs/architecture.md): one room per capability, plain-Python domain
packages, thin Processing adapters, all SQL in store/.

Each rule reads the sources with :mod:`ast` (imports) or scans string literals (SQL), so a rule broken in
a new file fails here with the file, the line and what to do instead.
"""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "grid_manager"
DOMAIN_ROOMS = ("common", "grids", "parts", "cases", "formats", "store")
QGIS_AWARE = ("gui",)
ALGORITHMS = REPO / "processing" / "algorithms"
# shared modules of processing/algorithms: imported by algorithm modules, never the other way round
SHARED_ALGORITHM_MODULES = {
    "__init__",
    "base",
    "layers",
    "parameters",
    "styles",
    "store_admin",
    "case_layers",
    "survey_input",
    "survey_fields",
    "part_forms",
    "choices",
    "validation",
}


def sources(folder):
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def module_name(path):
    """Dotted name below the plugin package (``grid_manager.grids.atoms``, ``processing.algorithms.base``)."""
    rel = path.relative_to(REPO).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports(path):
    """(line, absolute dotted module below the plugin package or top-level module name) of every import,
    relative imports resolved against the file's package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
                names = [f"{target}.{a.name}" for a in node.names] if not node.module else [target]
                # `from . import x` may name a module: keep both forms
                out.extend((node.lineno, n) for n in names + ([target] if not node.module else []))
            else:
                out.append((node.lineno, node.module or ""))
    return out


def violations(paths, forbidden):
    found = []
    for path in paths:
        for line, name in imports(path):
            if any(forbidden(name)):
                found.append(f"{path.relative_to(REPO)}:{line} imports {name}")
    return found


def test_domain_packages_never_import_qgis():
    paths = [p for room in DOMAIN_ROOMS for p in sources(PACKAGE / room)]
    assert paths, "no domain package found"
    bad = violations(paths, lambda n: [n == "qgis" or n.startswith(("qgis.", "PyQt5", "PyQt6", "processing."))])
    assert not bad, "domain packages are plain Python (use grid_manager.common.i18n.translate):\n" + "\n".join(bad)


def test_domain_packages_never_import_gui_or_processing():
    paths = [p for room in DOMAIN_ROOMS for p in sources(PACKAGE / room)]
    bad = violations(paths, lambda n: [n.startswith(("grid_manager.gui", "processing"))])
    assert not bad, "\n".join(bad)


def test_every_grid_manager_module_is_in_a_room():
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert not loose, f"modules directly under grid_manager/ belong in a room: {loose}"
    rooms = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert rooms == set(DOMAIN_ROOMS) | set(QGIS_AWARE), rooms


def test_domain_packages_import_without_qgis():
    """Importable in an interpreter where importing qgis fails (the plugin link under build/ is made by conftest)."""
    modules = sorted(module_name(p) for room in DOMAIN_ROOMS for p in sources(PACKAGE / room))
    plugins = REPO / "build" / "qgis" / "profiles" / "default" / "python" / "plugins"
    script = (
        f"import sys; sys.path.insert(0, {str(plugins)!r}); sys.modules['qgis'] = None\n"
        f"import importlib\nfor m in {modules!r}: importlib.import_module('gridmanager.' + m)\nprint('ok')"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=180)
    assert run.returncode == 0 and "ok" in run.stdout, run.stderr[-2000:]


def test_processing_never_imports_gui():
    bad = violations(sources(REPO / "processing"), lambda n: [n.startswith("grid_manager.gui")])
    assert not bad, "Processing algorithms must run without the GUI (qgis_process):\n" + "\n".join(bad)


def algorithm_modules():
    return [p for p in sources(ALGORITHMS) if p.stem not in SHARED_ALGORITHM_MODULES]


def test_algorithm_modules_are_known():
    """Every module in processing/algorithms is either a shared module (listed above) or defines exactly one
    algorithm; a new shared helper module must be added to SHARED_ALGORITHM_MODULES."""
    for path in algorithm_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes = [
            n.name
            for n in tree.body
            if isinstance(n, ast.ClassDef) and any(getattr(b, "id", "") == "GridManagerAlgorithm" for b in n.bases)
        ]
        assert len(classes) == 1, f"{path.name}: {classes} (one algorithm per module; shared code in a shared module)"


def test_no_algorithm_module_imports_another():
    names = {f"processing.algorithms.{p.stem}" for p in algorithm_modules()}
    bad = []
    for path in sources(ALGORITHMS):
        own = module_name(path)
        for line, name in imports(path):
            if name in names and name != own and path.stem != "__init__":
                bad.append(f"{path.relative_to(REPO)}:{line} imports {name}")
    assert not bad, "algorithms share code through shared modules (base, layers, …), never each other:\n" + "\n".join(
        bad
    )


SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|VIEW|TRIGGER)"
    r"|ALTER\s+TABLE|DROP\s+TABLE|PRAGMA\s+\w+|BEGIN\s+IMMEDIATE)\b",
    re.IGNORECASE | re.DOTALL,
)


def sql_literals(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            yield node.lineno, node.value.strip().splitlines()[0][:80]


def test_no_sql_outside_store():
    outside = [
        p for p in sources(PACKAGE) + sources(REPO / "processing") if "store" not in p.relative_to(PACKAGE.parent).parts
    ]
    outside += [REPO / "plugin.py"]
    bad = [f"{p.relative_to(REPO)}:{line}: {text}" for p in outside for line, text in sql_literals(p)]
    assert not bad, (
        "SQL lives in grid_manager/store/ (one place to review roles, injection and migrations):\n" + "\n".join(bad)
    )


@pytest.mark.parametrize(
    "rule, text",
    [
        (test_domain_packages_never_import_qgis, "from qgis.core import QgsGeometry\n"),
        (test_no_sql_outside_store, 'QUERY = "SELECT grid_code FROM grids"\n'),
        (test_processing_never_imports_gui, None),
        (test_no_algorithm_module_imports_another, None),
    ],
)
def test_rules_fail_when_broken(rule, text, tmp_path, monkeypatch):
    """Each rule catches a violation planted in a scratch copy of the sources (the rules are not vacuous)."""
    import shutil

    copy = tmp_path / "gridmanager"
    for folder in ("grid_manager", "processing"):
        shutil.copytree(REPO / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "plugin.py", copy / "plugin.py")
    if rule is test_domain_packages_never_import_qgis:
        (copy / "grid_manager" / "grids" / "planted.py").write_text(text, encoding="utf-8")
    elif rule is test_no_sql_outside_store:
        (copy / "grid_manager" / "cases" / "planted.py").write_text(text, encoding="utf-8")
    elif rule is test_processing_never_imports_gui:
        (copy / "processing" / "algorithms" / "layers.py").write_text(
            "from ...grid_manager.gui import case_dock\n", encoding="utf-8"
        )
    else:
        (copy / "processing" / "algorithms" / "evaluate.py").write_text(
            (REPO / "processing" / "algorithms" / "evaluate.py").read_text(encoding="utf-8")
            + "\nfrom .case_density import CaseDensityAlgorithm\n",
            encoding="utf-8",
        )
    module = sys.modules[__name__]
    monkeypatch.setattr(module, "REPO", copy)
    monkeypatch.setattr(module, "PACKAGE", copy / "grid_manager")
    monkeypatch.setattr(module, "ALGORITHMS", copy / "processing" / "algorithms")
    with pytest.raises(AssertionError):
        rule()
