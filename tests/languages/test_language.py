"""The page's language: choosing it, gettext in it, and the data-file rule."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from sociocracy.core import language
from sociocracy.core.language import (
    DEFAULT,
    _,
    available,
    current,
    localized,
    name_of,
    negotiate,
    ngettext,
    speaking,
)


def test_english_and_spanish_are_offered_in_their_own_names():
    assert available()[:1] == ["en"] and "es" in available()
    assert name_of("es") == "Español" and name_of("en") == "English"
    assert language.PSEUDO not in available()


@pytest.mark.parametrize("header, expected", [
    ("es-ES,es;q=0.9,en;q=0.8", "es"),
    ("es-MX", "es"),
    ("fr-FR,es;q=0.5,en;q=0.7", "en"),  # English ranks above Spanish here
    ("fr-FR,de;q=0.5", "en"),  # nothing the course has: English
    ("", "en"),
    ("es;q=0", "en"),  # q=0 means "not this one"
    ("garbage;;;q=x, es", "es"),
])
def test_the_browsers_language_picks_among_the_courses(header, expected):
    assert negotiate(header) == expected


def test_a_request_speaks_its_own_language_whatever_the_kernels(monkeypatch):
    monkeypatch.setattr(language, "_kernel_language", "en")
    with speaking("es"):
        assert current() == "es"
        with speaking("en"):
            assert current() == "en"
        assert current() == "es"
    assert current() == "en"
    with speaking("xx-unknown"):
        assert current() == DEFAULT


def test_a_plural_in_english_follows_the_count():
    assert ngettext("{n} answer", "{n} answers", 1) == "{n} answer"
    assert ngettext("{n} answer", "{n} answers", 3) == "{n} answers"


def _catalog(path: Path, translations: dict[str, str], *, mo: bool) -> None:
    catalog = Catalog(locale="es")
    for english, spanish in translations.items():
        catalog.add(english, spanish)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_suffix(".po").open("wb") as handle:
        write_po(handle, catalog)
    if mo:
        with path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)


def test_a_po_newer_than_its_mo_is_read_so_a_trainers_edit_shows_at_once(tmp_path, monkeypatch):
    folder = tmp_path / "es" / "LC_MESSAGES"
    _catalog(folder / "area", {"Next": "Siguiente (compilado)"}, mo=True)
    monkeypatch.setattr(language, "LOCALE_DIR", tmp_path)
    language.gettext_for.cache_clear()
    try:
        with speaking("es"):
            assert _("Next") == "Siguiente (compilado)"
        # the trainer edits the .po only; it is now newer than the .mo
        time.sleep(0.01)
        _catalog(folder / "area", {"Next": "Siguiente"}, mo=False)
        later = time.time() + 5
        os.utime(folder / "area.po", (later, later))
        language.gettext_for.cache_clear()
        with speaking("es"):
            assert _("Next") == "Siguiente"
            assert _("Not translated") == "Not translated"  # English, never an empty string
    finally:
        language.gettext_for.cache_clear()


def test_several_areas_are_one_language(tmp_path, monkeypatch):
    folder = tmp_path / "es" / "LC_MESSAGES"
    _catalog(folder / "rounds", {"Next": "Siguiente"}, mo=True)
    _catalog(folder / "meetings", {"Agenda": "Orden del día"}, mo=True)
    monkeypatch.setattr(language, "LOCALE_DIR", tmp_path)
    language.gettext_for.cache_clear()
    try:
        with speaking("es"):
            assert (_("Next"), _("Agenda")) == ("Siguiente", "Orden del día")
    finally:
        language.gettext_for.cache_clear()


def test_a_broken_catalog_shows_english_not_an_error(tmp_path, monkeypatch):
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "broken.mo").write_bytes(b"not a catalog")
    monkeypatch.setattr(language, "LOCALE_DIR", tmp_path)
    language.gettext_for.cache_clear()
    try:
        with speaking("es"):
            assert _("Next") == "Next"
    finally:
        language.gettext_for.cache_clear()


def _course(tmp_path: Path) -> Path:
    (tmp_path / "lessons" / "quizzes").mkdir(parents=True)
    (tmp_path / "lessons" / "quizzes" / "02_rounds.yaml").write_text("title: Rounds\n")
    (tmp_path / "translations" / "es").mkdir(parents=True)
    return tmp_path


def test_a_page_in_spanish_reads_the_spanish_file_when_there_is_one(tmp_path):
    root = _course(tmp_path)
    english = root / "lessons" / "quizzes" / "02_rounds.yaml"
    assert localized(english, "es") == english  # no Spanish file yet: the English one
    spanish = root / "translations" / "es" / "lessons" / "quizzes" / "02_rounds.yaml"
    spanish.parent.mkdir(parents=True)
    spanish.write_text("title: Rondas\n")
    assert localized(english, "es") == spanish
    assert localized(english, "en") == english
    with speaking("es"):
        assert localized(english) == spanish


def test_a_relative_path_follows_the_rule_from_the_pages_folder(tmp_path, monkeypatch):
    root = _course(tmp_path)
    spanish = root / "translations" / "es" / "lessons" / "quizzes" / "02_rounds.yaml"
    spanish.parent.mkdir(parents=True)
    spanish.write_text("title: Rondas\n")
    monkeypatch.chdir(root / "lessons")  # a page runs in its own folder
    assert localized("quizzes/02_rounds.yaml", "es").resolve() == spanish.resolve()
