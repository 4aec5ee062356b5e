"""Qt translator that follows QGIS's locale, and the hook for core messages."""

import os

from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QTranslator

from ..common import i18n as core_i18n

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
I18N_DIR = os.path.join(PLUGIN_DIR, "i18n")


def qgis_locale():
    """The locale QGIS uses for its UI, e.g. ``zh_CN`` or ``en_US``."""
    settings = QgsSettings()
    override = settings.value("locale/overrideFlag", False, type=bool)
    locale = settings.value("locale/userLocale", "", type=str) if override else ""
    if not locale:
        locale = settings.value("locale/userLocale", "", type=str) or QgsApplication.locale()
    return locale or "en"


def translation_file(locale):
    """Map a locale name (``zh_CN``, ``zh-Hans``, ``zh``, ``zh_Hans_CN``…) to our .qm, if any."""
    name = (locale or "").replace("-", "_").lower()
    if name.startswith("zh"):
        if any(tag in name for tag in ("_tw", "_hk", "_mo", "_hant")):
            return None  # no traditional-Chinese translation yet
        path = os.path.join(I18N_DIR, "gridmanager_zh_CN.qm")
        return path if os.path.exists(path) else None
    return None


class PluginTranslator:
    """Installs our translator (and the core hook) for the plugin's lifetime."""

    def __init__(self, locale=None):
        self.translator = None
        path = translation_file(locale or qgis_locale())
        if path:
            translator = QTranslator()
            if translator.load(path):
                QCoreApplication.installTranslator(translator)
                self.translator = translator
        core_i18n.set_translator(QCoreApplication.translate)

    def remove(self):
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None
        core_i18n.set_translator(None)
