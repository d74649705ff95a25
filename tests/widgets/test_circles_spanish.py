"""The circles area in Spanish (issue 23): maps, findings, simulations and charts follow the page's
language, English pages stay as they were, and a kept chart is never shown in the wrong language.
"""

from __future__ import annotations

import json

import pytest
from sociocracy.widgets import chart_cache, opening_values
from sociocracy.widgets.airtime import AirtimeSimulator, draw_named_shares
from sociocracy.widgets.audience_maps import map_html
from sociocracy.widgets.charts import ChartView
from sociocracy.widgets.circles import (
    CircleBuilder,
    CircleMap,
    LinkTelephone,
    link_comparison_shown,
)
from sociocracy.widgets.growth import GrowingGarden
from sociocracy.widgets.traditions import TraditionCompare, comparison_html

from sociocracy.circles import load_organization, parse_organization
from sociocracy.core.language import speaking
from sociocracy.sessions.audience import AudienceState
from sociocracy.sessions.circle_map import CircleMapSession
from tests.conftest import ROOT

GREEN_VALLEY = ROOT / "examples" / "organizations" / "green_valley_coop.yaml"
BROKEN = """\
organization: Huerto
circles:
  - name: General
    aim: Cuidar el huerto
    domain: [huerto]
    members: [Ana, Ben, Chen]
  - name: Semillas
    parent: General
    aim: Guardar semillas
    domain: [semillas]
    members: [Dee, Eli, Fay]
    leader: Dee
"""


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """Every test keeps its charts in a folder of its own, with nothing in memory."""
    monkeypatch.setenv("SOCIOCRACY_COURSE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(chart_cache, "_memory", type(chart_cache._memory)())


def test_the_structure_rules_and_the_map_description_speak_spanish_and_english_stays():
    org = parse_organization(BROKEN)
    english = [f.message for f in org.validate()]
    assert "'Semillas' has no delegate." in " ".join(english)
    assert org.describe().startswith("Circle map of Huerto: 2 circles.")
    with speaking("es"):
        spanish = [f.message for f in org.validate()]
        described = org.describe()
        app = [f.in_app({"delegate": "en Delegado/a"}) for f in org.validate()]
    assert any("no tiene delegado/a" in m for m in spanish), spanish
    assert not any("has no delegate" in m for m in spanish)
    assert any("elige a alguien en Delegado/a" in m for m in app), app
    assert described.startswith("Mapa de círculos de Huerto: 2 círculos.")
    assert "dentro de General" in described and "Dee como líder" in described
    assert [f.message for f in org.validate()] == english  # back in English after the block


def test_a_bad_organisation_file_is_explained_in_spanish():
    with speaking("es"), pytest.raises(Exception) as caught:
        parse_organization("organization: X\ncircles:\n  - name: A\n    type: club\n")
    assert "no es un tipo de círculo" in str(caught.value)
    assert "mission, general, department, helping" in str(caught.value)  # the file's words


def test_the_circle_map_page_in_spanish_map_findings_and_members():
    with speaking("es"):
        page = CircleMap(parse_organization(BROKEN))
    assert "2 errores y 0 avisos." in page.summary.value, page.summary.value
    assert "no tiene delegado/a" in page.findings_list.value
    assert "Quién está en cada círculo" in page.members_list.value
    assert "(<bdi>departamento</bdi>)" in page.members_list.value
    assert page.focus.description == "Mostrar en el mapa"
    svg = page.chart.value
    assert "líder (línea continua)" in svg and "delegado/a (línea discontinua)" in svg
    assert "leader (solid line)" not in svg
    assert "(departamento)" in svg and "(department)" not in svg
    assert page.chart.alt.startswith("Mapa de círculos de Huerto")
    assert "El mapa es más ancho que esta pantalla" in page.chart.value
    english = CircleMap(parse_organization(BROKEN))
    assert "leader (solid line)" in english.chart.value and "(department)" in english.chart.value
    assert "2 errors and 0 warnings." in english.summary.value


def test_the_circle_builder_labels_and_notices_in_spanish(tmp_path):
    with speaking("es"):
        builder = CircleBuilder(can_save=False, folder=tmp_path)
        labels = [builder.new_circle.description, builder.add_circle_button.description,
                  builder.aim_box.description, builder.role_pickers["leader"].description]
        builder.new_circle.value = "Huerto"
        builder.add_circle_button.click()
        status = builder.status.value
        types = dict(builder.type_picker.options)
    assert labels == ["Nuevo círculo", "Añadir círculo", "Objetivo", "Líder"]
    assert "Se añadió Huerto." in status
    assert types["departamento"] == "department"  # shown in Spanish, kept as the file's word
    assert builder.org.circles[0].type == "general"


def test_the_circle_map_session_says_what_it_did_in_spanish():
    session = CircleMapSession()
    assert session.org.name == "Our organisation"
    with speaking("es"):
        spanish = CircleMapSession()
        spanish.add_circle("General")
        added = spanish.notice
        spanish.undo()
        undone = spanish.notice
        step = spanish.audience().step
    assert spanish.org.name == "Nuestra organización"
    assert added == "Se añadió General." and undone == "Deshecho."
    assert step == "Mapa de círculos: aún sin círculos"


def test_the_projector_map_in_spanish():
    circles = [{"name": "General", "parent": "", "type": "general", "members": ["Ana", "Ben"],
                "leader": "", "delegate": ""},
               {"name": "Huerto", "parent": "General", "type": "department", "members": [],
                "leader": "", "delegate": ""}]
    state = AudienceState("circle_map", title="Coop", step="", drawing={"circles": circles})
    english = map_html(state)
    assert "(L) leader" in english and "no members yet" in english
    with speaking("es"):
        spanish = map_html(state)
    assert "(L) líder" in spanish and "línea discontinua" in spanish
    assert "aún sin miembros" in spanish and "departamento, dentro de General" in spanish
    assert "Círculos y sus miembros" in spanish and "no members yet" not in spanish


def test_the_link_telephone_chart_and_sentence_in_spanish():
    with speaking("es"):
        tool = LinkTelephone()
    assert "Con dos enlaces" in tool.sentence.value and "With two links" not in tool.sentence.value
    assert "Gráfico de barras, un enlace frente a dos enlaces" in tool.chart.alt
    assert "dos enlaces" in tool.chart.value and "two links" not in tool.chart.value
    assert "%" in tool.chart.value and "\u00a0%" in tool.sentence.value  # "70 %" in Spanish
    assert tool.noise.description.startswith("Ruido")


def test_the_airtime_simulator_chart_and_summary_in_spanish():
    with speaking("es"):
        tool = AirtimeSimulator()
    svg = tool.chart.value
    assert "Debate abierto" in svg and "Parte (%)" in svg and "reparto igual" in svg
    assert "Open discussion" not in svg and "equal share" not in svg
    assert "personas hablaron el" in tool.summary.value
    assert "índice de desigualdad 0," in tool.summary.value  # a decimal comma
    english = AirtimeSimulator()
    assert "Open discussion" in english.chart.value and "Share (%)" in english.chart.value
    assert "inequality score 0." in english.summary.value


def test_the_growing_garden_in_spanish():
    with speaking("es"):
        garden = GrowingGarden()
        garden.next_month()
        view, status = garden.view.value, garden.status.value
    assert "Mes 1 de 24" in view and "Círculo del huerto" in view
    assert "Horas de reunión por persona al mes" in view
    assert "Mes 1:" in status
    assert "Month 0 of 24: 5 people" in GrowingGarden().view.value


def test_the_traditions_table_in_spanish_and_english():
    english = comparison_html()
    assert "Five ways of deciding together" in english and "Sociocracy (SoFA)" in english
    with speaking("es"):
        spanish = comparison_html()
        tool = TraditionCompare()
    assert "Cinco maneras de decidir en grupo" in spanish and "Sociocracia (SoFA)" in spanish
    assert "Por consentimiento" in spanish and "By consent" not in spanish
    assert "Cómo se comparan" in tool.table.value and "Consenso" in tool.table.value
    assert tool.left.value == "Sociocracy (SoFA)"  # the choice's value stays the key


def test_a_kept_chart_is_never_shown_in_the_other_language():
    """The cache keys a chart by the page's language: the same inputs drawn for a Spanish page
    are drawn again in Spanish, not served the English picture (and the other way round)."""
    args = (["Ana", "Ben"], [60.0, 40.0], "Who talked")
    english = ChartView(keep_opening=True)
    english.draw(draw_named_shares, *args, alt="a")
    assert not english.from_cache and "equal share" in english.value
    with speaking("es"):
        spanish = ChartView(keep_opening=True)
        spanish.draw(draw_named_shares, *args, alt="b")
    assert not spanish.from_cache
    assert "reparto igual" in spanish.value and "equal share" not in spanish.value
    again = ChartView(keep_opening=True)
    again.draw(draw_named_shares, *args, alt="c")
    assert again.from_cache and "equal share" in again.value
    with speaking("es"):
        spanish_again = ChartView(keep_opening=True)
        spanish_again.draw(draw_named_shares, *args, alt="d")
    assert spanish_again.from_cache and "reparto igual" in spanish_again.value


def test_kept_opening_values_are_never_shown_in_the_other_language():
    settings = {"noise": 0.2, "bias": 0.2, "dismiss": 0.3, "seed": 1}
    english = opening_values.opening_values(link_comparison_shown, **settings)
    with speaking("es"):
        spanish = opening_values.opening_values(link_comparison_shown, **settings)
    assert "With two links" in english["sentence"]
    assert "Con dos enlaces" in spanish["sentence"] and "With two links" not in spanish["sentence"]
    assert english["values"] == spanish["values"]


def test_a_changed_catalog_is_a_new_key(tmp_path, monkeypatch):
    """A trainer who corrects a translation (a .po edited) never gets the old picture."""
    folder = tmp_path / "locale"
    (folder / "es" / "LC_MESSAGES").mkdir(parents=True)
    catalog = folder / "es" / "LC_MESSAGES" / "circles.po"
    catalog.write_text('msgid "share"\nmsgstr "proporción"\n', encoding="utf-8")
    monkeypatch.setattr(chart_cache, "LOCALE_DIR", folder)
    monkeypatch.setattr(chart_cache, "_words", {})
    before = chart_cache.words_version("es")
    catalog.write_text('msgid "share"\nmsgstr "parte"\n', encoding="utf-8")
    monkeypatch.setattr(chart_cache, "_words", {})
    assert chart_cache.words_version("es") != before
    assert chart_cache.words_version("en") == "en"


def test_the_example_map_in_spanish_names_no_english_types():
    with speaking("es"):
        described = load_organization(GREEN_VALLEY).describe()
    for word in ("(mission", "(general, inside", "(department", "Linked to"):
        assert word not in described
    assert json.dumps(described)  # plain text
