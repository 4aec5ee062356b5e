"""Qt6-cleanliness of the plugin's sources (metadata says supportsQt6=True): scoped enums, no exec_(),
qgis.PyQt imports only. The check asks the running PyQt/QGIS which attributes are enum members, so it
knows every class; ``scripts/qt6_check.py --fix`` rewrites what it finds."""

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("gm_qt6_check", REPO / "scripts" / "qt6_check.py")
qt6_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(qt6_check)


@pytest.mark.parametrize("path", qt6_check.plugin_sources(), ids=lambda p: str(p.relative_to(REPO)))
def test_source_is_qt6_clean(path):
    found = qt6_check.problems(path)
    assert not found, "\n".join(f"{path.relative_to(REPO)}:{line}: {message}" for line, _, _, message, _ in found)


def test_check_finds_what_qt6_rejects(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text(
        "from qgis.core import QgsProcessing, QgsWkbTypes\n"
        "from qgis.PyQt.QtCore import Qt\n"
        "from PyQt5.QtWidgets import QDialog\n"
        "a = Qt.UTC\n"
        "b = QgsProcessing.TypeVectorPolygon\n"
        "c = Qt.TimeSpec.UTC\n"  # scoped: fine
        "d = QgsWkbTypes.Type.Polygon\n"  # scoped: fine
        "QDialog().exec_()\n",
        encoding="utf-8",
    )
    messages = [m for _, _, _, m, _ in qt6_check.problems(planted)]
    assert any("Qt.TimeSpec.UTC" in m for m in messages)
    assert any("QgsProcessing.SourceType.TypeVectorPolygon" in m for m in messages)
    assert any("exec_" in m for m in messages)
    assert any("PyQt5.QtWidgets" in m for m in messages)
    assert len(messages) == 4, messages
    assert qt6_check.fix(planted) == 3
    text = planted.read_text(encoding="utf-8")
    assert "a = Qt.TimeSpec.UTC" in text and "QgsProcessing.SourceType.TypeVectorPolygon" in text
    assert ".exec()" in text
    assert len(qt6_check.problems(planted)) == 1  # the PyQt5 import is left for a person to change
