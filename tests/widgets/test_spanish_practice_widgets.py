"""The quiz, practice and case-study widgets in Spanish (issue 23): every word the widget itself
writes comes from the catalog; the trainer's text stays as written."""

from __future__ import annotations

from pathlib import Path

import yaml
from sociocracy.widgets import CaseStudy, ExerciseSet, Quiz
from sociocracy.widgets.exercise_kinds import OrderView, PlanView
from sociocracy.widgets.practice import TaskView

from sociocracy.core.language import speaking
from sociocracy.course.case_study import parse_story

ROOT = Path(__file__).resolve().parents[2]
QUESTION = {"prompt": "¿Quién habla primero?", "choices": [
    {"text": "Quien está junto a quien facilita", "correct": True, "why": "Orden de asientos."},
    {"text": "Quien más sabe", "why": "Cada persona habla a su vez."},
    {"text": "Quien levanta la mano", "why": "Una ronda no espera a las manos."}]}


def test_the_quiz_speaks_spanish():
    with speaking("es"):
        quiz = Quiz([QUESTION])
        view = quiz.views[0]
        assert quiz.title.value.endswith("<h3>Comprueba lo que has entendido</h3>")
        assert "<strong>Pregunta 1 de 1.</strong> ¿Quién habla primero?" in view.prompt.value
        assert view.check_button.description == "Comprobar respuesta"
        assert view.selector.description == "Respuestas a la pregunta 1"
        assert "pulsa «Comprobar respuesta»" in quiz.score.value
        view.select(1)
        view.check()
        assert "No del todo. Lee por qué y vuelve a intentarlo." in view.feedback.value
        assert "<strong>Esta no:</strong> «Quien más sabe». Cada persona habla" in (
            view.feedback.value)
        view.select(0)
        view.check()
        assert "Correcto." in view.feedback.value
        assert "1 de 1 correcta." in quiz.score.value and "Muy bien." in quiz.score.value
    assert Quiz([QUESTION]).views[0].check_button.description == "Check answer"


def test_the_practice_set_speaks_spanish():
    with speaking("es"):
        practice = ExerciseSet.from_yaml(ROOT / "exercises" / "data" / "02_rounds.yaml")
        view = practice.holder.children[0]
        assert isinstance(view, TaskView)
        assert practice.chooser.description == "Ejercicio:"
        assert (practice.previous_button.description, practice.next_button.description) == (
            "Anterior", "Siguiente")
        assert "Ejercicio 1 de 5: " in view.children[0].value
        assert [b.description for b in (view.check_button, view.hint_button,
                                         view.worked_button)] == [
            "Comprobar respuesta", "Ver una pista", "Ver la respuesta comentada"]
        view.check()
        assert "Primero elige una respuesta." in view.feedback.value
        view.toggle_hint()
        assert view.hint_button.description == "Ocultar la pista"
        assert "<strong>Pista.</strong>" in view.hint.value
        view.toggle_worked()
        assert "<strong>Respuesta comentada.</strong>" in view.worked.value
        # the trainer's text, from the Spanish practice set (translations/es/exercises/data/)
        spanish_set = yaml.safe_load((ROOT / "translations" / "es" / "exercises" / "data"
                                      / "02_rounds.yaml").read_text(encoding="utf-8"))
        right = next(c["text"] for c in spanish_set["tasks"][0]["choices"] if c.get("correct"))
        assert f"Correcta: {right}" in view.worked.value
        view.answer_view.fill(1)
        view.check()
        assert "Esta no. Lee por qué y vuelve a intentarlo." in view.feedback.value
        assert "<strong>En qué fijarte:</strong>" in view.feedback.value
        assert "0 de 5 ejercicios bien hasta ahora." in practice.progress.value


def test_order_and_plan_controls_speak_spanish():
    from sociocracy.course.exercise_sets import load_exercise_set

    data = load_exercise_set(ROOT / "exercises" / "data" / "02_rounds.yaml")
    plan = next(task for task in data.tasks if task.kind == "plan")
    orders = [t for name in sorted((ROOT / "exercises" / "data").glob("*.yaml"))
              for t in load_exercise_set(name).tasks if t.kind == "order"]
    with speaking("es"):
        order_view = OrderView(orders[0])
        plan_view = PlanView(plan)
    assert order_view.listing.description == "Pasos en orden:"
    assert [order_view.up.description, order_view.bottom.tooltip] == [
        "Subir", "Llevar el paso seleccionado al final de la lista"]
    assert plan_view.total.value == (f"<p>Planificado: <strong>0 de {plan.budget} "
                                     "minutos</strong>.</p>")


def test_the_case_study_speaks_spanish():
    story = parse_story("""\
title: Un huerto
start: inicio
nodes:
  inicio:
    situation: Catorce personas se reúnen.
    tool: round
    choices:
      - label: Hacer una ronda
        next: fin
        what_happens: Todo el mundo habla.
        pitfall: Ninguno
        source: Rau y Koch-Gonzalez 2018
  fin:
    situation: Empieza la reunión.
    ending: true
""")
    with speaking("es"):
        walker = CaseStudy(story)
        assert walker.restart_button.description == "Empezar de nuevo"
        assert "Tu camino hasta ahora: estás al principio." in walker.path_view.value
        assert "<strong>¿Qué haces?</strong>" in walker.situation.value
        assert "La herramienta aquí:</strong> una ronda (lección 2)" in walker.situation.value
        walker.choose(0)
        assert "<strong>Elegiste:</strong> Hacer una ronda" in walker.consequence.value
        assert "<strong>Escollo encontrado:</strong> Ninguno" in walker.consequence.value
        assert "<h4>Fin</h4>" in walker.situation.value
        assert "Escollos encontrados en este camino: 1." in walker.path_view.value
        assert "Herramientas usadas en este camino: una ronda (lección 2)." in (
            walker.path_view.value)
