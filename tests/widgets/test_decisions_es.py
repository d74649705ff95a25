"""Spanish on the decisions area's pages (issue 23): the round facilitator, the consent
facilitator, the objection sorter and the tolerance explorer built and clicked inside
``speaking("es")`` show Spanish; built outside it, the same English as before."""

from __future__ import annotations

import datetime as dt

from sociocracy.widgets import (
    ConsentFacilitator,
    ObjectionSorter,
    RoundFacilitator,
    ToleranceExplorer,
)
from sociocracy.widgets.rounds import NOBODY

from sociocracy.core.language import speaking


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _html_of(widget) -> str:
    """Every HTML value under ``widget``, joined: what the page would show."""
    found, stack = [], [widget]
    while stack:
        item = stack.pop()
        if type(item).__name__ in ("HTML", "HTMLMath") and isinstance(item.value, str):
            found.append(item.value)
        stack.extend(getattr(item, "children", ()))
    return "\n".join(found)


def _round(names: list[str], kind: str, clock: FakeClock) -> RoundFacilitator:
    tool = RoundFacilitator(save_button=False, clock=clock)
    tool.names.value = "\n".join(names)
    tool.kind.value = kind
    return tool


def test_the_round_facilitator_in_spanish() -> None:
    clock = FakeClock()
    with speaking("es"):
        tool = _round(["Ana", "Ben"], "consent", clock)
        assert tool.names.description == "Participantes:"
        assert tool.start.description == "Empezar la ronda"
        assert dict(tool.kind.options)["Ronda de consentimiento"] == "consent"
        assert tool.last.options[0] == ("(nadie en concreto)", NOBODY)
        assert "Pasar: <strong>no permitido</strong>" in tool.kind_help.value
        tool.start.click()
        assert "<h2>Ronda de consentimiento</h2>" in tool.heading.value
        assert tool.now_label.value == "Tiene la palabra:"
        assert tool.progress.value == "(turno 1 de 2)"
        assert tool.pass_button.disabled and "No se puede pasar" in tool.pass_reason.value
        assert tool.next.description == "Siguiente" and tool.undo.description == "Deshacer"
        clock.now += 3.4
        tool.note.value = "consiento"
        tool.next.click()
        clock.now += 12
        tool.next.click()
        summary = tool.summary.value
        assert "2 turnos, 0 pases, 15 s de palabra en total." in summary
        assert "<caption>Turnos</caption>" in summary and ">Quién</th>" in summary
        minutes = tool.minutes_markdown()
        assert minutes.startswith("# Acta: 1 ronda") and "Ronda de consentimiento" in minutes
        assert tool.history_note.value == "Esta acta recoge la ronda que acaba de terminar."
    english = _round(["Ana", "Ben"], "consent", clock)
    assert english.names.description == "Participants:"
    assert english.last.options[0] == ("(nobody in particular)", NOBODY)
    assert "Passing is <strong>not allowed</strong>" in english.kind_help.value


def test_the_round_chart_gets_its_words_in_the_page_language() -> None:
    """The chart's words are arguments of the drawing, so they are part of its cache key: a
    Spanish page never shows an English chart kept from an English visit."""
    clock = FakeClock()
    calls = []
    with speaking("es"):
        tool = _round(["Ana", "Ben"], "check-in", clock)
        tool.start.click()
        tool.chart.draw = lambda function, *args, **kwargs: calls.append(kwargs)  # type: ignore
        clock.now += 2
        tool.next.click()
        tool.pass_button.click()
    assert calls[-1]["xlabel"] == "Segundos de palabra"
    assert calls[-1]["title"] == "Tiempo de palabra en esta ronda"
    assert calls[-1]["alt"].startswith("Gráfico de barras de los segundos de palabra por persona")


def test_the_consent_facilitator_in_spanish() -> None:
    with speaking("es"):
        tool = ConsentFacilitator("Comprar una bici de carga", ["Ana", "Ben"],
                                  circle="Huerto", today=lambda: dt.date(2027, 2, 25))
        assert tool.proposal_input.description == "Propuesta"
        assert tool.start_button.description == "Empezar"
        tool.start_button.click()
        progress = tool.progress.value
        assert "Paso 1 de 6: Presentar" in progress
        assert 'aria-label="Pasos del proceso de consentimiento"' in progress
        assert "<strong>Presentar</strong> (ahora)" in progress
        assert "<h4><bdi>Huerto</bdi>: propuesta</h4>" in tool.proposal_view.value
        assert "Plazo: 12 meses" in tool.proposal_view.value
        assert "Quien facilita:" in tool.prompt_view.value
        assert "Lee la propuesta en voz alta" in tool.prompt_view.value
        assert tool.next_button.description == "Empezar las preguntas aclaratorias"
        tool.next_button.click()
        for _turn in range(2):
            tool.round_panel.next.click()
        tool.next_button.click()
        for _turn in range(2):
            tool.round_panel.next.click()
        tool.next_button.click()
        assert tool.session.state.step == "consent-round"
        assert ("Ronda de consentimiento 1. <strong><bdi>Ana</bdi></strong>, ¿tienes alguna "
                "objeción? Siguiente: <bdi>Ben</bdi>.") in tool.turn_view.value
        assert tool.consent_button.description == "Consentimiento"
        assert tool.object_button.description == "Objeción"
        tool.object_button.click()  # no reason
        assert "Una objeción necesita un motivo" in tool.status.value
        tool.reason_input.value = "no hay sitio"
        tool.object_button.click()
        assert "<bdi>Ana</bdi>: <strong>objeción</strong>" in tool.responses_view.value
        tool.consent_button.click()
        assert tool.next_button.description == "Hay objeciones: integrarlas"
        tool.next_button.click()
        assert dict(tool.strategy_choice.options)["Acortar el plazo"] == "shorten-term"
        tool.strategy_choice.value = "shorten-term"
        tool.integrate_button.click()
        assert "se acortó el plazo de 12 a 3 meses" in _html_of(tool)
    english = ConsentFacilitator("Buy a cargo bike", ["Ana", "Ben"])
    assert english.proposal_input.description == "Proposal"
    english.start_button.click()
    assert "Step 1 of 6: Present" in english.progress.value


def test_the_objection_sorter_in_spanish() -> None:
    with speaking("es"):
        sorter = ObjectionSorter()
        shown = _html_of(sorter)
        assert "El círculo del huerto propone" in shown
        assert "¿«Los sábados» incluye los fines de semana con festivo?" in shown
        assert "Una pregunta aclaratoria: pide información" in shown
        assert sorter.choices[0].description == "Frase 1"
        assert ("Objeción", "objection") in sorter.choices[0].options
        sorter.choices[0].value = "objection"
        sorter.check_button.click()
        assert "No exactamente: esto es una pregunta aclaratoria" in \
            sorter.explanations[0].value
        assert "1 sorted statements" not in sorter.score.value
        assert "0 de 1 frase clasificada correcta (9 aún sin clasificar)." in sorter.score.value
    assert "The garden circle proposes" in _html_of(ObjectionSorter())


def test_the_tolerance_explorer_in_spanish() -> None:
    with speaking("es"):
        explorer = ToleranceExplorer()
        assert explorer.proposal.description == "Propuesta"
        table = explorer.results.value
        assert "La misma propuesta, cuatro formas de decidir" in table
        assert ">Votación por mayoría</th>" in table and ">Decide una persona</th>" in table
        assert "Sale adelante" in table or "No sale adelante" in table
        assert "tardes abiertas al mes en el centro comunitario" in _html_of(explorer)
        explorer.comparison.run()
        assert explorer.comparison.sentence.value.startswith("<p>En 10.000 grupos aleatorios")
    english = ToleranceExplorer()
    assert "The same proposal, four ways of deciding" in english.results.value
