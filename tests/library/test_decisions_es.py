"""Spanish in the decisions area's library (issue 23): rounds, the consent process, answers,
round minutes, the tolerance model and the round and consent sessions speak Spanish inside
``speaking("es")``, and English outside it, word for word as before."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from sociocracy.consent import ConsentProcess
from sociocracy.core.errors import CourseError
from sociocracy.core.language import LOCALE_DIR, speaking
from sociocracy.responses import STATEMENTS, check_sort, refusal_message
from sociocracy.round_minutes import format_seconds, session_markdown
from sociocracy.rounds import ROUND_KINDS, DiscouragedPassWarning, Round
from sociocracy.sessions.consent import ConsentSession
from sociocracy.sessions.rounds import RoundSession
from sociocracy.tolerance import EXAMPLE_MEMBERS, compare_methods, decide

CATALOG = LOCALE_DIR / "es" / "LC_MESSAGES" / "decisions.po"


def _timed_round() -> Round:
    r = Round("quick-reactions", ["Ana", "Ben", "Chloé"], prompt="¿Qué te parece?")
    r.speak("Me gusta", 3.4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DiscouragedPassWarning)
        r.pass_turn(0.4)
    r.speak("Bien", 12)
    return r


def test_the_kinds_of_round_read_in_the_page_language_and_stay_english_outside() -> None:
    rule = ROUND_KINDS["consent"]
    with speaking("es"):
        assert rule.label == "Ronda de consentimiento"
        assert "No se puede pasar" in rule.why
        assert rule.passing_label == "no permitido"
    assert rule.label == "Consent round"
    assert rule.why.startswith("Passing is not possible in a consent round")
    assert rule.passing_label == rule.passing == "not allowed"


def test_a_round_refuses_in_spanish() -> None:
    r = Round("consent", ["Ana", "Ben"])
    with speaking("es"), pytest.raises(CourseError) as refused:
        r.pass_turn()
    assert refused.value.plain.startswith("Ana no puede pasar. No se puede pasar")
    assert "cannot pass" not in refused.value.plain
    with speaking("es"), pytest.raises(CourseError) as refused:
        Round("check-in", ["Ana"], first="Zoë")
    assert "«Zoë» no puede empezar" in refused.value.plain
    with pytest.raises(CourseError) as refused:
        Round("check-in", ["Ana"], first="Zoë")
    assert refused.value.plain == ('"Zoë" cannot start: they are not among the participants '
                                   "(Ana).")


def test_round_minutes_in_spanish_with_spanish_numbers() -> None:
    r = _timed_round()
    with speaking("es"):
        minutes = session_markdown([r], date="2027-02-25")
        assert format_seconds(3.4) == "3,4 s"
    for spanish in ("# Acta", "- Fecha: 2027-02-25", "## Ronda 1: Ronda de reacciones rápidas",
                    "- Tipo de ronda: Ronda de reacciones rápidas (pasar: no recomendado)",
                    "- Orden de palabra: Ana, Ben, Chloé", "- Estado: completa", "### Turnos",
                    "1. Ana (3,4 s): Me gusta", "2. Ben (0,4 s): pasó",
                    "| Persona | Tiempo | Proporción |", "| Ana | 3,4 s | 22\xa0% |",
                    "Pases en una ronda de reacciones rápidas (no recomendados): Ben."):
        assert spanish in minutes, spanish
    for english in ("Minutes", "Kind of round", "passed", "Airtime", "Share"):
        assert english not in minutes
    english = session_markdown([r], date="2027-02-25")
    assert "- Kind of round: Quick-reactions round (passing discouraged)" in english
    assert "| Ana | 3.4 s | 22% |" in english and "2. Ben (0.4 s): passed" in english


def test_the_consent_process_says_its_steps_and_refusals_in_spanish() -> None:
    with speaking("es"):
        p = ConsentProcess("Comprar una bici de carga", ["Ana", "Ben"])
        assert p.next_step() == ("Siguiente: presenta la propuesta y pasa a la ronda de "
                                 "preguntas aclaratorias.")
        assert p.prompt.startswith("Lee la propuesta en voz alta")
        with pytest.raises(CourseError) as refused:
            p.publish()
        assert refused.value.plain.startswith("No se puede publicar durante el paso "
                                              "«presentar».")
        for _ in range(3):
            if p.step == "consent-round":
                break
            p.advance()
            while p.round is not None and not p.round.is_complete and \
                    p.step != "consent-round":
                p.round.speak("ok")
        assert p.step == "consent-round"
        with pytest.raises(CourseError) as refused:
            p.respond("Ana", "objection")
        assert refused.value.plain == ("Una objeción necesita un motivo, aunque sea una frase: "
                                       "es información que el círculo necesita para integrarla.")
        with pytest.raises(CourseError) as refused:
            p.respond("Ana", "abstain")
        assert "La abstención pertenece a la votación" in refused.value.plain
        p.respond("Ana", "objection", "sin sitio")
        p.respond("Ben", "consent")
        p.advance()
        p.integrate("Ana", "shorten-term", months=3)
        assert p.objections[0].integrations[0].summary == "se acortó el plazo de 12 a 3 meses"
        p.advance()
        p.respond("Ana", "consent")
        p.respond("Ben", "consent")
        p.advance()
        with pytest.raises(CourseError) as refused:
            p.publish("2030-01-01", decided_on="2027-01-10")
        assert "La fecha de revisión (1 de enero de 2030) cae después del final del plazo " \
               "(10 de abril de 2027)" in refused.value.plain
    assert p.next_step() == "We have consent. Next: publish the decision with its review date."


def test_answers_and_the_sorter_explain_in_spanish() -> None:
    with speaking("es"):
        said = refusal_message("block")
        feedback = check_sort(STATEMENTS[0], "objection")
    assert said.startswith("En la sociocracia de SoFA la ronda de consentimiento tiene solo "
                           "dos respuestas")
    assert "Un bloqueo (un veto) pertenece al consenso formal" in said
    assert feedback.explanation.startswith("No exactamente: esto es una pregunta aclaratoria")
    assert check_sort(STATEMENTS[0], "question").explanation.startswith("Right. It asks")


def test_the_tolerance_model_explains_in_spanish() -> None:
    with speaking("es"):
        outcome = decide("majority", EXAMPLE_MEMBERS, 5.5, status_quo=1.0).sentence()
        summary = compare_methods(5, trials=2000, seed=1).sentence()
    assert outcome.startswith("Votación por mayoría: la propuesta ")
    assert summary.startswith("En 2.000 grupos aleatorios de 5 personas, el voto por mayoría")
    assert re.search(r"\d+\xa0%", summary), summary  # Spanish percentages
    assert compare_methods(5, trials=2000, seed=1).sentence().startswith(
        "In 2,000 random groups of 5, majority vote passed")


def test_the_round_session_projects_spanish() -> None:
    session = RoundSession()
    with speaking("es"):
        assert session.audience().step == "La ronda está a punto de empezar"
        session.start("check-in", ["Ana", "Ben"], prompt="¿Cómo llegas?")
        view = session.audience()
        assert view.step == "Ronda de apertura" and view.lines == ("Turno 1 de 2",)
        session.speak("bien")
        session.speak("cansada")
        assert session.audience().lines == ("Todas las personas tuvieron su turno: 2 hablaron.",)
        assert session.minutes_markdown(date="2027-02-25").startswith("# Acta: 1 ronda")
    assert session.audience().step == "Check-in round: complete"


def test_the_consent_session_projects_spanish() -> None:
    session = ConsentSession(today=lambda: dt.date(2027, 2, 25))
    with speaking("es"):
        assert session.start("Comprar una bici", "Ana, Ben", circle="Huerto") == ""
        view = session.audience()
        assert view.title == "Huerto: propuesta" and view.step == "Presentar"
        assert view.lines == ("Plazo: 12 meses.",)
        session.advance()
        assert session.audience().step == "Preguntas aclaratorias"
        assert session.respond("consent") != ""  # not the consent round yet
        assert "No se puede responder en una ronda de consentimiento" in session.state.message


def test_every_message_of_the_catalog_is_translated_and_keeps_its_placeholders() -> None:
    with Path(CATALOG).open("rb") as handle:
        catalog = read_po(handle, locale="es")
    untranslated, broken = [], []
    for message in catalog:
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        targets = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(targets) or message.fuzzy:
            untranslated.append(sources[0])
            continue
        wanted = set(re.findall(r"\{\w*\}", sources[-1]))
        for target in targets:
            if not set(re.findall(r"\{\w*\}", target)) <= wanted | set(
                    re.findall(r"\{\w*\}", sources[0])):
                broken.append((sources[0], target))
    assert not untranslated and not broken, (untranslated, broken)
