"""The plugin as QGIS loads it: metadata, load/unload, provider, translations, the packaged zip."""

import configparser
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from qgis.core import QgsApplication
from qgis.PyQt.QtWidgets import QPushButton

REPO = Path(__file__).resolve().parents[1]


def test_metadata_is_complete():
    meta = configparser.ConfigParser()
    meta.read(REPO / "metadata.txt", encoding="utf-8")
    general = meta["general"]
    for key in (
        "name",
        "description",
        "about",
        "version",
        "author",
        "email",
        "homepage",
        "tracker",
        "repository",
        "tags",
        "icon",
        "changelog",
    ):
        assert general.get(key, "").strip(), key
    assert general["qgisMinimumVersion"] == "3.22"
    assert general["qgisMaximumVersion"] == "4.99"
    assert general["supportsQt6"] == "True"
    assert general["hasProcessingProvider"] == "yes"
    assert (REPO / general["icon"]).exists()
    assert "网格" in general["about"]  # English and Chinese


def test_every_registered_algorithm_imports():
    from gridmanager.processing.algorithms import ALGORITHMS, algorithm_classes

    errors = []
    classes = algorithm_classes(errors)
    assert not errors, errors[0][1]
    assert len(classes) == len(ALGORITHMS)


def test_provider_offers_the_public_algorithm_ids(provider):
    ids = {a.id() for a in provider.algorithms()}
    assert {"gridmanager:partitiongrids", "gridmanager:revisegrids", "gridmanager:checkgrids"} <= ids
    for algorithm in provider.algorithms():
        assert algorithm.shortHelpString().strip(), algorithm.id()
        assert algorithm.displayName() and algorithm.group()


class RecordingIface:
    """pytest-qgis's iface, recording what the plugin adds to menus, toolbars and dock areas."""

    def __init__(self, real):
        self.real = real
        self.menu, self.toolbar, self.docks = [], [], []

    def __getattr__(self, name):
        return getattr(self.real, name)

    def addPluginToMenu(self, name, action):
        self.menu.append(action)

    def removePluginMenu(self, name, action):
        self.menu.remove(action)

    def addToolBarIcon(self, action):
        self.toolbar.append(action)

    def removeToolBarIcon(self, action):
        self.toolbar.remove(action)

    def addDockWidget(self, area, dock):
        self.docks.append(dock)

    def removeDockWidget(self, dock):
        self.docks.remove(dock)


def test_load_and_unload_leave_nothing_behind(qgis_iface, qgis_processing):
    import gridmanager

    registry = QgsApplication.processingRegistry()
    before = registry.providerById("gridmanager")
    if before is not None:  # the session provider fixture may be active
        registry.removeProvider(before)
    iface = RecordingIface(qgis_iface)
    plugin = gridmanager.classFactory(iface)
    plugin.initGui()
    assert registry.providerById("gridmanager") is not None
    names = {a.objectName() for a in iface.menu}
    assert {"gridmanager_partitiongrids", "gridmanager_revisegrids", "gridmanager_checkgrids"} <= names
    assert plugin.translator is not None
    plugin.unload()
    assert registry.providerById("gridmanager") is None
    assert iface.menu == [] and iface.toolbar == [] and iface.docks == []
    assert plugin.actions == [] and plugin.dock is None and plugin.translator is None
    from gridmanager.grid_manager.common import i18n

    assert i18n._translator is None
    if before is not None:
        from gridmanager.processing.provider import GridManagerProvider

        _KEEP.append(GridManagerProvider())  # a Python provider must outlive its registration
        registry.addProvider(_KEEP[-1])


_KEEP = []


@pytest.mark.parametrize(
    "locale, expected",
    [
        ("zh_CN", True),
        ("zh-Hans", True),
        ("zh", True),
        ("zh_Hans_CN", True),
        ("zh_TW", False),
        ("en_US", False),
        ("de", False),
    ],
)
def test_translator_follows_qgis_locale(locale, expected):
    from gridmanager.grid_manager.gui.translation import translation_file

    assert (translation_file(locale) is not None) == expected


def test_algorithm_names_in_chinese(provider, zh_cn):
    alg = QgsApplication.processingRegistry().createAlgorithmById("gridmanager:partitiongrids")
    assert alg.displayName() == "划分均衡网格"
    assert "网格" in alg.shortHelpString()
    assert (
        QgsApplication.processingRegistry().createAlgorithmById("gridmanager:checkgrids").displayName()
        == "网格质量检查"
    )
    assert (
        QgsApplication.processingRegistry().createAlgorithmById("gridmanager:revisegrids").displayName() == "修订网格"
    )


def test_zh_cn_translation_is_complete():
    """Every message the sources translate (self.tr / translate literals, read with ast as
    scripts/ts_update.py does) has a finished zh_CN translation, and the .ts holds nothing stale."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("gm_ts_update", REPO / "scripts" / "ts_update.py")
    ts_update = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ts_update)
    table, problems = ts_update.extract()
    assert not problems, problems
    missing, stale = ts_update.check(REPO / "i18n" / "gridmanager_zh_CN.ts", table)
    assert not missing, (
        f"{len(missing)} messages without a zh_CN translation (make transup, then translate): {missing[:5]}"
    )
    assert not stale, f"{len(stale)} messages no longer in the sources (make transup): {stale[:5]}"
    assert sum(len(v) for v in table.values()) > 500


def test_package_installs_into_a_clean_profile_and_loads(tmp_path):
    out = subprocess.run(["make", "-s", "package"], cwd=REPO, capture_output=True, text=True, check=True)
    zip_path = REPO / out.stdout.strip().splitlines()[-1]
    with zipfile.ZipFile(zip_path) as z:
        names = z.namelist()
    assert all(n.startswith("gridmanager/") for n in names)
    for required in (
        "gridmanager/__init__.py",
        "gridmanager/metadata.txt",
        "gridmanager/LICENSE",
        "gridmanager/i18n/gridmanager_zh_CN.qm",
        "gridmanager/resources/styles/grids.qml",
    ):
        assert required in names, required
    assert not any(n.startswith(("gridmanager/tests/", "gridmanager/bench/", "gridmanager/.git")) for n in names)
    assert not any(n.endswith((".pyc", ".so", ".qrc")) for n in names)
    # install into a fresh profile and load it the way QGIS does, in a separate interpreter
    plugins = tmp_path / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(plugins)
    script = f"""
import sys
sys.path.insert(0, {str(plugins)!r})
from qgis.core import QgsApplication
app = QgsApplication([], False)
app.initQgis()
import qgis.utils
assert qgis.utils.loadPlugin("gridmanager"), "loadPlugin failed"
plugin = qgis.utils.plugins["gridmanager"] = __import__("gridmanager").classFactory(None)
plugin.initProcessing()
reg = QgsApplication.processingRegistry()
print(sorted(a.id() for a in reg.providerById("gridmanager").algorithms()))
print(__import__("gridmanager").__file__)
"""
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "QGIS_CUSTOM_CONFIG_PATH": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "gridmanager:partitiongrids" in run.stdout
    assert str(plugins) in run.stdout  # loaded from the installed copy, not the checkout


def test_missing_packages_are_named(monkeypatch):
    from gridmanager.grid_manager.common import dependencies

    assert dependencies.missing_packages() == []  # the test environment has everything
    monkeypatch.setattr(dependencies, "REQUIRED", (("shapely", "99.0", "shapely"), ("no_such_module_gm", "1", "x")))
    missing = dependencies.missing_packages()
    assert missing[0][0] == "shapely" and missing[0][2] is not None
    assert missing[1] == ("x", "1", None)


def test_missing_packages_warning_names_algorithms_and_install_command(
    qgis_iface, monkeypatch, without_session_provider
):
    """A package QGIS's Python lacks: the warning names it, the algorithms that could not load, and offers
    the install command (shapely built from source against QGIS's GEOS)."""
    from qgis.core import QgsApplication

    import gridmanager
    from gridmanager.grid_manager.common import dependencies
    from gridmanager.processing import algorithms

    monkeypatch.setattr(dependencies, "REQUIRED", (("shapely", "99.0", "shapely"),))
    real_classes = algorithms.algorithm_classes
    monkeypatch.setattr(
        gridmanager.processing.provider,
        "algorithm_classes",
        lambda errors=None: [c for c in real_classes() if c.__name__ != "PartitionGridsAlgorithm"],
    )
    from qgis.gui import QgsMessageBar

    shown = []
    bar = QgsMessageBar()
    iface = RecordingIface(qgis_iface)
    iface.messageBar = lambda: bar
    plugin = gridmanager.classFactory(iface)
    monkeypatch.setattr(plugin, "show_install_command", shown.append)
    text, command = plugin.warn_missing_packages()
    try:
        assert (
            "shapely ≥ 99.0" in text
            and "gridmanager:partitiongrids" in text
            and f"1 of {len(algorithms.ALGORITHMS)} " in text
        )
        assert "--no-binary shapely" in command and "'shapely>=99.0'" in command
        assert QgsApplication.processingRegistry().algorithmById("gridmanager:checkgrids") is not None
        button = bar.findChild(QPushButton, "gridmanager_install_command")
        assert bar.currentItem() is not None and bar.currentItem().text() == text
        button.click()
        assert shown == [command]
    finally:
        plugin.unload()


def test_install_command_per_platform():
    from gridmanager.grid_manager.common.dependencies import install_command

    missing = [("pandas", "1.3", None), ("pyogrio", "0.7", "0.5")]
    linux = install_command(missing, "linux")
    assert linux.startswith("python3 -m pip install --user --no-binary pyogrio ") and "'pandas>=1.3'" in linux
    assert install_command(missing, "win32").startswith("python -m pip install --user --no-binary pyogrio ")
    assert '"pyogrio>=0.7"' in install_command(missing, "win32")


def test_enum_options_are_paired_with_the_core_values(provider):
    """Every enum option list built from Choices offers exactly the values the core accepts, each with its
    label (a drift by position would have raised when the algorithm was created)."""
    from gridmanager.processing.algorithms.choices import Choices

    with pytest.raises(ValueError, match="do not match"):
        Choices((("count", "Count"), ("rate", "Rate")), of=("count", "rate_1000hh"))
    with pytest.raises(ValueError, match="duplicate"):
        Choices((("a", "A"), ("a", "B")))
    checked = 0
    for algorithm in provider.algorithms():
        instance = algorithm.create()
        for name, choices in vars(instance).items():
            if isinstance(choices, Choices):
                checked += 1
                enums = [p for p in instance.parameterDefinitions() if p.type() == "enum"]
                assert any(list(p.options()) == choices.labels for p in enums), (algorithm.id(), name)
    assert checked >= 8


def test_plugin_loads_and_explains_when_a_panel_cannot_import(qgis_iface, monkeypatch, without_session_provider):
    """QGIS's Python without the scientific packages: the plugin still loads (no Python error dialog), the
    warning names the missing package and the panel that cannot open, and unloading works."""
    from qgis.gui import QgsMessageBar

    import gridmanager
    from gridmanager.grid_manager.common import dependencies

    monkeypatch.setattr(dependencies, "REQUIRED", (("no_such_module_gm", "1.0", "shapely"),))
    bar = QgsMessageBar()
    iface = RecordingIface(qgis_iface)
    iface.messageBar = lambda: bar
    plugin = gridmanager.classFactory(iface)

    def broken():
        raise ModuleNotFoundError("No module named 'shapely'")

    monkeypatch.setattr(plugin, "init_grid_dock", broken)
    plugin.initGui()
    try:
        text = bar.currentItem().text()
        assert "shapely ≥ 1.0" in text and "Grid editing" in text
        assert plugin.dock is not None and plugin.grid_dock is None
    finally:
        plugin.unload()
    assert plugin.actions == [] and iface.menu == []
