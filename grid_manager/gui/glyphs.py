"""Emoji and symbols in case texts: a font fallback, and never a box.

Reporters type emoji into descriptions and notes (🚮, ⚠️, 🕳).  Qt draws a box when the widget's font lacks
a glyph and no fallback font has it: on Windows (Qt 5, GDI) the emoji fonts are not tried as fallbacks of the
UI font, and a desktop without any emoji font has none to try.  :func:`install_emoji_fallback` registers the
installed emoji fonts as substitutes of the UI font's family (Qt then uses them for the missing glyphs), and
:func:`displayable` replaces a character that no installed font can draw by its code in brackets
(``[U+1F6AE]``), so the reader knows something was there instead of seeing a box.
"""

from qgis.PyQt.QtGui import QFont, QFontDatabase, QFontMetrics
from qgis.PyQt.QtWidgets import QApplication

EMOJI_FAMILIES = (
    "Noto Color Emoji",
    "Segoe UI Emoji",
    "Apple Color Emoji",
    "Twemoji Mozilla",
    "EmojiOne Color",
    "JoyPixels",
    "Symbola",
    "Segoe UI Symbol",
    "Noto Emoji",
)
# characters that are never drawn: variation selectors, joiners, skin-tone and tag modifiers
_INVISIBLE = set(range(0xFE00, 0xFE10)) | {0x200D, 0x200C, 0x20E3} | set(range(0xE0020, 0xE0080))
# symbols, dingbats and emoji (letter-like symbols to arrows... and the emoji planes); CJK text is not here
_SYMBOL_RANGES = ((0x2100, 0x2BFF), (0x1F000, 0x1FAFF))


def _is_symbol(cp):
    return any(lo <= cp <= hi for lo, hi in _SYMBOL_RANGES)


_state = {"families": None, "metrics": None, "cache": {}}


def installed_emoji_families():
    """The emoji/symbol font families installed on this computer, in order of preference."""
    if _state["families"] is None:
        installed = set(QFontDatabase().families())
        _state["families"] = [f for f in EMOJI_FAMILIES if f in installed]
    return list(_state["families"])


def install_emoji_fallback(font=None):
    """Make the installed emoji fonts fallbacks of ``font``'s family (the application font by default).
    Returns the families added."""
    family = (font or QApplication.font()).family()
    emoji = installed_emoji_families()
    present = set(QFont.substitutes(family))
    added = [f for f in emoji if f not in present and f != family]
    if added:
        QFont.insertSubstitutions(family, added)
    return added


def _metrics():
    if _state["metrics"] is None:
        fonts = [QApplication.font()] + [QFont(f) for f in installed_emoji_families()]
        for family in QFont.substitutes(QApplication.font().family()):
            fonts.append(QFont(family))
        # the other installed families: Qt's own fallback may find the glyph there (DejaVu has ☀, ✓...)
        fonts.extend(QFont(f) for f in QFontDatabase().families() if f not in {x.family() for x in fonts})
        _state["metrics"] = [QFontMetrics(f) for f in fonts]
    return _state["metrics"]


def can_draw(codepoint):
    """Whether some installed font has a glyph for ``codepoint``."""
    cache = _state["cache"]
    if codepoint not in cache:
        cache[codepoint] = any(m.inFontUcs4(codepoint) for m in _metrics())
    return cache[codepoint]


def displayable(text):
    """``text`` with every character no installed font can draw replaced by ``[U+XXXX]`` (joiners and
    variation selectors of such a character are dropped with it)."""
    if not text or not any(_is_symbol(ord(c)) for c in text):
        return text
    out = []
    dropped = False
    for char in text:
        cp = ord(char)
        if cp in _INVISIBLE:
            if not dropped:
                out.append(char)
            continue
        if _is_symbol(cp) and not can_draw(cp):
            out.append("[U+%04X]" % cp)
            dropped = True
            continue
        dropped = False
        out.append(char)
    return "".join(out)


def reset():
    """Forget what was measured (fonts installed or removed while QGIS runs; tests)."""
    _state.update(families=None, metrics=None, cache={})
