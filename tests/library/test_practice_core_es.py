"""Spanish in the practice area's core (issue 23): name refusals, settings people see, the
JupyterLab self-checks, answers typed in Spanish, and the box for a trainer's broken file. Each
speaks Spanish inside ``speaking("es")`` and English, word for word as before, outside it."""

from __future__ import annotations

import pytest

from sociocracy.consent import ConsentProcess
from sociocracy.core.errors import InputError, ProcessError
from sociocracy.core.language import N_, speaking
from sociocracy.core.names import clean_name, clean_names, refuse_taken
from sociocracy.core.settings import (
    HUB_USER_ENV,
    PREHEAT_ENV,
    SettingError,
    no_join_address,
    number_setting,
    preheat_setting,
)
from sociocracy.course.circle_exercises import broken_coop, check_fixed
from sociocracy.course.consent_exercises import (
    check_consent_responses,
    check_majority_leaves_out,
    check_workable,
)
from sociocracy.course.rounds_exercises import (
    AGENDA_PLAN,
    check_agenda_plan,
    check_missing_voices,
    check_passing,
)
from sociocracy.responses import answer_key, normalise_response, refusal_message
from sociocracy.rounds import ROUND_KINDS


def _refusal(call, *args, **kwargs) -> str:
    with pytest.raises(InputError) as caught:
        call(*args, **kwargs)
    return caught.value.plain


# ----------------------------------------------------------------------------- names
def test_an_invisible_character_is_refused_in_a_whole_spanish_sentence() -> None:
    with speaking("es"):
        text = _refusal(clean_name, "Ana\u200b")
    assert text.startswith("Un nombre de persona no puede contener caracteres invisibles")
    assert "U+200B (ZERO WIDTH SPACE) después de «Ana»" in text and "cannot" not in text
    assert _refusal(clean_name, "Ana\u200b") == (
        "A person's name cannot hold invisible characters, which can make it look like another "
        "name or turn the text after it around: this one holds U+200B (ZERO WIDTH SPACE) after "
        "'Ana'. Type the name again without it.")


def test_a_control_character_is_named_in_spanish() -> None:
    with speaking("es"):
        text = _refusal(clean_name, "\u0007Ana", "member")
    assert "Un nombre de miembro" in text and "U+0007 (un carácter de control)" in text
    assert "después de" not in text


def test_empty_twice_and_too_long_names_in_spanish_and_english() -> None:
    with speaking("es"):
        assert _refusal(clean_name, " ", "circle") == "Escribe primero un nombre de círculo."
        twice = _refusal(clean_names, ["Ana", "ana"], "participant")
        long = _refusal(clean_name, "x" * 61)
        taken = _refusal(refuse_taken, "ANA", ["Ana"])
        listed = _refusal(clean_names, "Ana, Ben")
    assert twice.startswith("ana aparece dos veces («Ana» y «ana»)")
    assert "nombre de participante" in twice
    assert "tiene 61 caracteres" in long and "como máximo 60" in long
    assert taken == "Alguien aquí ya usa el nombre Ana: añade una inicial."
    assert listed.startswith("Da los nombres de persona como una lista")
    assert _refusal(clean_name, " ", "circle") == "Type a name for the circle first."
    assert _refusal(clean_names, ["Ana", "ana"], "participant") == (
        "ana is listed twice ('Ana' and 'ana'); give each participant once (add an initial to "
        "tell two people with the same name apart).")
    assert _refusal(clean_name, "x" * 61) == (
        "The name 'xxxxxxxxxxxxxxxxxxxx…' is 61 characters long; keep a person's name to 60 "
        "characters or fewer.")


# ----------------------------------------------------------------------------- settings
def test_why_phones_cannot_join_is_said_in_spanish(monkeypatch) -> None:
    monkeypatch.delenv(HUB_USER_ENV, raising=False)
    english = no_join_address()
    with speaking("es"):
        laptop = no_join_address()
        monkeypatch.setenv(HUB_USER_ENV, "ana")
        hub = no_join_address()
    assert english.startswith("Phones can join only when")
    assert laptop.startswith("Los móviles solo pueden unirse") and "'sociocracy-course workshop'" \
        in laptop
    assert hub.startswith("Los móviles podrán unirse") and "c.JupyterHub.public_url" in hub


def test_a_bad_setting_is_refused_in_spanish() -> None:
    with speaking("es"), pytest.raises(SettingError) as caught:
        number_setting("SIZE", 30, whole=True, environ={"SIZE": "many"})
    assert caught.value.plain == ("El ajuste SIZE vale «many», que no es un número entero de al "
                                  "menos 0; cámbialo o quítalo para usar el valor por defecto "
                                  "(30).")
    with pytest.raises(SettingError, match="which is not a number of at least 1; change it"):
        number_setting("HOURS", 2, minimum=1, environ={"HOURS": "0"})
    with speaking("es"), pytest.raises(SettingError, match="no es una página de lección"):
        preheat_setting({PREHEAT_ENV: "lessons/02_rounds.ipynb"})


# ----------------------------------------------------------------------------- self-checks
def test_the_rounds_self_checks_explain_in_spanish() -> None:
    with speaking("es"):
        waiting = check_passing(...)
        spanish_words = {kind: rule.passing_label for kind, rule in ROUND_KINDS.items()}
        right = check_passing(spanish_words)
        wrong = check_passing({**{k: r.passing for k, r in ROUND_KINDS.items()},
                               "consent": "allowed"})
        plan = check_agenda_plan([kind for kind, _why in AGENDA_PLAN][:3])
        voices = check_missing_voices(["Femi"])
    assert waiting.headline.startswith("Aún sin responder")
    assert right.correct and right.headline == "Las 8 correctas."
    consent = next(point for point in wrong.points if point.startswith("Ronda de consentimiento"))
    assert "dijiste «allowed», pero la respuesta es «no permitido»" in consent
    assert wrong.headline.startswith("7 de 8 correctas.")
    assert "Falta la ronda 4: una ronda «consent»." in str(plan)
    assert "Mira otra vez las barras: Gita no habló nunca (no tiene barra)." in voices.points
    assert any(point.startswith("Casi falta: Hana") and "(6\u00a0%)" in point
               for point in voices.points)
    assert voices.headline == "No del todo."
    english = check_missing_voices(["Femi"])
    assert "Look at the bars again: Gita never spoke (no bar)." in english.points
    assert any("equal share (6%)." in point for point in english.points)
    assert not check_passing(spanish_words).correct  # English page: the rule's keys only


def test_the_circles_and_consent_self_checks_explain_in_spanish() -> None:
    with speaking("es"):
        fixed = check_fixed(broken_coop())
        workable = check_workable(2.5)
        majority = check_majority_leaves_out(6)
        answers = check_consent_responses({"consentimiento", "Objeción"})
        extra = check_consent_responses({"consent", "objection", "me hago a un lado"})
    assert fixed.startswith("Quedan 4 errores:")
    assert workable.startswith("Todavía no: 2,5 queda fuera de la tolerancia de Dev, Ema.")
    assert majority.startswith("La votación por mayoría rechaza 6") and "solo 3" in majority
    assert answers.startswith("Correcto: consentimiento (sin objeción) u objeción")
    assert extra.startswith("No está en la ronda de consentimiento de SoFA: me hago a un lado.")
    assert check_fixed(broken_coop()).startswith("4 errors left:")
    assert check_workable(2.5).startswith("Not yet: 2.5 is outside the tolerance of Dev, Ema.")


# ----------------------------------------------------------------------------- typed answers
@pytest.mark.parametrize(("typed", "meant"), [
    ("Consiento", "consent"), ("sin objeción", "consent"), ("Objeción.", "objection"),
    ("objecion", "objection"), ("me hago a un lado", "stand aside"), ("bloqueo", "block"),
    ("veto", "veto"), ("me abstengo", "abstain"), ("paso", "pass"), ("inquietud", "concern"),
    ("stand aside", "stand aside"), ("Stand-aside", "stand aside"),
])
def test_answers_typed_in_spanish_mean_the_library_answers(typed, meant) -> None:
    with speaking("es"):
        assert answer_key(typed) == meant


def test_a_spanish_page_accepts_spanish_answers_and_refuses_standing_aside_in_spanish() -> None:
    with speaking("es"):
        assert normalise_response("Consiento") == "consent"
        assert normalise_response("objeción") == "objection"
        assert normalise_response("consent") == "consent"
        aside = refusal_message("Me hago a un lado")
        block = refusal_message("bloqueo")
    assert "Hacerse a un lado es una opción de la tradición del consenso" in aside
    assert "is not an answer" not in aside and "no es una respuesta" not in aside
    assert "consenso formal" in block and "no es una respuesta" not in block
    assert normalise_response("consiento") is None  # an English page reads English answers
    assert "is not an answer in any consent round" in refusal_message("me hago a un lado")


def _consent_round() -> ConsentProcess:
    process = ConsentProcess("Pintar la puerta de verde.", ["Ana", "Ben"])
    for _round in range(2):
        process.advance()
        process.round.speak("")  # type: ignore[union-attr]
        process.round.speak("")  # type: ignore[union-attr]
    process.advance()
    return process


def test_the_consent_process_takes_spanish_answers_on_a_spanish_page() -> None:
    process = _consent_round()
    with speaking("es"):
        with pytest.raises(ProcessError) as aside:
            process.respond("Ana", "me hago a un lado")
        with pytest.raises(ProcessError) as passing:
            process.respond("Ana", "paso")
        process.respond("Ana", "consiento")
        process.respond("Ben", "objeción", "La pintura verde se agota.")
    assert "Hacerse a un lado" in aside.value.plain
    assert "Pasar" in passing.value.plain and "ronda de consentimiento" in passing.value.plain
    assert [(r.member, r.response) for r in process.current_responses] == [
        ("Ana", "consent"), ("Ben", "objection")]


# ----------------------------------------------------------------------------- file box
def test_a_broken_file_box_reads_as_one_spanish_sentence() -> None:
    pytest.importorskip("ipywidgets")
    from sociocracy.widgets.feedback import file_problem_html

    with speaking("es"):
        quiz = file_problem_html("quizzes/02.yaml, line 3: oops", N_("quiz"))
        agenda = file_problem_html("agenda.yaml, line 1: oops", "agenda")
    assert "No se puede mostrar este archivo (cuestionario): tiene un error." in quiz
    assert "No se puede mostrar este archivo (orden del día): tiene un error." in agenda
    assert "This quiz cannot be shown: its file has a mistake." in file_problem_html(
        "x", N_("quiz"))


def test_the_spanish_lesson_04_types_stand_aside_in_spanish_and_is_refused_in_spanish(
        capsys) -> None:
    from pathlib import Path

    import nbformat

    from sociocracy.course.translated_notebooks import read_catalog, translate_notebook

    root = Path(__file__).resolve().parents[2]
    notebook = nbformat.read(root / "lessons" / "04_objections.ipynb", as_version=4)
    spanish, _status = translate_notebook(
        notebook, read_catalog(root / "translations" / "es" / "lessons" / "04_objections.po"))
    cell = next(c for c in spanish.cells if c.get("id") == "b48f2d30")
    assert '"me hago a un lado"' in cell.source
    with speaking("es"):
        exec(compile(cell.source, "lesson-04-cell", "exec"), {})
    printed = capsys.readouterr().out
    assert "Hacerse a un lado es una opción de la tradición del consenso" in printed
    assert "no es una respuesta" not in printed


def test_a_name_in_an_organisation_file_is_refused_as_a_circle_s_or_a_person_s() -> None:
    from sociocracy.circles import parse_organization
    from sociocracy.core.errors import ScenarioError

    text = ("organization: Test\ncircles:\n  - name: \"Gen\\u200beral\"\n    aim: A\n"
            "    domain: b\n    members: [Ana]\n")
    with pytest.raises(ScenarioError, match="A circle's name cannot hold invisible"):
        parse_organization(text, "org.yaml")
    with speaking("es"), pytest.raises(ScenarioError) as caught:
        parse_organization(text.replace("Gen\\u200beral", "General").replace(
            "[Ana]", "[\"A\\u200bna\"]"), "org.yaml")
    assert "Un nombre de persona no puede contener caracteres invisibles" in caught.value.plain
