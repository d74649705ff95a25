"""The intro session's presenter, the room panel, the past-sessions box, the audience view, the
handout and the downloads in Spanish (issue 23); English unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from sociocracy.widgets.app_record import AppRecord
from sociocracy.widgets.audience import audience_html, audience_link_html, join_block
from sociocracy.widgets.downloads import DownloadLink, FileExport
from sociocracy.widgets.handout import handout_html
from sociocracy.widgets.intro_session import IntroPresenter
from sociocracy.widgets.room_panel import RoomPanel, join_html
from sociocracy.widgets.tracebacks import SHORT_ERROR, quiet_tracebacks

from sociocracy.core.language import speaking
from sociocracy.intro_sessions import load_plan
from sociocracy.rooms import RoomStore
from sociocracy.sessions.audience import AudienceState
from sociocracy.sessions.rounds import RoundSession

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path):
    with RoomStore(tmp_path / "record.sqlite") as opened:
        yield opened


def test_the_presenter_speaks_spanish(store):
    with speaking("es"):
        view = IntroPresenter(store=store, record=True, tick_every=0)
        assert view.start_button.description == "Empezar la sesión"
        assert view.chooser.description == "Plan:"
        view.chooser.value = "taste_45"
        assert "(charla)" in view.plan_view.value and "(talk)" not in view.plan_view.value
        assert "Descargar la hoja para llevar" in view.handout.value
        view.start_button.click()
        assert view.heading.value.startswith("<h3>Parte 1:")
        assert "Tiempo restante en esta parte:" in view.now.value
        assert "abre la aplicación de rondas en una pestaña nueva" in view.now.value
        assert view.next_part.description == "Siguiente parte"
        assert "¿Te gustaría recibir información sobre las formaciones de SoFA?" in \
            view.follow_intro.value
        view.end_button.click()
        assert "La sesión ha terminado." in view.heading.value
        assert "Seguimiento en los móviles" in view.follow_intro.value
        assert view.ask_follow_up.description == "Preguntar en los móviles por las formaciones " \
                                                 "de SoFA"
    for english in ("Time left in this part", "Start the session", "The session has ended"):
        assert english not in view.now.value + view.heading.value


def test_the_room_panel_and_join_block_speak_spanish(store):
    room = store.create_room("Taller")
    room.join("Ana")
    with speaking("es"):
        panel = RoomPanel(room=lambda: room, create=lambda _t: "", ask=lambda: "",
                          reveal=lambda: "", refresh=lambda: None,
                          join_url="http://10.0.0.5:8866/join", refresh_every=0)
        panel.show(joined=("Ana",), asking=True, phones="asked", answered=0, note="")
        assert panel.ask_button.description == "Preguntar a los móviles"
        assert "<strong>1</strong> persona ha entrado: Ana" in panel.joined.value
        assert "<strong>0 de 1</strong> han respondido" in panel.answered.value
        shown = join_html(room, "http://10.0.0.5:8866/join")
        assert "Taller: código de la sala" in shown and "Escanea el código" in shown
        block = join_block(room.code, room.join_link("http://x/join"), "http://x/join")
        assert "Entra desde tu móvil con el código" in block
        assert "o abre http://x/join y escribe el código" in block
    english = join_block(room.code, "", "")
    assert "Join on your phone with the code" in english


def test_the_past_sessions_box_names_the_session_without_agreement(store):
    session = RoundSession(store=store, record=True)
    with speaking("es"):
        box = AppRecord("rounds", "round", resume=lambda _s: True, keeper=session.keeper)
        assert box.set_aside_button.description == "Empezar otra sesión (ronda)"
        assert box.past_choice.description == "Sesiones anteriores (ronda)"
        assert box.resume_button.description == "Reanudarla"


def test_the_audience_view_the_handout_and_the_downloads_speak_spanish(tmp_path):
    with speaking("es"):
        waiting = audience_html(None)
        state = AudienceState("rounds", title="Ronda", speaker="Ana", next="Bea", answered=2,
                              expected=5, timer_ends=10_000.0, timer_total=60)
        shown = audience_html(state, now=9_990.0)
        link = audience_link_html("rounds")
        handout = handout_html(load_plan(ROOT / "workshops" / "taste_45.yaml"),
                               course_address="")
        download = DownloadLink("hola", filename="acta.md")
        export = FileExport("acta.md", save_button=True, folder=tmp_path)
    assert "Esperando a la persona que facilita" in waiting
    assert "Tiene la palabra" in shown and "Siguiente: <bdi>Bea</bdi>" in shown
    assert "2 de 5 han respondido" in shown and "aria-label='Tiempo restante'" in shown
    assert "Abrir la vista para el público" in link
    assert "<html lang='es'>" in handout and "La sociocracia en cinco frases" in handout
    assert "Sociocracy in five sentences" not in handout
    assert "Descargar acta.md" in download.value and "4 bytes" in download.value
    if export.save is not None:  # not under Voila
        assert export.save.description == "Guardar archivo"
    english = handout_html(load_plan(ROOT / "workshops" / "taste_45.yaml"), course_address="")
    assert "<html lang='en'>" in english and "Sociocracy in five sentences" in english


def test_a_visitors_short_error_is_in_the_page_language():
    sent: list[tuple] = []

    class Shell:
        def _showtraceback(self, *arguments):
            sent.append(arguments)

    shell = Shell()
    assert quiet_tracebacks(shell)
    with speaking("es"):
        try:
            raise ValueError("x")
        except ValueError as exc:
            shell.showtraceback((type(exc), exc, None))
    assert sent[0][1] == "Esto no ha funcionado y no se ha cambiado nada. Al recargar la página " \
                         "se empieza de nuevo."
    assert SHORT_ERROR.startswith("This did not work")
