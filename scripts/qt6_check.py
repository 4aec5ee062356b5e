"""Qt6-cleanliness of the plugin's sources: scoped enums, no ``exec_()``, ``qgis.PyQt`` imports only.

    .venv/bin/python scripts/qt6_check.py          # list what is not Qt6-clean
    .venv/bin/python scripts/qt6_check.py --fix    # rewrite unscoped enums and exec_() in place

PyQt6 (QGIS 4) removed unscoped enum access (``Qt.AlignLeft``, ``QgsProcessing.TypeVectorPolygon``):
only ``Qt.AlignmentFlag.AlignLeft`` works there, and it already works with PyQt5 on QGIS 3.22. Which
attributes are enum members is asked of the running PyQt/QGIS (``X.Y`` where ``X`` comes from ``qgis.*``
and ``getattr(X, "Y")`` is a member of an enum nested in ``X``), so the check knows every class, not a
list. ``tests/test_qt6.py`` runs it over the plugin's sources.
"""

import ast
import enum
import importlib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYQT_ONLY = ("PyQt5", "PyQt6", "sip")


def plugin_sources(repo=REPO):
    paths = [repo / "__init__.py", repo / "plugin.py"]
    for folder in ("grid_manager", "processing"):
        paths += sorted(p for p in (repo / folder).rglob("*.py") if "__pycache__" not in p.parts)
    return paths


def _qgis_names(tree):
    """Names bound by ``from qgis.… import X`` anywhere in the module -> the imported object."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "qgis" and not node.level:
            try:
                module = importlib.import_module(node.module)
            except ImportError:
                continue
            for alias in node.names:
                obj = getattr(module, alias.name, None)
                if obj is not None:
                    names[alias.asname or alias.name] = obj
    return names


def _enum_type_name(owner, value):
    """The name of the enum nested in ``owner`` that ``value`` is a member of, or None."""
    kind = type(value)
    if kind in (int, bool, float, str) or isinstance(value, type):
        return None
    is_sip_enum = type(kind).__name__ == "enumtype" or kind.__module__.startswith(("PyQt5", "PyQt6", "qgis"))
    if not (is_sip_enum or isinstance(value, enum.Enum)):
        return None
    name = kind.__name__
    if getattr(owner, name, None) is kind:
        return name
    return None


def problems(path):
    """[(line, col, end_col, message, replacement or None)] for one source file."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, filename=str(path))
    names = _qgis_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in names:
            owner = names[node.value.id]
            value = getattr(owner, node.attr, None)
            scope = _enum_type_name(owner, value) if value is not None else None
            if scope is not None:
                found.append(
                    (
                        node.lineno,
                        node.col_offset,
                        node.end_col_offset,
                        f"unscoped enum {node.value.id}.{node.attr}: use {node.value.id}.{scope}.{node.attr}",
                        f"{node.value.id}.{scope}.{node.attr}",
                    )
                )
        elif isinstance(node, ast.Attribute) and node.attr == "exec_":
            end = node.end_col_offset
            found.append((node.end_lineno, end - len("exec_"), end, "exec_() is gone in Qt6: use exec()", "exec"))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for module in modules:
                if module.split(".")[0] in PYQT_ONLY:
                    found.append((node.lineno, node.col_offset, None, f"import {module}: use qgis.PyQt", None))
    return sorted(found)


def fix(path):
    """Rewrite what can be rewritten (enums, exec_) in place; returns the number of changes."""
    changes = [p for p in problems(path) if p[4] is not None and p[2] is not None]
    if not changes:
        return 0
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for line, col, end, _, replacement in sorted(changes, reverse=True):
        raw = lines[line - 1].encode("utf-8")  # ast offsets are UTF-8 byte offsets
        lines[line - 1] = (raw[:col] + replacement.encode("utf-8") + raw[end:]).decode("utf-8")
    path.write_text("".join(lines), encoding="utf-8")
    return len(changes)


def main(argv):
    total = 0
    for path in plugin_sources():
        if "--fix" in argv:
            total += fix(path)
        for line, _, _, message, _ in problems(path):
            print(f"{path.relative_to(REPO)}:{line}: {message}")
            total += 0 if "--fix" in argv else 1
    if "--fix" in argv:
        print(f"{total} rewritten")
    return 1 if total and "--fix" not in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
