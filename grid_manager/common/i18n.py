"""Translation hook for messages produced by the core.

The core never imports qgis.  Calls are written as ``translate("Context", "text")`` so that
``pylupdate5`` extracts them; the plugin installs ``QCoreApplication.translate`` with
:func:`set_translator` when it loads.  Outside QGIS the English source text is returned.
"""

_translator = None


def set_translator(func):
    """Install ``func(context, text) -> str`` (``None`` restores the identity)."""
    global _translator
    _translator = func


def translate(context, text):
    if _translator is None:
        return text
    return _translator(context, text)
