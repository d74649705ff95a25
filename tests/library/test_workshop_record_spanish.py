"""The workshop's record, sessions and command lines in Spanish (issue 23): the room's Markdown
record, the "another screen" sentences (the session's noun without gender agreement), the intro
session's room view and plan checks, the record's refusals and the command's printed lines. People's
text stays as written; the CSV's column names stay English; English is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from sociocracy.core.language import speaking
from sociocracy.intro_sessions import load_plan, parse_plan
from sociocracy.rooms import RoomStore
from sociocracy.rooms.backends import DAMAGED, SqliteBackend
from sociocracy.rooms.location import (
    FACILITATOR_ONLY,
    NO_RECORD_ENV,
    RecordNotHere,
    resolve_location,
)
from sociocracy.rooms.screens import taken_over_sentence
from sociocracy.sessions.intro import IntroSession, after_session_markdown
from sociocracy.sessions.keeper import _ago
from sociocracy.shell import cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path):
    with RoomStore(tmp_path / "record.sqlite") as opened:
        yield opened


def test_the_rooms_markdown_record_speaks_spanish_and_keeps_peoples_words(store):
    room = store.create_room("Taller <b>")
    ana, bea = room.join("Ana"), room.join("Bea")
    activity = room.open_activity("consent", "Comprar un hervidor")
    room.respond(ana.key, activity, choice="objection", reason="Too loud")
    room.respond(bea.key, activity, choice="consent")
    room.reveal(activity)
    with speaking("es"):
        text = room.export_markdown()
        table = room.export_csv()
    assert text.startswith("# Registro del taller: Taller")
    assert "Las horas son locales" in text
    assert "2 personas han entrado: Ana, Bea." in text
    assert "Ronda de consentimiento" in text
    assert "Respuestas escritas, mostradas a la vez:" in text
    assert "- Ana: objeción: Too loud" in text  # the label translated, the reason as written
    for english in ("Workshop record", "people joined", "Written answers", "Times are local"):
        assert english not in text
    assert table.splitlines()[0].startswith("round,kind,prompt,name,choice")  # stable columns
    english = room.export_markdown()
    assert "2 people joined: Ana, Bea." in english and "- Ana: objection: Too loud" in english


def test_the_session_noun_sentences_need_no_gender_agreement():
    with speaking("es"):
        taken = taken_over_sentence("round")
        decision = taken_over_sentence("consent decision")
        assert _ago(300) == "hace 5 minutos" and _ago(1) == "hace 1 segundo"
        assert _ago(0.2) == "ahora mismo"
    assert taken.startswith("Otra pantalla ha tomado esta sesión (ronda)")
    assert "esta sesión (decisión por consentimiento)" in decision
    assert taken_over_sentence("round").startswith("This round was taken over")
    assert _ago(300) == "5 minutes ago"


def test_the_intro_sessions_room_view_and_refusals_are_spanish(store):
    intro = IntroSession(store=store, record=True)
    with speaking("es"):
        shown = intro.audience()
        assert shown is not None and shown.title == "Bienvenida"
        assert shown.step == "Empezamos en un momento"
        assert intro.next_slide() == "No hay ninguna parte en curso."
        intro.start(load_plan(ROOT / "workshops" / "taste_45.yaml"))
        first = intro.audience()
        assert first is not None and first.step == "Una ronda de apertura"
        assert intro.previous_part() == "Esta es la primera parte."


def test_a_plans_problems_are_spanish():
    plan = parse_plan("title: T\nminutes: 5\nparts:\n  - title: Long\n    kind: break\n"
                      "    minutes: 10\n")
    with speaking("es"):
        found = [f.message for f in plan.validate()]
        problem = IntroSession().start(plan)
    assert any("No hay ronda de evaluación" in message for message in found)
    assert any("No hay ninguna actividad" in message for message in found)
    assert problem.startswith("Este plan todavía no puede empezar:")
    assert "1 parte" in problem


def test_the_document_after_the_session_has_spanish_headings(store):
    taste = load_plan(ROOT / "workshops" / "taste_45.yaml")
    intro = IntroSession(store=store, record=True)
    intro.start(taste)
    recorded = store.sessions("intro_session")[0]
    with speaking("es"):
        text = after_session_markdown(recorded, taste, [])
    assert "## Qué hicimos" in text and "## Dónde aprender más" in text
    assert "Celebrada el " in text and "*Muchas Voces Una Canción*" in text
    assert "What we did" not in text


def test_the_records_refusals_are_spanish(tmp_path, monkeypatch):
    backend = SqliteBackend.__new__(SqliteBackend)
    backend.where, backend.timeout = "rooms.sqlite3", 5.0
    with speaking("es"):
        damaged = backend.message(DAMAGED, detail="not a database")
    assert damaged.plain.startswith("El registro del taller en rooms.sqlite3 está dañado "
                                    "(no es una base de datos)")
    assert "--new-record" in damaged.plain
    english = backend.message(DAMAGED, detail="not a database").plain
    assert english.startswith("The workshop record at rooms.sqlite3 is damaged (not a database)")
    assert "To go on with a new, empty record" in english
    monkeypatch.setenv(NO_RECORD_ENV, "1")
    with speaking("es"), pytest.raises(RecordNotHere) as refused:
        resolve_location(tmp_path)
    assert refused.value.plain == "El registro del taller se guarda para la persona que " \
                                  "facilita, en su portátil."
    assert FACILITATOR_ONLY.startswith("The workshop record is kept")


def test_the_commands_count_and_the_full_room_page_are_spanish(tmp_path, capsys, monkeypatch):
    bad = tmp_path / "plan.yaml"
    bad.write_text("title: T\nminutes: 5\nparts:\n  - title: Long\n    kind: break\n"
                   "    minutes: 10\n", encoding="utf-8")
    monkeypatch.setenv("SOCIOCRACY_LANGUAGE", "es")
    assert cli.main(["check", str(bad)]) == 1
    said = capsys.readouterr().err
    assert "Se ha comprobado 1 archivo: 1 error, 2 avisos." in said
    monkeypatch.delenv("SOCIOCRACY_LANGUAGE")
    assert cli.main(["check", str(bad)]) == 1
    assert "Checked 1 file: 1 error, 2 warnings." in capsys.readouterr().err
    from sociocracy.shell.server import room_full_page  # the server's stack, for this test only

    page = room_full_page(40, "es")
    assert "<html lang=\"es\">" in page and "<h1>La sala está llena</h1>" in page
    assert "Las 40 plazas" in page and '<a href="">vuelve a intentarlo ahora</a>' in page
    english = room_full_page(40, "en")
    assert "<h1>The room is full</h1>" in english and "Try again in a minute" in english
