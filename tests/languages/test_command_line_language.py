"""``sociocracy-course`` speaks the facilitator's language (issue 23).

The command runs outside any page, so it takes ``$SOCIOCRACY_LANGUAGE``, else the system's locale
(``LANG=es_ES.UTF-8``), else English; argparse's own words ("usage:", "options", its error
lines) follow. Each test starts from no language at all and puts back the process's language
and ``argparse._`` afterwards, so the tests after it in the same worker stay English.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sociocracy.core import language
from sociocracy.core.errors import CourseError
from sociocracy.core.language import language_from_locale_env, speaking
from sociocracy.shell.cli import build_parser, find_course_root, main

LOCALE_VARIABLES = ("SOCIOCRACY_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture
def system_locale(monkeypatch) -> Iterator[Callable[[str], None]]:
    """Sets ``$LANG`` for :func:`main`, with no other locale variable and no language chosen;
    the language :func:`main` chooses and argparse's ``_`` are put back after the test."""
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(language, "_kernel_language", None)
    monkeypatch.setattr(argparse, "_", argparse._)  # type: ignore[attr-defined]
    yield lambda value: monkeypatch.setenv("LANG", value)


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    """``main(argv)`` as the command runs it: its exit code, standard output and error."""
    try:
        code = main(argv)
    except SystemExit as stop:
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def flat(text: str) -> str:
    """``text`` on one line: argparse wraps help to the terminal's width."""
    return " ".join(text.split())


def english_help(parser: argparse.ArgumentParser) -> list[str]:
    """Every help sentence and description ``parser`` shows on its own ``--help``."""
    texts = [parser.description or "", parser.epilog or ""]
    for action in parser._actions:
        texts.append(action.help or "")
        texts += [choice.help or "" for choice in getattr(action, "_choices_actions", [])]
    return [flat(text) for text in texts if text]


def subcommand(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices[name]
    raise AssertionError(f"no subcommand {name}")


@pytest.fixture
def english_parser(system_locale) -> argparse.ArgumentParser:
    return build_parser()  # before main() chose a language: English


def test_the_help_is_spanish_on_a_spanish_computer(english_parser, system_locale, capsys):
    system_locale("es_ES.UTF-8")
    code, out, _err = run(["--help"], capsys)
    assert code == 0
    assert out.startswith("uso: sociocracy-course")
    assert "opciones:" in out and "argumentos posicionales:" in out
    assert "muestra este mensaje de ayuda y termina" in flat(out)
    assert "sirve el curso como aplicaciones web (Voila) en este ordenador" in flat(out)
    assert "COMANDO" in out
    left = [text for text in english_help(english_parser) if text in flat(out)]
    assert left == [], f"still English: {left}"
    for english in ("usage:", "options:", "positional arguments", "COMMAND"):
        assert english not in out


def test_a_subcommands_help_is_spanish_too(english_parser, system_locale, capsys):
    system_locale("es_ES.UTF-8")
    code, out, _err = run(["workshop", "--help"], capsys)
    assert code == 0
    assert out.startswith("uso: sociocracy-course workshop")
    assert "la persona que facilita abre la aplicación Sala del taller" in flat(out)
    assert "--port PUERTO" in out and "--address DIRECCIÓN" in out
    left = [text for text in english_help(subcommand(english_parser, "workshop"))
            if text in flat(out)]
    assert left == [], f"still English: {left}"
    assert "usage:" not in out and "options:" not in out


def test_a_wrong_argument_is_refused_in_spanish(system_locale, capsys):
    system_locale("es_ES.UTF-8")
    code, out, err = run(["start", "--bogus"], capsys)
    assert code == 2 and out == ""
    assert err.splitlines()[-1] == ("sociocracy-course: error: argumentos no reconocidos: "
                                    "--bogus")
    code, _out, err = run(["nothing"], capsys)
    assert code == 2
    assert "error: argumento COMANDO: valor no válido: 'nothing' (elige entre 'start'" in err
    assert "invalid choice" not in err


def test_on_a_computer_in_the_c_locale_the_command_is_english_as_before(english_parser,
                                                                       system_locale, capsys):
    english_parser.print_help()
    before = capsys.readouterr().out
    system_locale("C")
    code, out, _err = run(["--help"], capsys)
    assert code == 0
    assert out == before
    assert out.startswith("usage: sociocracy-course") and "options:" in out
    assert "show this help message and exit" in out
    assert "serve the course as web apps (Voila) on this computer" in out
    code, _out, err = run(["start", "--bogus"], capsys)
    assert err.splitlines()[-1] == "sociocracy-course: error: unrecognized arguments: --bogus"


def test_sociocracy_language_wins_over_the_systems_locale(system_locale, monkeypatch, capsys):
    system_locale("es_ES.UTF-8")
    monkeypatch.setenv("SOCIOCRACY_LANGUAGE", "en")
    code, out, _err = run(["--help"], capsys)
    assert code == 0
    assert out.startswith("usage: sociocracy-course") and "options:" in out
    assert "serve the course as web apps (Voila) on this computer" in flat(out)
    assert "opciones" not in out


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "es_ES.UTF-8"}, "es"),
    ({"LANG": "es_MX"}, "es"),
    ({"LANG": "es.UTF-8@euro"}, "es"),
    ({"LANG": "C"}, "en"),
    ({"LANG": "POSIX"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "de_DE.UTF-8"}, None),
    ({}, None),
    ({"LANG": "es_ES.UTF-8", "LC_ALL": "C"}, "en"),           # LC_ALL comes before LANG
    ({"LANG": "C", "LC_MESSAGES": "es_ES.UTF-8"}, "es"),      # and LC_MESSAGES too
    ({"LANG": "C", "LANGUAGE": "de:es"}, "es"),               # a list of preferences, in order
    ({"LANG": "es_ES.UTF-8", "LANGUAGE": "de"}, None),        # the first variable set decides
    ({"LANG": "es_ES.UTF-8", "LC_ALL": ""}, "es"),            # an empty variable is not set
])
def test_the_language_is_read_from_the_locale_as_gettext_reads_it(environ, expected):
    assert language_from_locale_env(environ) == expected


def test_the_message_for_a_missing_course_is_spanish(tmp_path, monkeypatch):
    monkeypatch.delenv("SOCIOCRACY_COURSE_ROOT", raising=False)
    monkeypatch.setattr("sociocracy.shell.cli.Path.resolve", lambda self: tmp_path)
    with speaking("es"), pytest.raises(CourseError, match="No se encuentran los archivos"):
        find_course_root(tmp_path)


def test_draw_charts_draws_the_english_pages_whatever_the_command_speaks(tmp_path, monkeypatch):
    """The opening charts are drawn for the English pages (which these notebooks are), not in
    the language of the computer that runs ``draw-charts``."""
    from sociocracy.shell.opening_charts import draw_opening_charts

    monkeypatch.setenv("SOCIOCRACY_COURSE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(language, "_kernel_language", None)
    (tmp_path / "lessons").mkdir()
    page = {"cells": [{"cell_type": "code", "source": [
        "from pathlib import Path\n", "from sociocracy.core.language import current\n",
        "Path('seen.txt').write_text(current())"]}]}
    (tmp_path / "lessons" / "01_page.ipynb").write_text(json.dumps(page))
    language.use("es")  # as main() does on a Spanish computer
    report = draw_opening_charts(tmp_path)
    assert report.problems == []
    assert (tmp_path / "lessons" / "seen.txt").read_text() == "en"
    assert language.current() == "es"  # the command itself still speaks Spanish


def test_argparse_words_are_argparses_own():
    """The listed words are argparse's msgids character for character (a changed one would
    silently stay English)."""
    from sociocracy.shell.argparse_words import WORDS

    source = Path(argparse.__file__).read_text(encoding="utf-8")
    missing = [word for word in WORDS
               if repr(word) not in source and json.dumps(word) not in source]
    assert missing == []


def test_the_pseudo_language_keeps_argparses_placeholders():
    """``qps`` (tools/pseudo_locale.py) changes every letter but the placeholders, or argparse
    would fail on its own error lines in the pseudo-language."""
    from tools.pseudo_locale import pseudo

    assert pseudo("ignored explicit argument %r").endswith(" %r")
    assert pseudo("unrecognized arguments: %s").endswith(" %s")
    assert pseudo("invalid choice: %(value)r").endswith(" %(value)r")


def test_a_spanish_run_leaves_the_process_as_it_was(system_locale, capsys):
    """``main`` may run more than once in a process (tests do): its language and argparse's
    words are its own, not the next run's or the rest of the process's."""
    english_words = argparse._  # type: ignore[attr-defined]
    system_locale("es_ES.UTF-8")
    code, out, _err = run(["--help"], capsys)
    assert code == 0 and out.startswith("uso: ")
    assert language.current() == "en"
    assert argparse._ is english_words  # type: ignore[attr-defined]
    system_locale("C.UTF-8")
    code, out, _err = run(["--help"], capsys)
    assert code == 0 and out.startswith("usage: ")
