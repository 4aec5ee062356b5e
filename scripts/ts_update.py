"""Refresh i18n/*.ts from the plugin's sources (what `make transup` runs).

    .venv/bin/python scripts/ts_update.py            # rewrite i18n/gridmanager_zh_CN.ts
    .venv/bin/python scripts/ts_update.py --check    # exit 1 and list what the .ts lacks or no longer needs

Messages are read with :mod:`ast`, the way the plugin translates at run time:
- ``self.tr("literal")`` in a class: the context is that class's name (``GridManagerAlgorithm.tr`` and the
  plugin's ``tr`` translate with the concrete class name);
- ``translate("Context", "literal")`` (``grid_manager.common.i18n``) and
  ``QCoreApplication.translate("Context", "literal")``.
pylupdate5 silently skips a call whose argument list ends with a trailing comma — the layout the formatter
gives a long call — so it cannot be the extractor once the tree is formatted. Existing translations are
kept; new messages are added unfinished; messages no longer in the sources are dropped.
"""

import ast
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TS_FILES = sorted((REPO / "i18n").glob("*.ts"))
SKIP = {".venv", "tests", "bench", "build", "scripts", "dist", ".git", "__pycache__", "demo_output"}


def sources(repo=REPO):
    out = []
    for path in sorted(repo.rglob("*.py")):
        rel = path.relative_to(repo)
        if not SKIP.intersection(rel.parts):
            out.append(path)
    return out


def _literal(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


class _Extractor(ast.NodeVisitor):
    def __init__(self, filename):
        self.filename = filename
        self.classes = []
        self.functions = []
        self.messages = []  # (context, source, line)
        self.problems = []  # (line, text)

    def visit_ClassDef(self, node):
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_FunctionDef(self, node):
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    def visit_Call(self, node):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
        if name == "tr" and isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            if func.value.id == "self" and self.classes and node.args:
                text = _literal(node.args[0])
                if text is None:
                    self.problems.append((node.lineno, "tr() of something that is not a string literal"))
                else:
                    self.messages.append((self.classes[-1], text, node.lineno))
        elif name == "translate" and len(node.args) >= 2:
            context, text = _literal(node.args[0]), _literal(node.args[1])
            if context is not None and text is not None:
                self.messages.append((context, text, node.lineno))
            elif context is not None and (not self.functions or self.functions[-1] != "tr"):  # tr() wrappers
                self.problems.append((node.lineno, f"translate({context!r}, …) of something that is not a literal"))
        self.generic_visit(node)


def extract(paths=None, repo=REPO):
    """{context: {source: [(filename relative to i18n/, line)]}} and [(file, line, problem)]."""
    table, problems = {}, []
    for path in paths or sources(repo):
        extractor = _Extractor(path)
        extractor.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        rel = "../" + path.relative_to(repo).as_posix()
        for context, text, line in extractor.messages:
            table.setdefault(context, {}).setdefault(text, []).append((rel, line))
        problems += [(rel, line, text) for line, text in extractor.problems]
    return table, problems


def read_ts(path):
    """{(context, source): (translation text, finished)}"""
    out = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            text = translation.text or "" if translation is not None else ""
            finished = translation is not None and translation.get("type") not in ("unfinished", "obsolete")
            out[(name, message.findtext("source"))] = (text, finished)
    return out


def _escape(text):
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&apos;")
    )


def write_ts(path, table, language):
    old = read_ts(path) if path.exists() else {}
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>", f'<TS version="2.1" language="{language}">']
    for context in sorted(table):
        lines += ["<context>", f"    <name>{_escape(context)}</name>"]
        for source in sorted(table[context], key=lambda s: (table[context][s][0], s)):
            lines.append("    <message>")
            for filename, line in table[context][source]:
                lines.append(f'        <location filename="{_escape(filename)}" line="{line}"/>')
            lines.append(f"        <source>{_escape(source)}</source>")
            text, finished = old.get((context, source), ("", False))
            kind = "" if finished else ' type="unfinished"'
            lines.append(f"        <translation{kind}>{_escape(text)}</translation>")
            lines.append("    </message>")
        lines.append("</context>")
    lines.append("</TS>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def check(path, table):
    """What the .ts lacks (missing or unfinished) and what it holds that the sources no longer use."""
    have = read_ts(path)
    wanted = {(c, s) for c, messages in table.items() for s in messages}
    missing = sorted(k for k in wanted if k not in have or not have[k][1])
    stale = sorted(k for k in have if k not in wanted)
    return missing, stale


def main(argv):
    table, problems = extract()
    for filename, line, text in problems:
        print(f"{filename[3:]}:{line}: {text}", file=sys.stderr)
    status = 1 if problems else 0
    for path in TS_FILES:
        language = path.stem.split("_", 1)[1]
        if "--check" in argv:
            missing, stale = check(path, table)
            for context, source in missing:
                print(f"{path.name}: missing or unfinished: [{context}] {source}")
            for context, source in stale:
                print(f"{path.name}: no longer in the sources: [{context}] {source}")
            status |= 1 if (missing or stale) else 0
        else:
            write_ts(path, table, language)
            n = sum(len(v) for v in table.values())
            unfinished = len(check(path, table)[0])
            print(f"{path.relative_to(REPO)}: {n} messages, {unfinished} unfinished")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
