"""Part and event class catalogues (城市部件 / 事件分类), kept as CSV data files.

The bundled catalogues live in ``resources/catalogs``; a user's local catalogue (same columns,
UTF-8 or GBK) extends them and overrides entries with the same code.
"""

import csv
import io
import os
from dataclasses import dataclass

from ..common.errors import InputError
from ..common.i18n import translate

CATALOG_DIR = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "resources", "catalogs"
)
PART_CATALOG = os.path.join(CATALOG_DIR, "part_classes.csv")
EVENT_CATALOG = os.path.join(CATALOG_DIR, "event_classes.csv")
COLUMNS = ("code", "major", "minor", "name_zh", "name_en", "source")


@dataclass(frozen=True)
class ClassEntry:
    code: str  # "01" (major), "0101" (2+2 minor) or "01001" (2+3 minor)
    major: str
    minor: str
    name_zh: str
    name_en: str
    source: str

    @property
    def is_major(self):
        return not self.minor


class Catalog:
    """Class codes → entries, with the major classes as 2-digit entries."""

    def __init__(self, entries=()):
        self.entries = {}
        for entry in entries:
            self.entries[entry.code] = entry

    def __contains__(self, code):
        return self.lookup(code) is not None

    def __len__(self):
        return len(self.entries)

    def major(self, major):
        return self.entries.get(major)

    def lookup(self, class_code):
        """The entry of a 4-digit (major+minor) or 5-digit (major + 3-digit minor) class code.

        A 5-digit code without an entry of its own falls back to the 4-digit entry with the same
        minor number (``01001`` → ``0101``)."""
        entry = self.entries.get(class_code)
        if entry is not None and not entry.is_major:
            return entry
        if len(class_code) == 5 and class_code[2] == "0":
            entry = self.entries.get(class_code[:2] + class_code[3:])
            if entry is not None and not entry.is_major:
                return entry
        return None

    def extended(self, other):
        """A new catalogue: this one with ``other``'s entries added or overriding."""
        merged = Catalog(self.entries.values())
        for entry in other.entries.values():
            merged.entries[entry.code] = entry
        return merged

    def minor_entries(self):
        return [e for e in self.entries.values() if not e.is_major]


def _read_text(path):
    from ..formats.survey_io import decode_bytes

    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise InputError(
            translate("Catalogs", "Cannot read the catalogue {path}: {error}").format(path=path, error=error)
        ) from None
    text, _encoding, _lossy = decode_bytes(data)
    return text


def read_catalog(path):
    """Read one catalogue CSV; every bad row is reported with its line number and field."""
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise InputError(translate("Catalogs", "The catalogue {path} is empty.").format(path=path))
    header = [h.strip().lower() for h in header]
    missing = [c for c in ("code", "name_zh") if c not in header]
    if missing:
        raise InputError(
            translate("Catalogs", "The catalogue {path} has no column '{field}'.").format(path=path, field=missing[0])
        )
    index = {name: header.index(name) for name in COLUMNS if name in header}
    entries = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(name, row=row):
            i = index.get(name)
            return row[i].strip() if i is not None and i < len(row) else ""

        code = cell("code")
        if not code.isascii() or not code.isdigit() or len(code) not in (2, 4, 5):
            raise InputError(
                translate(
                    "Catalogs",
                    "The catalogue {path}, line {line}, field 'code': '{value}' is not a "
                    "class code of 2, 4 or 5 digits.",
                ).format(path=path, line=line, value=code)
            )
        major, minor = code[:2], code[2:]
        entries.append(
            ClassEntry(
                code, major, minor, cell("name_zh"), cell("name_en") or cell("name_zh"), cell("source") or "local"
            )
        )
    return Catalog(entries)


def load_catalog(kind="part", extra=None):
    """The bundled catalogue of ``kind`` ("part" or "event"), extended by the local files ``extra``."""
    catalog = read_catalog(PART_CATALOG if kind == "part" else EVENT_CATALOG)
    for path in [extra] if isinstance(extra, str) else (extra or []):
        if path:
            catalog = catalog.extended(read_catalog(path))
    return catalog
