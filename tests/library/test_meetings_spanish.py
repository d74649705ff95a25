"""The meetings area in Spanish (issue 23): selection steps, agendas and minutes, logbook entries,
policy reviews and agenda file errors read in the page's language; people's text stays as typed;
the same calls in English read exactly as before."""

from __future__ import annotations

import datetime as dt

import pytest

from sociocracy.consent import ConsentProcess
from sociocracy.core.errors import CourseError, ProcessError, ScenarioError
from sociocracy.core.language import speaking
from sociocracy.core.markdown_text import escape_markdown, md_text
from sociocracy.core.yaml_file import parse_yaml
from sociocracy.course.agenda_files import read_agenda_upload
from sociocracy.logbook import consent_logbook_entry
from sociocracy.meeting_load import MeetingLoad
from sociocracy.meeting_minutes import agenda_markdown, meeting_minutes
from sociocracy.meetings import AgendaItem, Meeting, MeetingRun, parse_agenda
from sociocracy.one_meeting import run_meeting
from sociocracy.policies import NEWSLETTER, CalendarEntry, policies_from_yaml
from sociocracy.selection import Role, SelectionProcess
from sociocracy.sessions.follow_up import FollowUp, contacts_csv

MEMBERS = ["Ana", "Ben", "Chloé", "Dev"]
HOSTILE = "Ana's <b>plan</b> *now*"


class Clock:
    """Seconds that move only when told (no real time in the tests)."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _meeting() -> Meeting:
    return Meeting("Huerto", "2027-03-04", 60, [
        AgendaItem(HOSTILE, "report", 10, owner="Ana"),
        AgendaItem("Tool shed", "decision", 15, proposal="Lend tools for a week."),
    ])


# --- selection ---------------------------------------------------------------------------

def _selection() -> SelectionProcess:
    return SelectionProcess(Role("secretary", "Keeps the minutes.", 12), MEMBERS)


def test_a_selections_next_step_and_refusals_are_in_spanish() -> None:
    p = _selection()
    with speaking("es"):
        assert p.next_step().startswith("Siguiente: el consentimiento al rol")
        with pytest.raises(ProcessError) as refused:
            p.nominate("Ana", "Ben", "organised")
        # The step is named in Spanish too (not the machine's key "role").
        assert refused.value.plain.startswith(
            "Escribir una nominación no es posible durante el paso «rol».")
    assert p.next_step().startswith("Next: consent to the role")


def test_a_selections_rounds_and_logbook_are_in_spanish_with_peoples_words_as_written() -> None:
    with speaking("es"):
        p = _selection()
        p.advance()
        for member in MEMBERS:
            p.nominate(member, "Ben" if member != "Ben" else "Ana", HOSTILE)
        p.advance()
        assert p.round is not None and p.round.prompt == "¿A quién nominas, y por qué?"
        p.read_nomination()
        assert p.round.turns[0].note.startswith("nomina a Ben: ")
        entry = p.to_markdown()
    assert "## Elección: secretary" in entry
    assert "- Mandato: 12 meses" in entry
    assert "| Nominada por | Persona nominada | Razón |" in entry
    assert "Term" not in entry and "Nominations" not in entry
    assert md_text(HOSTILE) in entry  # the reason as typed, escaped by the one rule


def test_an_announcement_gives_its_dates_in_the_pages_language() -> None:
    p = _selection()
    p.advance()
    for member in MEMBERS:
        p.nominate(member, "Ben" if member != "Ben" else "Ana", "organised")
    p.advance()
    while not p.round.is_complete:
        p.read_nomination()
    p.advance()
    while not p.round.is_complete:
        p.change(p.round.current)
    p.advance()
    p.propose("Ben", "organised")
    p.advance()
    while not p.round.is_complete:
        p.respond(p.round.current, "consent")
    p.advance()
    announced = p.announce(dt.date(2027, 1, 15))
    with speaking("es"):
        assert announced.sentence == ("Ben ocupa el rol de secretary del 15 de enero de 2027 al "
                                      "15 de enero de 2028 (12 meses).")
    assert announced.sentence == ("Ben holds the role of secretary from 2027-01-15 until "
                                  "2028-01-15 (12 months).")


# --- agenda and minutes ------------------------------------------------------------------

def test_an_agenda_is_in_spanish_with_the_date_by_babel_and_titles_as_written() -> None:
    with speaking("es"):
        text = agenda_markdown(_meeting())
    assert text.startswith("# Orden del día: Huerto, 4 de marzo de 2027")
    assert "| Hora | Parte | Tipo | Minutos | Quién lo trae |" in text
    assert "Ronda de apertura" in text and "Check-in round" not in text
    assert "| informe |" in text
    assert escape_markdown(HOSTILE) in text  # the item's title as written
    english = agenda_markdown(_meeting())
    assert english.startswith("# Agenda: Huerto, 2027-03-04")
    assert "| Time | Part | Kind | Minutes | Who brings it |" in english


def test_minutes_are_in_the_facilitators_language_and_peoples_notes_as_written() -> None:
    clock = Clock()
    run = MeetingRun(_meeting(), MEMBERS, clock=clock)
    with speaking("es"):
        run.start()
        rnd = run.start_round()
        assert rnd.prompt == "¿Cómo llegas a esta reunión?"
        for member in MEMBERS:
            rnd.speak(f"{member}: bien")
        run.note("Ana llegó tarde; <script>x</script>")
        clock.now += 300
        run.next_part()
        run.add_backlog("Comprar semillas")
        assert run.next_step().startswith("Ahora: Administración. Después: ")
        minutes = meeting_minutes(run)
    assert minutes.startswith("# Acta: Huerto, 4 de marzo de 2027")
    assert "- Presentes: Ana, Ben, Chloé, Dev" in minutes
    assert "previsto 5 min, duró 5 min" in minutes
    assert "## Lista de pendientes" in minutes and "- Comprar semillas" in minutes
    assert md_text("Ana llegó tarde; <script>x</script>", indent="") in minutes  # as typed
    assert "Minutes:" not in minutes and "Planned length" not in minutes
    english = meeting_minutes(run)
    assert english.startswith("# Minutes: Huerto, 2027-03-04")
    assert "planned 5 min, took 5 min" in english


def test_agenda_findings_are_in_spanish() -> None:
    meeting = Meeting("G", "2027-01-01", 300, [AgendaItem("Seeds", "decision", 20)],
                      frame={"check-in": 0})
    with speaking("es"):
        messages = [f.message for f in meeting.validate()]
    assert any(m.startswith("No hay ronda de apertura") for m in messages)
    assert any(m.startswith("'Seeds' es una decisión pero no nombra") for m in messages)


# --- logbook -----------------------------------------------------------------------------

def test_a_consent_decisions_logbook_entry_has_spanish_labels_and_the_proposal_as_written(
) -> None:
    process = ConsentProcess(HOSTILE, MEMBERS, circle="Huerto")
    process.advance()
    for _member in MEMBERS:
        process.round.speak("no")
    process.advance()
    for _member in MEMBERS:
        process.round.speak("ok")
    process.advance()
    while not process.round.is_complete:
        process.respond(process.round.current, "consent")
    process.advance()
    process.publish(dt.date(2027, 6, 1), decided_on=dt.date(2026, 11, 25))
    with speaking("es"):
        entry = consent_logbook_entry(process)
    assert entry.startswith("## Huerto: decisión por consentimiento")
    assert "- Decidido el: 25 de noviembre de 2026" in entry
    assert "- Fecha de revisión: 1 de junio de 2027" in entry
    assert "### Propuesta con consentimiento" in entry
    assert "> " + escape_markdown(HOSTILE) in entry
    english = consent_logbook_entry(process)
    assert "- Decided on: 2026-11-25" in english and "- Review date: 2027-06-01" in english


# --- policies ----------------------------------------------------------------------------

def test_policy_review_messages_are_in_spanish() -> None:
    check = NEWSLETTER.check(3, {"clicks": 80, "donations": 99})
    with speaking("es"):
        said = check.reason
        entry = CalendarEntry("policy", "Boletín", "Comunicación", dt.date(2027, 7, 1), 3)
        sentence = entry.sentence
        overdue = CalendarEntry("role", "secretary", None, dt.date(2027, 7, 1), -1, "Ana")
    assert said.startswith("Mes 3: alarma (clics cruzó el umbral;")
    assert "Revisa la política ahora" in said
    assert sentence == ("Política 'Boletín' (Comunicación): toca dentro de 3 días (1 de julio "
                        "de 2027).")
    with speaking("es"):
        assert overdue.sentence == ("Mandato del rol 'secretary', a cargo de Ana: con 1 día de "
                                    "retraso (1 de julio de 2027).")
    assert check.reason.startswith("Month 3: alarm (clicks crossed the threshold;")


def test_a_policy_file_mistake_names_the_same_field_in_spanish() -> None:
    text = ("policies:\n- title: Boletín\n  decided: 2027-01-01\n  term_months: 0\n")
    with speaking("es"), pytest.raises(ScenarioError) as raised:
        policies_from_yaml(parse_yaml(text, "p.yaml"))
    assert raised.value.field == "term_months"  # found by rule, not from the English words
    assert "número entero de meses" in raised.value.plain
    bad_measure = ("policies:\n- title: B\n  decided: 2027-01-01\n  term_months: 6\n"
                   "  measures:\n  - name: clics\n    baseline: -4\n    alarm_drop: 10%\n")
    with speaking("es"), pytest.raises(ScenarioError) as raised:
        policies_from_yaml(parse_yaml(bad_measure, "p.yaml"))
    assert raised.value.field == "baseline"


# --- agenda files ------------------------------------------------------------------------

def test_agenda_upload_errors_are_in_spanish() -> None:
    with speaking("es"), pytest.raises(CourseError) as raised:
        read_agenda_upload(b"\xff\xfe not text", "orden.yaml")
    assert raised.value.plain == "orden.yaml no es un archivo de texto; guárdalo como texto UTF-8."
    with pytest.raises(CourseError) as english:
        read_agenda_upload(b"\xff\xfe not text", "orden.yaml")
    assert english.value.plain == "orden.yaml is not a text file; save it as UTF-8 text."


def test_an_agenda_files_bad_date_is_in_spanish_and_still_points_at_the_date() -> None:
    text = "circle: Huerto\ndate: 4 de marzo\nminutes: 60\nagenda: []\n"
    with speaking("es"), pytest.raises(ScenarioError) as raised:
        parse_agenda(text, "orden.yaml")
    assert raised.value.field == "date"  # the old code looked for the word "date" in English
    assert "La fecha de la reunión debería tener la forma 2027-03-04" in raised.value.plain
    with speaking("es"), pytest.raises(ScenarioError) as raised:
        parse_agenda("circle: Huerto\ndate: 2027-03-04\nminutes: 0\nagenda: []\n", "o.yaml")
    assert raised.value.field == "minutes"


# --- the small models ----------------------------------------------------------------------

def test_meeting_load_and_one_meeting_speak_spanish() -> None:
    load = MeetingLoad(people=15, circles=7, circle_size=5, hours_per_meeting=1.5)
    with speaking("es"):
        summary = load.summary()
        result = run_meeting(["evaluation"], seed=8)
    assert summary.startswith("7 círculos de 5 para 15 personas")
    assert "2,3 círculos de media" in summary  # the decimal comma, by Babel
    assert load.summary().startswith("7 circles of 5 for 15 people")
    assert "2.3 circles on average" in load.summary()
    assert result.evaluation_voices and all(":" in v for v in result.evaluation_voices)
    assert not any("I " in v or "Everyone" in v for v in result.evaluation_voices)


def test_the_follow_up_contacts_keep_english_columns_and_ask_in_the_facilitators_language(
) -> None:
    follow = FollowUp(asked=True, shown=True, answered=1, yes=1,
                      interested=("Ana",), contacts=(("Ana", "ana@example.org"),))
    with speaking("es"):
        text = contacts_csv(follow)
    assert text.splitlines()[0] == "name,contact,asked"
    assert "formaciones de SoFA" in text
