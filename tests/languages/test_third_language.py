"""A trainer adds a third language with files only (docs/translating.md): French as the example."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from sociocracy.core import language
from sociocracy.core.language import _, available, localized, name_of, speaking
from sociocracy.course.translated_notebooks import (
    catalog_path,
    notebook_pieces,
    updated_catalog,
    write_catalog,
)
from sociocracy.shell.languages import LANGUAGE_CELL_ID, page_in_language


@pytest.fixture
def french(tmp_path, monkeypatch) -> Path:
    """A course folder and code catalogs with French added as a trainer would: files only."""
    locale = tmp_path / "locale"
    for code in ("es", "fr"):
        (locale / code / "LC_MESSAGES").mkdir(parents=True)
    catalog = Catalog(locale="fr")
    catalog.add("Check answer", "Vérifier la réponse")
    with (locale / "fr" / "LC_MESSAGES" / "practice.po").open("wb") as handle:
        write_po(handle, catalog)  # a .po only, no compiled .mo
    monkeypatch.setattr(language, "LOCALE_DIR", locale)
    language.gettext_for.cache_clear()
    root = tmp_path / "course"
    (root / "lessons" / "quizzes").mkdir(parents=True)
    (root / "apps").mkdir()
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Rounds\n\nEvery voice, in turn.",
                                                    id="intro")]
    nbformat.write(notebook, root / "lessons" / "02_rounds.ipynb")
    (root / "lessons" / "quizzes" / "02_rounds.yaml").write_text("title: Rounds\n")
    yield root
    language.gettext_for.cache_clear()


def test_the_menu_offers_french_by_its_own_name(french):
    assert available() == ["en", "es", "fr"]
    assert name_of("fr") == "Français"


def test_the_apps_words_come_from_the_trainers_po_file(french):
    with speaking("fr"):
        assert _("Check answer") == "Vérifier la réponse"


def test_a_lesson_and_its_quiz_in_french(french):
    lesson = french / "lessons" / "02_rounds.ipynb"
    notebook = nbformat.read(lesson, as_version=4)
    catalog = updated_catalog(notebook_pieces(notebook), None, language="fr", name="02_rounds")
    for message in catalog:
        message.string = {"intro:0": "# Les tours", "intro:1": "Chaque voix, à son tour."}.get(
            message.context or "", "")
    write_catalog(catalog, catalog_path(french, lesson, "fr"))
    (french / "translations" / "fr" / "lessons" / "quizzes").mkdir(parents=True)
    quiz = french / "translations" / "fr" / "lessons" / "quizzes" / "02_rounds.yaml"
    quiz.write_text("title: Les tours\n")

    page = page_in_language(notebook, lesson, "fr")
    assert page.cells[0].id == LANGUAGE_CELL_ID and "'fr'" in page.cells[0].source
    assert page.cells[1].source == "# Les tours\n\nChaque voix, à son tour."
    assert localized(french / "lessons" / "quizzes" / "02_rounds.yaml", "fr") == quiz
    assert page_in_language(notebook, lesson, "en") is notebook  # English: untouched
