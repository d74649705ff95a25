"""Every string marked for translation reaches the catalogs (issue 23).

Babel's extractor does not look inside f-strings (on the Python versions the course supports), so
``f"<td>{_('Policy')}</td>"`` shows English on every page unless the same words happen to be
marked elsewhere. This test finds such calls whose words are in no template.
"""

from __future__ import annotations

import ast
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CALLS = {"_": 0, "N_": 0, "ngettext": 0, "pgettext": 1}


def _templates() -> set[str]:
    found: set[str] = set()
    for template in (ROOT / "sociocracy" / "locale").glob("*.pot"):
        with template.open("rb") as handle:
            for message in read_po(handle):
                if message.id:
                    found.add(message.id if isinstance(message.id, str) else message.id[0])
    return found


def _marked_in_f_strings(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.JoinedStr):
            continue
        for call in ast.walk(node):
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and \
                    call.func.id in CALLS and len(call.args) > CALLS[call.func.id]:
                argument = call.args[CALLS[call.func.id]]
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found.append((call.lineno, argument.value))
    return found


def test_words_marked_inside_f_strings_are_in_the_catalogs():
    templates = _templates()
    missing = [f"{path.relative_to(ROOT)}:{line}: {words!r}"
               for folder in ("sociocracy", "widgets")
               for path in sorted((ROOT / folder).rglob("*.py"))
               for line, words in _marked_in_f_strings(path) if words not in templates]
    assert missing == [], "marked inside an f-string, so never extracted: " + "; ".join(missing)


def test_the_templates_are_up_to_date_with_the_code(tmp_path, monkeypatch):
    """``translations extract`` would change nothing: every marked string is in a template."""
    from sociocracy.core import language
    from sociocracy.shell import translations

    monkeypatch.setattr(translations, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(language, "LOCALE_DIR", tmp_path)
    translations.extract(ROOT)

    def ids(folder: Path) -> dict[str, set[str]]:
        result = {}
        for template in folder.glob("*.pot"):
            with template.open("rb") as handle:
                result[template.stem] = {m.id if isinstance(m.id, str) else m.id[0]
                                         for m in read_po(handle) if m.id}
        return result

    fresh, shipped = ids(tmp_path), ids(ROOT / "sociocracy" / "locale")
    assert {area: sorted(words - shipped.get(area, set())) for area, words in fresh.items()
            if words - shipped.get(area, set())} == {}
