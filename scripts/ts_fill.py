"""Merge translations from JSON files into i18n/gridmanager_zh_CN.ts.

    .venv/bin/python scripts/ts_fill.py new_translations.json [more.json …]

Each JSON maps {"Context": {"English source": "译文"}}.  Only messages present in the .ts (run
`make transup` first) are filled; the script lists what is still unfinished.
"""

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

TS = Path(__file__).resolve().parents[1] / "i18n" / "gridmanager_zh_CN.ts"


def main(paths):
    table = {}
    for path in paths:
        for ctx, entries in json.loads(Path(path).read_text(encoding="utf-8")).items():
            table.setdefault(ctx, {}).update(entries)
    tree = ET.parse(TS)
    root = tree.getroot()
    root.set("language", "zh_CN")
    missing = []
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            text = table.get(name, {}).get(source)
            if text:
                translation.text = text
                translation.attrib.pop("type", None)
            elif translation.get("type") == "unfinished" or not (translation.text or "").strip():
                missing.append((name, source))
    body = ET.tostring(root, encoding="unicode")
    TS.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    for name, source in missing:
        print(f"unfinished: [{name}] {source!r}")
    print(f"{len(missing)} unfinished", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
