"""The selection and meeting screens in Spanish (issue 23), headless.

Each screen is driven through its steps twice, in English and in Spanish, and everything a person
reads is gathered at each step (labels, buttons, tooltips, placeholders, menu entries, HTML, chart
descriptions). A text that comes out the same in both languages was never translated, unless it is
people's own text (names, reasons typed), which is never translated. Exact Spanish labels are
checked where lessons 7 and 9 and the apps' pages name them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sociocracy.widgets import (
    BallotComparison,
    MeetingPlanner,
    MeetingRunner,
    SelectionFacilitator,
)

from sociocracy.core.language import speaking

ROOT = Path(__file__).resolve().parents[2]
AGENDA = ROOT / "examples" / "agendas" / "garden_march.yaml"
TODAY = dt.date(2027, 1, 15)
MEMBERS = ["Ana", "Ben", "Chloé", "Dev"]
#: People's own words in these tests: shown as typed in every language.
PEOPLE = {*MEMBERS, "Jardinería", "Compost", "Huerto", "", "(Dev)"}
NOTEBOOK_ONLY = {"Save file"}
WORD = re.compile(r"[A-Za-z]{3,}")
TAG = re.compile(r"<[^>]*>")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def _shown(widget) -> list[tuple[str, str]]:
    """What a person reads under ``widget`` (hidden branches left out), in a fixed order."""
    found: list[tuple[str, str]] = []
    stack = [widget]
    while stack:
        item = stack.pop(0)
        if getattr(getattr(item, "layout", None), "display", None) == "none":
            continue
        kind = type(item).__name__
        for name in ("description", "tooltip", "placeholder"):
            value = getattr(item, name, None)
            if isinstance(value, str) and value:
                found.append((f"{kind}.{name}", value))
        if kind == "ChartView":
            found.append(("ChartView.alt", item.alt))
        elif kind in ("HTML", "DownloadLink", "Label") and isinstance(item.value, str):
            found.append((f"{kind}.value", item.value))
        labels = getattr(item, "_options_labels", None)
        if labels:
            found += [(f"{kind}.option", label) for label in labels]
        stack[:0] = list(getattr(item, "children", ()))
    return found


def _untranslated(english: list[tuple[str, str]], spanish: list[tuple[str, str]]) -> list:
    """The texts that read the same in Spanish as in English and hold English words (besides
    people's own words, and the notebook-only "Save file" button of ``widgets/downloads.py``,
    another area's, which Voila never shows)."""
    assert [kind for kind, _ in english] == [kind for kind, _ in spanish]
    same = []
    for (kind, en), (_kind, es) in zip(english, spanish, strict=True):
        plain = TAG.sub(" ", en)
        for word in PEOPLE - {""}:
            plain = plain.replace(word, " ")
        if en in NOTEBOOK_ONLY or (kind == "Button.tooltip" and en.startswith("Save the ")):
            continue
        if en == es and WORD.search(plain):
            same.append((kind, en[:120]))
    return same


def _both(drive: Callable[[], list[list[tuple[str, str]]]]) -> tuple[list, list]:
    with speaking("en"):
        english = drive()
    with speaking("es"):
        spanish = drive()
    return english, spanish


# ------------------------------------------------------------------ selection
def _selection_steps() -> list[list[tuple[str, str]]]:
    """A whole selection, with an objection integrated; what is shown at every step."""
    f = SelectionFacilitator("Jardinería", MEMBERS, description="Compost", term_months=12,
                             qualifications=["Compost"], record=False, today=lambda: TODAY)
    seen = [_shown(f)]
    f.start_button.click()
    seen.append(_shown(f))
    f.next_button.click()                                      # nominations
    for who, whom in {"Ana": "Ben", "Ben": "Ben", "Chloé": "Dev", "Dev": "Dev"}.items():
        assert f.nominator_choice.value == who
        f.nominee_choice.choice = whom
        f.nomination_reason.value = "Compost"
        f.nominate_button.click()
        seen.append(_shown(f))
    f.next_button.click()                                      # nomination round
    seen.append(_shown(f))
    for _ in MEMBERS:
        f.read_button.click()
    seen.append(_shown(f))
    f.next_button.click()                                      # change round
    f.change_button.click()
    f.change_choice.value = "Dev"
    f.change_reason.value = "Compost"
    f.change_button.click()
    seen.append(_shown(f))
    f.change_button.click()
    f.change_button.click()
    assert f.status.value == "", f.status.value
    f.next_button.click()                                      # proposal
    f.candidate_choice.value = "Dev"
    f.proposal_reasons.value = "Compost"
    f.propose_button.click()
    seen.append(_shown(f))
    f.next_button.click()                                      # consent round
    seen.append(_shown(f))
    f.consent_button.click()
    f.consent_reason.value = "Compost"
    f.object_button.click()
    f.consent_button.click()
    f.consent_button.click()
    seen.append(_shown(f))
    f.next_button.click()                                      # integrate objections
    for strategy in ("amend-role", "another-candidate", "shorten-term"):
        f.strategy_choice.value = strategy
        seen.append(_shown(f))
    f.integrate_button.click()
    seen.append(_shown(f))
    f.next_button.click()
    for _ in MEMBERS:
        f.consent_button.click()
    f.next_button.click()                                      # decided
    seen.append(_shown(f))
    f.announce_button.click()                                  # announced
    assert f.process is not None and f.process.step == "announced"
    seen.append(_shown(f))
    return seen


def test_every_step_of_the_selection_reads_in_spanish() -> None:
    english, spanish = _both(_selection_steps)
    assert len(english) == len(spanish)
    left = [text for en, es in zip(english, spanish, strict=True) for text in _untranslated(en, es)]
    assert left == []


def test_the_selection_names_its_buttons_as_lesson_7_does() -> None:
    with speaking("es"):
        f = SelectionFacilitator("Jardinería", MEMBERS, record=False, today=lambda: TODAY)
        assert f.start_button.description == "Empezar"            # "pulsa **Empezar**"
        assert f.term_input.description == "Mandato (meses)"     # a role's term, not a policy's
        f.start_button.click()
        assert "Mandato: 12 meses" in f.role_view.value
        assert "Paso 1 de 8" in f.progress.value and "Quien facilita:" in f.prompt_view.value
        assert f.pass_button.description == "Pasar"               # "el botón **Pasar**"
        assert "Acortar el mandato" in f.strategy_choice.label or \
            ("Acortar el mandato", "shorten-term") in f.strategy_choice.options
        f.next_button.click()
        assert "Papeletas recibidas: <strong>0 de 4</strong>" in f.slips_view.value
        assert "Slips in" not in f.slips_view.value
    with speaking("en"):  # English unchanged
        g = SelectionFacilitator("Gardening", MEMBERS, record=False, today=lambda: TODAY)
        assert g.start_button.description == "Start"
        assert g.term_input.description == "Term (months)"


@pytest.fixture
def own_chart_cache(tmp_path, monkeypatch):
    """Charts and opening values kept in this test's folder, and none left in memory for the
    next test (lesson 7's kept opening is another test's subject)."""
    from sociocracy.widgets import chart_cache

    monkeypatch.setenv("SOCIOCRACY_COURSE_CACHE", str(tmp_path))
    chart_cache._memory.clear()
    yield
    chart_cache._memory.clear()


def test_the_ballot_comparison_reads_in_spanish_with_numbers_in_spanish(own_chart_cache) -> None:
    with speaking("es"):
        comparison = BallotComparison(trials=1_200)
        assert comparison.popularity.description == "Influencia de la popularidad"
        assert comparison.reason_popularity.description == "Popularidad en las razones"
        alt = comparison.chart.alt
        assert alt.startswith("Gráfico de barras sobre 1.200 grupos simulados de 8:")
        assert "Votación secreta" in alt and "\xa0%" in alt       # "45 %", Spanish style
        assert "Bar chart" not in alt and "best-fitting" not in alt
    with speaking("en"):
        english = BallotComparison(trials=1_200).chart.alt
        assert english.startswith("Bar chart over 1,200 simulated groups of 8:")


# ------------------------------------------------------------------ meeting
def _meeting_steps() -> list[list[tuple[str, str]]]:
    """The planner and a meeting run from the garden agenda to its end; what is shown."""
    clock = FakeClock()
    runner = MeetingRunner(str(AGENDA), MEMBERS, store=False, clock=clock,
                           today=lambda: TODAY, save_button=False)
    planner = runner.planner
    planner.show_chart.value = True
    planner.item_title.value = "Huerto"
    planner.item_kind.value = "decision"
    planner.add_button.click()                                 # a decision without proposal
    seen = [_shown(runner)]
    planner.item_list.value = len(planner.items) - 1
    planner.remove_button.click()
    seen.append(_shown(runner))
    runner.start_button.click()
    seen.append(_shown(runner))
    runner.round_button.click()                                # the check-in round
    seen.append(_shown(runner))
    for _ in MEMBERS:
        runner.round_panel.next.click()
    seen.append(_shown(runner))
    for _part in range(20):                                    # bounded: 9 parts
        assert runner.run is not None
        if runner.run.finished:
            break
        clock.now += 600                                       # behind the plan
        part = runner.run.current
        if part is not None and part.key == "item" and \
                runner.run.meeting.items[part.item].kind == "decision":
            runner.consent_button.click()                      # its own app, embedded
            seen.append(_shown(runner))
            panel = runner.consent_panel
            for _step in range(3):                             # to the consent round
                panel.next_button.click()
                for _ in MEMBERS:
                    panel.round_panel.next.click()
            for _ in MEMBERS:
                panel.consent_button.click()
            panel.next_button.click()
            panel.publish_button.click()
            assert panel.process is not None and panel.process.step == "published"
            runner.follow()
            seen.append(_shown(runner))
        runner.backlog_input.value = "Compost"
        runner.add_backlog()
        runner.next_part()
        seen.append(_shown(runner))
    assert runner.run.finished, runner.status.value
    return seen


def test_every_part_of_the_meeting_app_reads_in_spanish() -> None:
    english, spanish = _both(_meeting_steps)
    assert len(english) == len(spanish)
    left = [text for en, es in zip(english, spanish, strict=True) for text in _untranslated(en, es)]
    assert left == []


def test_the_meeting_app_names_its_buttons_as_lesson_9_does() -> None:
    with speaking("es"):
        runner = MeetingRunner(str(AGENDA), MEMBERS, store=False, clock=FakeClock(),
                               today=lambda: TODAY, save_button=False)
        planner = runner.planner
        assert planner.agenda_menu.description == "Abrir un orden del día"
        assert planner.agenda_upload.description == "Abrir un archivo"
        assert "<h3>Quién está aquí</h3>" in [c.value for c in runner.setup.children
                                              if hasattr(c, "value")]
        assert runner.start_button.description == "Empezar la reunión"
        assert planner.item_minutes.description == "Minutos"       # time, not the record
        assert "Listo." in planner.findings.value                  # the agenda: masculine
        runner.start_button.click()
        assert runner.next_button.description == "Siguiente parte"
        assert runner.consent_button.description == "Empezar una decisión por consentimiento"
        assert runner.phones_button.description == "Preguntar a los móviles"
        assert runner.reveal_button.description == "Revelar"
        assert "(ahora)" in runner.parts_view.value
        assert "Ronda de apertura" in runner.parts_view.value      # a frame part's title
        assert "4 de marzo de 2027" in runner.heading.value
    with speaking("en"):  # English unchanged
        english = MeetingRunner(str(AGENDA), MEMBERS, store=False, clock=FakeClock(),
                                today=lambda: TODAY, save_button=False)
        assert english.start_button.description == "Start the meeting"
        assert english.planner.item_minutes.description == "Minutes"
        english.start_button.click()
        assert "meeting of 2027-03-04" in english.heading.value
        assert "(now)" in english.parts_view.value


@pytest.mark.parametrize("title", ["Elegir secretario/a"])
def test_the_planner_takes_a_spanish_selection_without_a_proposal(title: str) -> None:
    with speaking("es"):
        planner = MeetingPlanner(str(AGENDA), save_button=False, timeline=False)
        planner.item_title.value = title
        planner.item_kind.value = "decision"
        planner.add_button.click()
        assert "Problema:" not in planner.findings.value
