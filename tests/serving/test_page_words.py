"""The course template's words in the page's language (issue 23): the table the server passes
(``resources.course_words`` = :func:`sociocracy.shell.page_words.template_strings`), read by
the template and its scripts, with the English written in the template when it is missing.

The template is rendered here with Jinja alone: Voila's own macros (spinner, set-up), and stand-ins
for the lab templates it extends (their blocks, nothing else), so no server or kernel is needed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2
import pytest

from sociocracy.shell.page_words import TEMPLATE_WORDS, template_strings
from tests.conftest import ROOT

COURSE = ROOT / "share" / "jupyter" / "voila" / "templates" / "course"
SCRIPTS = ("index.html.j2", "connection.js.j2", "course-links.js", "course-progress.js")
STAND_INS = {
    "nbconvert/lab.j2": "{% block notebook_css %}{% endblock %}"
                        "{% block body_header %}{% endblock %}",
    "voila/templates/lab/index.html.j2": "{% extends 'nbconvert/lab.j2' %}"
                                         "{% block notebook_css %}{% endblock %}",
}


def voila_base() -> Path:
    """Voila's base templates, where Voila itself finds them."""
    from jupyter_core.paths import jupyter_path

    for folder in jupyter_path("voila", "templates", "base"):
        if (Path(folder) / "spinner.macro.html.j2").is_file():
            return Path(folder)
    pytest.fail("Voila's base templates are not installed (jupyter_path voila/templates/base)")


def render(resources: dict, *, projector: bool = True) -> str:
    environment = jinja2.Environment(loader=jinja2.ChoiceLoader([
        jinja2.DictLoader(STAND_INS), jinja2.FileSystemLoader([COURSE, voila_base()])]))
    template = environment.get_template("index.html.j2")
    nb = type("Notebook", (), {"metadata": {"course": {"projector": projector}}, "cells": []})()
    return template.render(resources={"base_url": "/", **resources}, nb=nb,
                           progressive_rendering=False, page_config={})


def visible(page: str) -> str:
    without_code = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", without_code))


def test_every_template_word_has_spanish():
    spanish = template_strings("es")
    assert set(spanish) == set(TEMPLATE_WORDS)
    untranslated = [key for key, english in TEMPLATE_WORDS.items() if spanish[key] == english]
    assert untranslated == []
    for key, english in TEMPLATE_WORDS.items():  # the placeholders the scripts fill
        assert set(re.findall(r"\{\w+\}", spanish[key])) == set(re.findall(r"\{\w+\}", english))
    assert template_strings("en") == TEMPLATE_WORDS
    assert template_strings("xx") == TEMPLATE_WORDS  # unknown: English


def test_the_template_shows_the_words_it_is_given():
    page = render({"course_words": template_strings("es")})
    shown = visible(page)
    assert "Saltar a la lección" in shown and "Modo proyector" in shown
    assert "Skip to the lesson" not in shown and "Projector mode" not in shown
    words = json.loads(re.search(r"window\.courseWords = (\{.*?\});\n", page).group(1))
    assert words["reload_page"] == template_strings("es")["reload_page"]


def test_without_words_the_template_is_english():
    page = render({})
    shown = visible(page)
    assert "Skip to the lesson" in shown and "Projector mode" in shown
    assert "large type for the room, instructions folded away" in shown
    assert "Running ..." in shown  # as Voila's own spinner says it
    assert "window.courseWords = {};" in page


def test_every_word_is_used_with_its_english_default():
    """The template's English defaults are the catalog's English (no drift between them)."""
    source = ""
    for name in SCRIPTS:
        text = (COURSE / name).read_text(encoding="utf-8")
        source += re.sub(r'"\s*\+\s*"', "", text)  # "a " + "b" -> "a b"
    for key, english in TEMPLATE_WORDS.items():
        if key.startswith(("progress_quiz", "progress_practice")):
            assert 'word("progress_" + kind' in source and ": {right} of {total} right" in source
            continue
        used = (f'word("{key}", "{english}"' in source
                or f'words.{key} | default("{english}")' in source
                or (key in ("executing", "reading") and f'"{english}"' in source
                    and f'"{key}"' in source))
        assert used, key
