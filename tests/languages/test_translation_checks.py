"""Lessons translated in pieces, and ``sociocracy-course check translations/``."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from sociocracy.course.checks import check_file
from sociocracy.course.translated_notebooks import (
    catalog_path,
    notebook_pieces,
    read_catalog,
    split_paragraphs,
    translate_notebook,
    updated_catalog,
    write_catalog,
)
from sociocracy.course.translation_checks import check_translations, structure_differences
from sociocracy.shell.cli import main

LESSON = """# Rounds

A round gives every person a turn.

```
a code block

with a blank line
```

- one
- two"""


def test_a_cell_splits_into_paragraphs_and_a_fenced_block_stays_whole():
    assert split_paragraphs(LESSON) == [
        "# Rounds", "A round gives every person a turn.",
        "```\na code block\n\nwith a blank line\n```", "- one\n- two"]


def _course(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "course"
    (root / "lessons").mkdir(parents=True)
    (root / "apps").mkdir()
    (root / "translations" / "es").mkdir(parents=True)
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell(LESSON, id="intro"),
        nbformat.v4.new_code_cell('RoundFacilitator(["Ana", "Ben"], prompt="What brought you '
                                  'here?")', id="practice"),
        nbformat.v4.new_code_cell('Quiz.from_yaml("quizzes/02_rounds.yaml")', id="quiz"),
    ]
    path = root / "lessons" / "02_rounds.ipynb"
    nbformat.write(notebook, path)
    return root, path


def _translate(root: Path, path: Path, spanish: dict[str, str]) -> Path:
    notebook = nbformat.read(path, as_version=4)
    catalog = updated_catalog(notebook_pieces(notebook), None, language="es", name=path.stem)
    for message in catalog:
        if message.context in spanish:
            message.string = spanish[message.context]
    target = catalog_path(root, path, "es")
    write_catalog(catalog, target)
    return target


SPANISH = {
    "intro:0": "# Rondas",
    "intro:1": "Una ronda da un turno a cada persona.",
    "intro:2": "```\na code block\n\nwith a blank line\n```",
    "intro:3": "- uno\n- dos",
    "practice:code": 'RoundFacilitator(["Ana", "Ben"], prompt="¿Qué te trajo aquí?")',
}


def test_pieces_are_paragraphs_and_code_cells_with_words(tmp_path):
    _root, path = _course(tmp_path)
    contexts = [p.context for p in notebook_pieces(nbformat.read(path, as_version=4))]
    # the quiz cell holds only a file path: nothing to translate
    assert contexts == ["intro:0", "intro:1", "intro:2", "intro:3", "practice:code"]


def test_the_page_shows_the_translation_of_each_piece(tmp_path):
    root, path = _course(tmp_path)
    po = _translate(root, path, SPANISH)
    page, statuses = translate_notebook(nbformat.read(path, as_version=4), read_catalog(po))
    assert page.cells[0].source.startswith("# Rondas\n\nUna ronda da un turno")
    assert "¿Qué te trajo aquí?" in page.cells[1].source
    assert {s.state for s in statuses} == {"translated"}


def _change_paragraph(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[0].source = notebook.cells[0].source.replace(
        "gives every person a turn", "gives each person one turn, in order")
    nbformat.write(notebook, path)


def test_a_changed_english_paragraph_shows_in_english_not_as_its_old_translation(tmp_path):
    root, path = _course(tmp_path)
    po = _translate(root, path, SPANISH)
    _change_paragraph(path)
    page, statuses = translate_notebook(nbformat.read(path, as_version=4), read_catalog(po))
    assert "gives each person one turn, in order" in page.cells[0].source
    assert "Una ronda da un turno" not in page.cells[0].source
    assert page.cells[0].source.startswith("# Rondas")  # the other pieces stay Spanish
    assert [s.piece.context for s in statuses if s.state == "stale"] == ["intro:1"]


def test_check_reports_the_spanish_of_a_changed_english_paragraph_as_stale(tmp_path, capsys):
    root, path = _course(tmp_path)
    po = _translate(root, path, SPANISH)
    before = [line for line in check_translations(root, ["es"]) if "lessons/02_rounds" in
              line.path]
    assert not [line for line in before if line.code == "stale-translation"]
    _change_paragraph(path)
    main(["check", str(root / "translations" / "es")])
    out = capsys.readouterr().out
    stale = [line for line in out.splitlines() if "stale-translation" in line]
    assert len(stale) == 1, out
    assert stale[0].startswith("translations/es/lessons/02_rounds.po:")
    assert "cell 1 of lessons/02_rounds.ipynb, paragraph 2" in stale[0]
    line = int(stale[0].split(":")[1])
    lines = po.read_text().splitlines()
    assert lines[line - 1] == 'msgid "A round gives every person a turn."'  # the piece's entry
    assert lines[line - 2] == 'msgctxt "intro:1"'


def test_update_keeps_the_old_translation_as_fuzzy_with_the_old_english(tmp_path):
    root, path = _course(tmp_path)
    po = _translate(root, path, SPANISH)
    _change_paragraph(path)
    notebook = nbformat.read(path, as_version=4)
    catalog = updated_catalog(notebook_pieces(notebook), read_catalog(po), language="es",
                              name=path.stem)
    message = next(m for m in catalog if m.context == "intro:1")
    assert message.fuzzy and message.string == "Una ronda da un turno a cada persona."
    assert message.previous_id == ["A round gives every person a turn."]
    kept = next(m for m in catalog if m.context == "intro:0")
    assert kept.string == "# Rondas" and not kept.fuzzy


def test_translated_code_that_breaks_or_calls_other_things_is_an_error(tmp_path):
    root, path = _course(tmp_path)
    _translate(root, path, {**SPANISH, "practice:code": 'RoundFacilitator(["Ana", "Ben"], '
                                                        'prompt="¿Qué te trajo aquí?"'})
    codes = [line.code for line in check_translations(root, ["es"]) if "02_rounds" in line.path]
    assert "broken-code" in codes
    _translate(root, path, {**SPANISH, "practice:code": 'print("¿Qué te trajo aquí?")'})
    lines = [line for line in check_translations(root, ["es"]) if "02_rounds" in line.path]
    assert any(line.code == "structure-differs" and "calls print" in line.message
               for line in lines)


def test_missing_pieces_are_listed_with_their_cell(tmp_path):
    root, path = _course(tmp_path)
    _translate(root, path, {"intro:0": "# Rondas"})
    missing = [line for line in check_translations(root, ["es"]) if "02_rounds" in line.path
               and line.code == "missing-translation"]
    assert len(missing) == 4
    assert any("cell 2 of lessons/02_rounds.ipynb, its code" in line.message for line in missing)


QUIZ = """title: Rounds
questions:
  - prompt: Who speaks first?
    choices:
      - text: The facilitator
        correct: true
        why: They open the round.
      - text: Anyone
        why: No.
"""


def _quiz_course(tmp_path: Path, spanish: str) -> Path:
    root, _path = _course(tmp_path)
    (root / "lessons" / "quizzes").mkdir()
    (root / "lessons" / "quizzes" / "02_rounds.yaml").write_text(QUIZ)
    target = root / "translations" / "es" / "lessons" / "quizzes" / "02_rounds.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(spanish)
    return root


def test_a_faithful_translated_quiz_has_no_structure_finding(tmp_path):
    spanish = (QUIZ.replace("Who speaks first?", "¿Quién habla primero?")
               .replace("The facilitator", "Quien facilita").replace("Anyone", "Cualquiera"))
    root = _quiz_course(tmp_path, spanish)
    lines = [line for line in check_translations(root, ["es"]) if "quizzes" in line.path]
    assert [line.code for line in lines if line.severity == "error"] == []
    english = [line.code for line in check_file(root / "lessons" / "quizzes" / "02_rounds.yaml")]
    assert [line.code for line in lines] == english  # the same findings as the English file


def test_a_translated_quiz_with_another_right_answer_is_an_error_on_its_line(tmp_path):
    spanish = QUIZ.replace("        correct: true\n", "").replace(
        "        why: No.", "        why: No.\n        correct: true")
    root = _quiz_course(tmp_path, spanish)
    errors = [line for line in check_translations(root, ["es"])
              if line.code == "structure-differs"]
    assert errors and all(line.path == "translations/es/lessons/quizzes/02_rounds.yaml"
                          for line in errors)
    assert any("correct" in line.message for line in errors)
    assert {line.line for line in errors} >= {5}


def test_a_translated_quiz_with_a_question_less_is_an_error(tmp_path):
    spanish = "title: Rondas\nquestions: []\n"
    root = _quiz_course(tmp_path, spanish)
    messages = [line.message for line in check_translations(root, ["es"])
                if line.code == "structure-differs"]
    assert any("has 0 entries where the English file has 1" in m for m in messages)


def test_structure_compares_ids_and_kinds_but_not_words():
    english = {"tasks": [{"id": "a", "kind": "choose", "prompt": "Pick one", "points": 2}]}
    same = {"tasks": [{"id": "a", "kind": "choose", "prompt": "Elige una", "points": 2}]}
    assert list(structure_differences(english, same)) == []
    other = {"tasks": [{"id": "b", "kind": "choose", "prompt": "Elige una", "points": 3}]}
    found = dict(structure_differences(english, other))
    assert set(found) == {("tasks", 0, "id"), ("tasks", 0, "points")}


README = "# Lessons\n\nStart with `00_start_here.ipynb`; see [the format](../docs/format.md).\n"


def test_a_readme_without_translation_or_with_a_lost_command_is_warned(tmp_path):
    """A folder's README.md, which the lab's copy in a language shows in place of the English:
    missing like a trainer's file; its commands, paths and links kept as its structure."""
    root, _path = _course(tmp_path)
    (root / "lessons" / "README.md").write_text(README, encoding="utf-8")
    found = [line for line in check_translations(root, ["es"]) if "README" in line.path]
    assert [(line.path, line.code) for line in found] == [
        ("translations/es/lessons/README.md", "missing-translation")]

    spanish = root / "translations" / "es" / "lessons" / "README.md"
    spanish.parent.mkdir(parents=True, exist_ok=True)
    spanish.write_text("# Lecciones\n\nEmpieza por `00_start_here.ipynb`; consulta "
                       "[el formato](../docs/format.md).\n", encoding="utf-8")
    assert [line for line in check_translations(root, ["es"]) if "README" in line.path] == []

    # The English gained a command the translation does not have (made before the change).
    (root / "lessons" / "README.md").write_text(README + "Check with `make check`.\n",
                                                encoding="utf-8")
    found = [line for line in check_translations(root, ["es"]) if "README" in line.path]
    assert [(line.code, line.severity) for line in found] == [("structure-differs", "warning")]
    assert "'make check'" in found[0].message and "lessons/README.md" in found[0].message

    (root / "lessons" / "README.md").unlink()
    found = [line for line in check_translations(root, ["es"]) if "README" in line.path]
    assert [line.code for line in found] == ["no-english-file"]


def test_the_real_spanish_catalogs_have_no_errors(course_root):
    """Placeholders, code pieces and structure of every shipped translation (warnings, such
    as pieces not yet translated, are listed by the command, not failed here)."""
    errors = [str(line) for line in check_translations(course_root, ["es"])
              if line.severity == "error"]
    assert errors == []


@pytest.fixture
def course_root() -> Path:
    return Path(__file__).resolve().parents[2]


def _code_catalogs(tmp_path: Path, monkeypatch, template, spanish) -> Path:
    """Write ``template`` (the code's strings) and ``spanish`` (their translations) as the code's
    catalogs of one area, and point the checks and the pages at them; returns a course without
    translated pages, so only the code's catalogs are checked."""
    from babel.messages.pofile import write_po

    from sociocracy.core import language
    from sociocracy.course import translation_checks

    locale = tmp_path / "locale"
    (locale / "es" / "LC_MESSAGES").mkdir(parents=True)
    with (locale / "area.pot").open("wb") as handle:
        write_po(handle, template)
    with (locale / "es" / "LC_MESSAGES" / "area.po").open("wb") as handle:
        write_po(handle, spanish)
    monkeypatch.setattr(translation_checks, "LOCALE_DIR", locale)
    monkeypatch.setattr(language, "LOCALE_DIR", locale)
    root, _path = _course(tmp_path)
    shutil.rmtree(root / "translations" / "es")
    (root / "translations" / "es").mkdir()
    return root


def test_placeholders_lost_in_translation_are_errors(tmp_path, monkeypatch):
    from babel.messages.catalog import Catalog

    template = Catalog()
    template.add("Round {number} of {total}", locations=[("widgets/rounds.py", 12)])
    template.add("Next", locations=[("widgets/rounds.py", 13)])
    spanish = Catalog(locale="es")
    spanish.add("Round {number} of {total}", "Ronda {numero} de {total}")
    root = _code_catalogs(tmp_path, monkeypatch, template, spanish)
    lines = check_translations(root, ["es"])
    placeholder = [line for line in lines if line.code == "placeholder-differs"]
    assert len(placeholder) == 1 and "{numero}" in placeholder[0].message
    assert "{number}" in placeholder[0].message
    missing = [line for line in lines if line.code == "missing-translation" and
               "'Next'" in line.message]
    assert missing and "widgets/rounds.py:13" in missing[0].message


def test_argparses_bare_placeholders_lost_in_translation_are_errors(tmp_path, monkeypatch):
    """argparse's own words (sociocracy.shell.argparse_words) have ``%s`` and ``%r``: a
    translation without them makes argparse fail, so the check says so."""
    from babel.messages.catalog import Catalog

    template = Catalog()
    spanish = Catalog(locale="es")
    for english, translated in (("unrecognized arguments: %s", "argumentos no reconocidos"),
                                ("ignored explicit argument %r", "se ignora el argumento %s"),
                                ("expected one argument", "se esperaba un argumento")):
        template.add(english, locations=[("sociocracy/shell/argparse_words.py", 1)])
        spanish.add(english, translated)
    root = _code_catalogs(tmp_path, monkeypatch, template, spanish)
    placeholder = [line.message for line in check_translations(root, ["es"])
                   if line.code == "placeholder-differs"]
    assert len(placeholder) == 2
    assert any("%s" in message and "unrecognized" in message for message in placeholder)
    assert any("%r" in message and "ignored" in message for message in placeholder)


def test_instructions_that_name_a_button_otherwise_than_the_page_are_warned(tmp_path,
                                                                            monkeypatch):
    """"Press **Start**" must become the Spanish button's own words; a bold word that is only
    emphasis (lower case, or the same word in another case) is left alone."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from sociocracy.course import translation_checks

    locale = tmp_path / "locale"
    (locale / "es" / "LC_MESSAGES").mkdir(parents=True)
    spanish = Catalog(locale="es")
    spanish.add("Start", "Empezar")
    spanish.add("Policy", "Política")
    spanish.add("term", "mandato")
    with (locale / "es" / "LC_MESSAGES" / "area.po").open("wb") as handle:
        write_po(handle, spanish)
    monkeypatch.setattr(translation_checks, "LOCALE_DIR", locale)
    root, path = _course(tmp_path)
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[0].source = ("Press **Start**.\n\n**Policy** is decided by consent.\n\n"
                                "A **term** ends.")
    nbformat.write(notebook, path)

    def findings(spanish_text: dict[str, str]) -> list[str]:
        _translate(root, path, {"practice:code": SPANISH["practice:code"], **spanish_text})
        return [line.message for line in check_translations(root, ["es"])
                if line.code == "control-name-differs"]

    found = findings({"intro:0": "Pulsa **Comenzar**.", "intro:1": "La **política** se decide.",
                      "intro:2": "Un **periodo** termina."})
    assert len(found) == 1 and "**Start**" in found[0] and "**Empezar**" in found[0]
    assert findings({"intro:0": "Pulsa **Empezar**.", "intro:1": "La **política** se decide.",
                     "intro:2": "Un **periodo** termina."}) == []
