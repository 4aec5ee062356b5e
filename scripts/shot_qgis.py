"""The QGIS start-up every screenshot script shares: the working tree linked as the plugin
``gridmanager`` of the build profile, a QgsApplication, and the translators of a locale (the plugin's
and QGIS's own, so that QGIS's widgets — "(no selection)", dialog buttons — speak the same language).

    app, translators = start_qgis(sys.argv[1] if len(sys.argv) > 1 else "")
"""

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PLUGINS = REPO / "build" / "qgis" / "profiles" / "default" / "python" / "plugins"


def link_plugin():
    """The working tree importable as ``gridmanager`` (and QGIS's Processing plugin importable)."""
    PLUGINS.mkdir(parents=True, exist_ok=True)
    link = PLUGINS / "gridmanager"
    if not link.exists():
        link.symlink_to(REPO, target_is_directory=True)
    if str(PLUGINS) not in sys.path:
        sys.path.insert(0, str(PLUGINS))
    if "/usr/share/qgis/python/plugins" not in sys.path:
        sys.path.append("/usr/share/qgis/python/plugins")
    os.environ["GRIDMANAGER_NO_MODAL"] = "1"


def start_qgis(locale=""):
    """Link the plugin, start QGIS and install the translators of ``locale`` (e.g. zh_CN; "" = English).
    Returns ``(app, translators)``: keep both alive while drawing."""
    link_plugin()
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QTranslator

    app = QgsApplication([], True)
    app.initQgis()
    translators = []
    if locale:
        from gridmanager.grid_manager.gui.translation import PluginTranslator

        translators.append(PluginTranslator(locale))
        qgis_name = {"zh_CN": "zh-Hans", "zh_TW": "zh-Hant"}.get(locale, locale)
        core = QTranslator()
        if core.load("qgis_" + qgis_name, QgsApplication.i18nPath()):
            app.installTranslator(core)
            translators.append(core)
    return app, translators
