"""The Workshop room app in Spanish (issue 23): its controls, what it says about the room and the
phones, the projector's words and the refusals of the record, in the facilitator's language;
people's names and answers exactly as they were written."""

from __future__ import annotations

import pytest
from sociocracy.widgets import WorkshopRoom

from sociocracy.core.errors import InputError
from sociocracy.core.language import speaking
from sociocracy.rooms import RoomStore
from sociocracy.sessions.room_link import answer_note

JOIN = "http://10.0.0.5:8866/join"


@pytest.fixture
def store(tmp_path):
    with RoomStore(tmp_path) as opened:
        yield opened


def test_the_workshop_room_speaks_spanish_and_keeps_answers_as_written(store):
    with speaking("es"):
        w = WorkshopRoom(store, join_url=JOIN, refresh_every=0)
        assert w.create.description == "Crear una sala"
        assert w.title.description == "Título de la nueva sala:"
        room = w.create_room("Taller")
        assert "Código QR: escanéalo" in w.qr.value and "Escanea el código" in w.qr.value
        assert w.open_button.description == "Abrir en los móviles"
        assert w.reveal_button.description == "Mostrar todas las respuestas"
        assert dict(w.kind.options)["Ronda de consentimiento sobre una propuesta"] == "consent"
        ana, bea = room.join("Ana"), room.join("Bea")
        w.open_activity("consent", "Comprar un hervidor")
        assert "Ronda de consentimiento" in w.answered.value
        assert "<strong>0 de 2</strong> han respondido" in w.answered.value
        assert "<strong>2</strong> personas han entrado" in w.joined.value
        shown = w.session.audience()
        assert shown.step == "Ronda de consentimiento: responde en tu móvil"
        room.respond(ana.key, w.activity, choice="objection", reason="Too loud")
        room.respond(bea.key, w.activity, choice="consent")
        w.reveal_button.click()
        assert "Las respuestas, mostradas a la vez" in w.answers.value
        assert "Objeción: Too loud" in w.answers.value  # the label translated, the words not
        english = "".join(str(getattr(c, "description", "")) + str(getattr(c, "value", ""))
                          for c in _all(w))
        for words in ("Create a room", "Reveal all answers", "Open on the phones",
                      "people have joined", "The answers, revealed together"):
            assert words not in english


def test_the_records_refusals_are_in_the_page_language(store):
    room = store.create_room("Sala")
    with speaking("es"), pytest.raises(InputError) as refused:
        room.join("Ana")
        activity = room.open_activity("consent", "x")
        room.respond(room.join("Bea").key, activity, choice="objection", reason="")
    assert refused.value.plain == "Motivo: hace falta (está vacío)."
    assert refused.value.field == "Reason"  # the box's name for the page stays the same
    with speaking("es"):
        assert answer_note(_response("nominee", "Bea", "calm")) == "Nomina a Bea: calm"


def _response(field: str, value: str, reason: str):
    from datetime import datetime, timezone

    from sociocracy.rooms.model import Response

    return Response(1, 1, "Ana", {field: value, "reason": reason}, datetime.now(timezone.utc))


def _all(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _all(child)
