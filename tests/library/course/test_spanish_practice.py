"""Spanish for the practice area (issue 23): trainers' files in the page's language, the practice
pages and worked answers generated in each language, and the messages ``check`` prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sociocracy.core.errors import ScenarioError
from sociocracy.core.language import speaking
from sociocracy.core.yaml_file import parse_yaml
from sociocracy.course.case_study import load_story
from sociocracy.course.checks import check_file
from sociocracy.course.exercise_sets import load_exercise_set
from sociocracy.course.navigation import nav_markdown
from sociocracy.course.notebook_exercises import build_exercises
from sociocracy.course.quizzes import load_quiz

ROOT = Path(__file__).resolve().parents[3]

QUIZ_ES = """\
title: Comprueba las rondas
questions:
  - prompt: ¿Quién habla primero en una ronda?
    choices:
      - text: Quien esté sentado junto a quien facilita
        correct: true
        why: Se sigue el orden de los asientos.
      - text: Quien más sabe
        why: En una ronda cada persona habla a su vez.
"""

STORY_ES = """\
title: Un huerto comunitario
start: inicio
nodes:
  inicio:
    situation: Catorce personas voluntarias se reúnen.
    choices:
      - label: Hacer una ronda de apertura
        next: fin
        what_happens: Todo el mundo llega a la reunión.
  fin:
    situation: La reunión empieza con calma.
    ending: true
"""

#: A small translated practice set (not the es-data helper's files: this one is the test's own).
SET_ES = """\
title: "Práctica: rondas"
lesson: 02_rounds
intro: Dos tareas breves sobre las rondas.
tasks:
  - kind: choose
    id: passing
    asks: application
    title: Chloé dice «paso»
    prompt: ¿Qué hace la persona que facilita?
    choices:
      - text: Vuelve a preguntarle al final de la ronda de consentimiento
        correct: true
        why: Una decisión por consentimiento necesita todas las voces.
      - text: Acepta el paso en las dos rondas
        why: En una ronda de consentimiento el silencio no es consentimiento.
    hint: Pregúntate si el grupo puede decidir sin oírla.
    worked: Pasar está bien donde se reúne lo que la gente tiene, no donde el grupo decide.
  - kind: order
    id: steps
    asks: application
    title: Los pasos del consentimiento
    prompt: Ordena los pasos.
    steps:
      - text: Presentar la propuesta
        why: Primero todo el mundo la conoce.
      - text: Preguntas aclaratorias
        why: Después se entiende.
      - text: Ronda de consentimiento
        why: Al final se decide.
    hint: Entender antes de decidir.
    worked: Se entiende la propuesta antes de decidir sobre ella.
"""


def _course(tmp_path: Path) -> Path:
    """A course folder with the home, lessons 2 and 3, and lesson 2's English practice set."""
    (tmp_path / "lessons").mkdir()
    for name in ("00_start_here.ipynb", "02_rounds.ipynb", "03_consent.ipynb"):
        (tmp_path / "lessons" / name).write_text("{}", encoding="utf-8")
    data = tmp_path / "exercises" / "data"
    data.mkdir(parents=True)
    (data / "02_rounds.yaml").write_text(
        (ROOT / "exercises" / "data" / "02_rounds.yaml").read_text(encoding="utf-8"),
        encoding="utf-8")
    (tmp_path / "translations").mkdir()
    return tmp_path


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---- the data-file rule in every loader --------------------------------------------------------


def test_quiz_case_study_and_practice_set_are_read_in_the_pages_language(tmp_path):
    root = _course(tmp_path)
    quiz = _write(root / "lessons" / "quizzes" / "02_rounds.yaml",
                  (ROOT / "lessons" / "quizzes" / "02_rounds.yaml").read_text(encoding="utf-8"))
    _write(root / "translations" / "es" / "lessons" / "quizzes" / "02_rounds.yaml", QUIZ_ES)
    story = _write(root / "lessons" / "case_studies" / "garden.yaml",
                   (ROOT / "lessons" / "case_studies" / "community_garden.yaml").read_text(
                       encoding="utf-8"))
    _write(root / "translations" / "es" / "lessons" / "case_studies" / "garden.yaml", STORY_ES)
    _write(root / "translations" / "es" / "exercises" / "data" / "02_rounds.yaml", SET_ES)
    practice = root / "exercises" / "data" / "02_rounds.yaml"

    english_title = load_quiz(quiz)[0]
    with speaking("es"):
        assert load_quiz(quiz)[0] == "Comprueba las rondas"
        assert load_story(story).title == "Un huerto comunitario"
        assert load_exercise_set(practice).title == "Práctica: rondas"
    assert load_quiz(quiz)[0] == english_title != "Comprueba las rondas"
    assert load_story(story).title != "Un huerto comunitario"
    assert load_exercise_set(practice).title == "Practise: rounds"


def test_a_page_in_spanish_reads_the_english_file_when_there_is_no_translation(tmp_path):
    root = _course(tmp_path)
    quiz = _write(root / "lessons" / "quizzes" / "02_rounds.yaml", QUIZ_ES.replace(
        "Comprueba las rondas", "Only English"))
    with speaking("es"):
        assert load_quiz(quiz)[0] == "Only English"


def test_a_mistake_in_the_spanish_file_names_that_file_in_spanish(tmp_path):
    root = _course(tmp_path)
    quiz = _write(root / "lessons" / "quizzes" / "02_rounds.yaml", QUIZ_ES)
    spanish = _write(root / "translations" / "es" / "lessons" / "quizzes" / "02_rounds.yaml",
                     QUIZ_ES.replace("    choices:", "    choises:"))
    with speaking("es"), pytest.raises(ScenarioError) as raised:
        load_quiz(quiz)
    assert raised.value.path == str(spanish)
    assert "campo desconocido 'choises'" in str(raised.value)
    assert "línea 4" in str(raised.value) and "¿querías decir 'choices'?" in str(raised.value)


# ---- practice pages and worked answers in each language ----------------------------------------


def test_build_exercises_writes_the_spanish_practice_page_and_worked_answers(tmp_path):
    root = _course(tmp_path)
    _write(root / "translations" / "es" / "exercises" / "data" / "02_rounds.yaml", SET_ES)
    written = set(build_exercises(root))
    page_path = root / "translations" / "es" / "exercises" / "02_rounds.ipynb"
    solution_path = root / "translations" / "es" / "solutions" / "02_rounds_solution.ipynb"
    assert {page_path, solution_path, root / "exercises" / "02_rounds.ipynb",
            root / "solutions" / "02_rounds_solution.ipynb"} == written

    page = json.loads(page_path.read_text(encoding="utf-8"))
    english = json.loads((root / "exercises" / "02_rounds.ipynb").read_text(encoding="utf-8"))
    intro, code, nav = (cell["source"] for cell in page["cells"])
    assert intro.startswith("# Práctica: rondas")
    assert "Practicas aquí mismo, en el navegador" in intro and "You practise" not in intro
    # the same links and the same code as the English page: it is shown at the English address
    assert "[Lección 2: Rondas](../lessons/02_rounds.ipynb)" in intro
    assert "[respuestas comentadas](../solutions/02_rounds_solution.ipynb)" in intro
    assert code == english["cells"][1]["source"]
    assert nav == ("---\n\n- **Siguiente:** [Lección 3: El consentimiento y el rango de "
                   "tolerancia](../lessons/03_consent.ipynb)\n- **Volver:** [Lección 2: Rondas]"
                   "(../lessons/02_rounds.ipynb) · [Inicio del curso](../lessons/"
                   "00_start_here.ipynb)")
    assert page["metadata"]["title"] == "Práctica: rondas"

    solution = json.loads(solution_path.read_text(encoding="utf-8"))
    text = "\n".join(cell["source"] for cell in solution["cells"])
    assert text.startswith("# Respuestas comentadas: Práctica: rondas")
    assert "[práctica](../exercises/02_rounds.ipynb)" in text
    assert "**Respuesta:**" in text and "**Por qué:**" in text
    assert "- Correcta: Vuelve a preguntarle al final de la ronda de consentimiento." in text
    assert "- No es correcta: Acepta el paso en las dos rondas." in text
    assert "Presentar la propuesta. Primero todo el mundo la conoce." in text
    for english_word in ("Worked answers", "**Answer:**", "**Why:**", "Not right", "Next:"):
        assert english_word not in text


def test_check_mode_covers_the_translated_pages(tmp_path):
    root = _course(tmp_path)
    spanish = _write(root / "translations" / "es" / "exercises" / "data" / "02_rounds.yaml",
                     SET_ES)
    build_exercises(root)
    assert build_exercises(root, check=True) == []
    spanish.write_text(SET_ES.replace("Al final se decide.", "Por último se decide."),
                       encoding="utf-8")
    assert build_exercises(root, check=True) == [
        root / "translations" / "es" / "solutions" / "02_rounds_solution.ipynb"]
    build_exercises(root)
    assert "Por último se decide." in (
        root / "translations" / "es" / "solutions" / "02_rounds_solution.ipynb").read_text(
            encoding="utf-8")


def test_the_english_pages_stay_english_whatever_the_process_speaks(tmp_path, monkeypatch):
    root = _course(tmp_path)
    _write(root / "translations" / "es" / "exercises" / "data" / "02_rounds.yaml", SET_ES)
    build_exercises(root)
    english = (root / "exercises" / "02_rounds.ipynb").read_text(encoding="utf-8")
    solution = (root / "solutions" / "02_rounds_solution.ipynb").read_text(encoding="utf-8")
    monkeypatch.setenv("SOCIOCRACY_LANGUAGE", "es")
    with speaking("es"):
        assert build_exercises(root, check=True) == []
    assert "Worked answers: Practise: rounds" in solution and "Respuesta" not in solution
    assert "Practise: rounds" in english and "Siguiente" not in english


def test_a_translated_set_without_its_english_set_is_refused_naming_it(tmp_path):
    root = _course(tmp_path)
    orphan = _write(root / "translations" / "es" / "exercises" / "data" / "09_meetings.yaml",
                    SET_ES)
    with pytest.raises(ScenarioError) as raised:
        build_exercises(root)
    assert raised.value.path == str(orphan) and "exercises/data/09_meetings.yaml" in str(
        raised.value)
    assert not (root / "translations" / "es" / "exercises" / "09_meetings.ipynb").exists()


def test_the_course_navigation_speaks_spanish():
    with speaking("es"):
        nav = nav_markdown("lessons/02_rounds.ipynb", ROOT)
        last = nav_markdown("apps/workshop_room.ipynb", ROOT)
    assert "- **Siguiente:** [Lección 3: El consentimiento y el rango de tolerancia]" in nav
    assert ("- **Practica:** [Ejercicios de la lección 2: Rondas](../exercises/02_rounds.ipynb)"
            in nav)
    assert "- **Anterior:** [Lección 1: ¿Por qué la sociocracia?]" in nav
    assert "esta es la última página del curso: vuelve al [Inicio del curso]" in last
    assert nav_markdown("lessons/02_rounds.ipynb", ROOT).startswith(
        "---\n\n- **Next:** [Lesson 3: Consent")


# ---- what check prints, in Spanish ------------------------------------------------------------


def test_check_speaks_spanish_and_keeps_its_codes(tmp_path):
    exercises = _write(tmp_path / "set.yaml", SET_ES.replace("    hint: Entender antes de "
                                                             "decidir.\n", ""))
    quiz = _write(tmp_path / "quiz.yaml", QUIZ_ES.replace(
        "        why: En una ronda cada persona habla a su vez.\n", ""))
    with speaking("es"):
        set_lines = check_file(exercises)
        quiz_lines = check_file(quiz)
        folder_lines = check_file(tmp_path)
    assert [(line.severity, line.code) for line in set_lines] == [("error", "missing-field")]
    assert set_lines[0].message == "falta el campo 'hint'"
    assert [(line.severity, line.code) for line in quiz_lines] == [
        ("warning", "few-application"), ("warning", "missing-why")]
    assert quiz_lines[0].message.startswith("solo 0 de las 1 preguntas de este archivo")
    assert "la opción 'Quien más sabe' no tiene 'why:'" in quiz_lines[1].message
    assert [(line.severity, line.code) for line in folder_lines] == [("warning", "skipped")]
    assert folder_lines[0].message == "esto es una carpeta, no un archivo, así que se ha omitido"


def test_a_choose_task_without_a_right_answer_keeps_its_code_in_spanish(tmp_path):
    broken = _write(tmp_path / "set.yaml", SET_ES.replace("        correct: true\n", ""))
    with speaking("es"):
        lines = check_file(broken)
    assert [line.code for line in lines] == ["answer-not-a-choice"]
    assert "necesita exactamente una opción correcta, no 0" in lines[0].message


def test_a_yaml_indentation_mistake_is_explained_in_spanish_with_its_field():
    text = "title: Rondas\nquestions:\n  - prompt: ¿Quién?\n   choices: []\n"
    with speaking("es"), pytest.raises(ScenarioError) as raised:
        parse_yaml(text, "quiz.yaml")
    assert raised.value.reason.startswith(
        "el archivo no es YAML válido: la sangría de esta línea no coincide con la de las "
        "líneas de arriba (empieza tras 3 espacios, la línea 3 tras 4)")
    assert raised.value.field == "choices" and raised.value.line == 4
