"""One English string, one translation across areas; and ``check``'s summary line in Spanish."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from sociocracy.core import language
from sociocracy.core.language import speaking
from sociocracy.course import translation_checks
from sociocracy.course.checks import summary_line
from sociocracy.course.translation_checks import check_translations


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)


@pytest.fixture
def two_areas(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """A course with two areas whose Spanish catalogs translate "Decided" differently."""
    locale = tmp_path / "locale"
    for area, decided in (("alpha", "Decidida"), ("beta", "Decidido")):
        template = Catalog()
        template.add("Decided", locations=[(f"widgets/{area}.py", 3)])
        template.add("Next", locations=[(f"widgets/{area}.py", 4)])
        template.add("Next", context="button", locations=[(f"widgets/{area}.py", 5)])
        _write(locale / f"{area}.pot", template)
        spanish = Catalog(locale="es")
        spanish.add("Decided", decided)
        spanish.add("Next", "Siguiente")  # the same in both: fine
        spanish.add("Next", "Continuar" if area == "beta" else "Siguiente", context="button")
        _write(locale / "es" / "LC_MESSAGES" / f"{area}.po", spanish)
    monkeypatch.setattr(translation_checks, "LOCALE_DIR", locale)
    monkeypatch.setattr(language, "LOCALE_DIR", locale)
    root = tmp_path / "course"
    for folder in ("lessons", "apps", "translations/es"):
        (root / folder).mkdir(parents=True)
    return root, locale


def test_the_same_english_translated_two_ways_is_a_warning_on_the_later_catalog(two_areas):
    root, _locale = two_areas
    found = [line for line in check_translations(root, ["es"])
             if line.code == "inconsistent-translation"]
    assert len(found) == 2
    decided = next(line for line in found if "'Decided'" in line.message)
    assert decided.severity == "warning"
    assert decided.path.endswith("beta.po") and decided.line > 1
    assert "'Decidido' here" in decided.message and "'Decidida' in alpha.po" in decided.message
    button = next(line for line in found if "'Next'" in line.message)
    assert "context 'button'" in button.message and "'Continuar'" in button.message


def test_a_fuzzy_or_empty_translation_is_not_compared(two_areas):
    from babel.messages.pofile import read_po

    root, locale = two_areas
    beta = locale / "es" / "LC_MESSAGES" / "beta.po"
    with beta.open("rb") as handle:
        catalog = read_po(handle, locale="es")
    catalog["Decided"].flags.add("fuzzy")
    catalog.get("Next", context="button").string = ""
    _write(beta, catalog)
    assert not [line for line in check_translations(root, ["es"])
                if line.code == "inconsistent-translation"]


def test_the_shipped_spanish_catalogs_agree_across_areas():
    root = Path(__file__).resolve().parents[2]
    found = [str(line) for line in check_translations(root, ["es"])
             if line.code == "inconsistent-translation"]
    assert found == []


def test_check_summary_line_counts_each_with_its_plural():
    assert summary_line(1, 0, 1) == "Checked 1 file: 0 errors, 1 warning."
    assert summary_line(3, 1, 2) == "Checked 3 files: 1 error, 2 warnings."
    with speaking("es"):
        assert summary_line(1, 0, 1) == "Se ha comprobado 1 archivo: 0 errores, 1 aviso."
        assert summary_line(3, 1, 2) == "Se han comprobado 3 archivos: 1 error, 2 avisos."
