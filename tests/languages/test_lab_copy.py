"""``sociocracy-course lab`` in another language opens a copy of the course made in it (issue 23).

JupyterLab has no prelaunch hook, so the command writes a copy (``sociocracy.shell.lab_copy``):
every notebook as its Voila page in the language, with its language cell visible; the data files
and their translations beside them; a learner's changes kept on the next run and listed. English
still opens the course folder itself.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import nbformat
import pytest

from sociocracy.core import language
from sociocracy.core.course_folder import course_folder_of
from sociocracy.core.language import localized, speaking
from sociocracy.shell.cli import main
from sociocracy.shell.lab_copy import MANIFEST, make_lab_copy
from sociocracy.shell.languages import LANGUAGE_CELL_ID
from tools.course_server import free_port

ROOT = Path(__file__).resolve().parents[2]
LOCALE_VARIABLES = ("SOCIOCRACY_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture(scope="module")
def copy_folder(tmp_path_factory) -> Path:
    """The Spanish copy, made once for the module's read-only tests."""
    folder = tmp_path_factory.mktemp("lab") / "es"
    made = make_lab_copy(ROOT, "es", folder)
    assert made.kept == [] and "lessons/02_rounds.ipynb" in made.written
    return folder


def _text(notebook_file: Path) -> str:
    notebook = nbformat.read(notebook_file, as_version=4)
    return "\n".join(cell.source for cell in notebook.cells)


def test_the_spanish_copy_has_the_lessons_and_the_code_exercises_in_spanish(copy_folder):
    lesson = _text(copy_folder / "lessons" / "02_rounds.ipynb")
    assert "# Rondas" in lesson and "# Rounds" not in lesson
    exercise = _text(copy_folder / "exercises" / "code" / "02_rounds.ipynb")
    assert "# Rondas: ejercicios" in exercise and "Three short exercises" not in exercise
    assert "# tu respuesta aquí" in exercise and "# your answer here" not in exercise
    answers = _text(copy_folder / "solutions" / "code" / "05_circles_solution.ipynb")
    assert '"Huerto"' in answers and "Decide who decides" not in answers
    practice = _text(copy_folder / "exercises" / "02_rounds.ipynb")  # a whole translated page
    assert "# Practica: rondas" in practice and "# Practise: rounds" not in practice


def test_each_notebook_starts_with_a_visible_explained_cell_setting_the_language(copy_folder):
    for name in ("lessons/00_start_here.ipynb", "exercises/code/03_consent.ipynb",
                 "apps/circle_map.ipynb"):
        first = nbformat.read(copy_folder / name, as_version=4).cells[0]
        assert first.id == LANGUAGE_CELL_ID and first.cell_type == "code", name
        assert first.source.startswith("# Esta copia del curso está en español"), first.source
        assert "use_language('es')" in first.source
        assert not first.metadata.get("jupyter", {}).get("source_hidden")


def test_the_data_files_and_their_translations_are_where_the_notebooks_look(copy_folder):
    quiz = copy_folder / "lessons" / "quizzes" / "02_rounds.yaml"
    assert quiz.read_bytes() == (ROOT / "lessons" / "quizzes" / "02_rounds.yaml").read_bytes()
    assert course_folder_of(copy_folder / "lessons" / "02_rounds.ipynb") == copy_folder.resolve()
    spanish = copy_folder / "translations" / "es" / "lessons" / "quizzes" / "02_rounds.yaml"
    assert localized(quiz, "es") == spanish.resolve()
    organisation = copy_folder / "examples" / "organizations" / "green_valley_coop.yaml"
    assert localized(organisation, "es").read_text(encoding="utf-8").count("Huerto") > 0
    # The pages' own translations are in the copy's notebooks: no catalog is copied.
    assert not list((copy_folder / "translations").rglob("*.po"))
    assert not list((copy_folder / "translations").rglob("*.ipynb"))


def test_the_folders_readmes_are_in_spanish_at_their_own_paths(copy_folder):
    """A learner opens ``lessons/README.md`` in the copy and reads Spanish: a document's
    translation stands at the document's path (not under ``translations/``, where nobody looks)."""
    lessons = (copy_folder / "lessons" / "README.md").read_text(encoding="utf-8")
    assert lessons.startswith("# Lecciones") and "One notebook per principle" not in lessons
    assert "`quizzes/NN_topic.yaml`" in lessons  # paths kept
    for folder, title in (("apps", "# Apps para talleres"), ("exercises", "# Ejercicios"),
                          ("solutions", "# Soluciones")):
        readme = (copy_folder / folder / "README.md").read_text(encoding="utf-8")
        assert readme.startswith(title), folder
    assert "sociocracy-course build-exercises" in readme  # commands kept
    assert not list((copy_folder / "translations").rglob("*.md"))
    assert (ROOT / "lessons" / "README.md").read_text(encoding="utf-8").startswith("# Lessons")


def _run(notebook_file: Path) -> str:
    """Run a notebook of the copy as JupyterLab would (in its folder); its outputs' text and its
    widgets' state."""
    from nbclient import NotebookClient

    notebook = nbformat.read(notebook_file, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(notebook_file.parent)}}).execute()
    shown = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", output
            data = output.get("data", {})
            shown.append(str(output.get("text", "")) + str(data.get("text/plain", ""))
                         + str(data.get("text/html", "")))
    widgets = notebook.metadata.get("widgets", {})  # the widgets' state, as nbclient keeps it
    return "\n".join([*shown, json.dumps(widgets, ensure_ascii=False)])


def test_a_lesson_and_a_code_exercise_of_the_copy_run_in_spanish(copy_folder, monkeypatch):
    monkeypatch.delenv("SOCIOCRACY_LANGUAGE", raising=False)  # the first cell says it
    lesson = _run(copy_folder / "lessons" / "02_rounds.ipynb")
    assert "Autoevaluación: rondas" in lesson  # the Spanish quiz, found by the data-file rule
    assert "Personas:" in lesson  # a widget's label
    exercise = _run(copy_folder / "exercises" / "code" / "05_circles.ipynb")
    assert "Huerto: bancales de verduras" in exercise  # ../../examples/..., in Spanish
    assert "Comprar una carretilla nueva para el huerto: aún sin responder." in exercise
    # Part 1's broken co-op is built in Spanish: its map and the errors quote Spanish names.
    assert "Quedan 4 errores:" in exercise
    assert "Ana es a la vez líder y delegado/a de 'Compras'." in exercise
    assert "'Tienda' y 'Compras' tienen ambos 'existencias' en su dominio" in exercise
    assert "Cooperativa de Alimentos La Colina" in exercise  # the map's title
    for english in ("Hilltop", "Buying", "Shop Floor", "General Circle"):
        assert english not in exercise, english


def test_code_exercise_4_names_the_consent_step_in_spanish(copy_folder, monkeypatch):
    monkeypatch.delenv("SOCIOCRACY_LANGUAGE", raising=False)
    exercise = _run(copy_folder / "exercises" / "code" / "04_objections.ipynb")
    assert "Paso: Integrar objeciones" in exercise
    assert "integrate-objections" not in exercise


def test_a_learners_changes_are_kept_and_everything_else_follows_the_course(tmp_path):
    folder = tmp_path / "es"
    make_lab_copy(ROOT, "es", folder)
    edited = folder / "lessons" / "02_rounds.ipynb"
    notebook = nbformat.read(edited, as_version=4)
    notebook.cells[1].source += "\n\nMis notas: probar esto el jueves."
    nbformat.write(notebook, edited)
    ran = folder / "lessons" / "03_consent.ipynb"  # only run: outputs are not a change
    notebook = nbformat.read(ran, as_version=4)
    notebook.cells[0].outputs = [nbformat.v4.new_output("stream", text="es\n")]
    nbformat.write(notebook, ran)
    quiz = folder / "lessons" / "quizzes" / "02_rounds.yaml"
    quiz.write_text(quiz.read_text(encoding="utf-8") + "\n# mi pregunta\n", encoding="utf-8")
    (folder / "lessons" / "05_circles.ipynb").unlink()  # deleted: written again
    older = folder / "lessons" / "04_objections.ipynb"  # as an older course wrote it
    notebook = nbformat.read(older, as_version=4)
    notebook.cells[1].source = "# Una versión anterior"
    nbformat.write(notebook, older)
    manifest = json.loads((folder / MANIFEST).read_text())
    from sociocracy.shell.lab_copy import fingerprint
    manifest["files"]["lessons/04_objections.ipynb"] = fingerprint(older.read_bytes(),
                                                                   older.name)
    (folder / MANIFEST).write_text(json.dumps(manifest))

    again = make_lab_copy(ROOT, "es", folder)

    assert sorted(again.kept) == ["lessons/02_rounds.ipynb", "lessons/quizzes/02_rounds.yaml"]
    assert "Mis notas: probar esto el jueves." in _text(edited)
    assert quiz.read_text(encoding="utf-8").endswith("# mi pregunta\n")
    assert sorted(again.written) == ["lessons/04_objections.ipynb", "lessons/05_circles.ipynb"]
    assert "# Una versión anterior" not in _text(older)
    assert nbformat.read(ran, as_version=4).cells[0].outputs  # left as the learner ran it
    # Still the learner's on the run after (the manifest keeps what the course wrote).
    assert sorted(make_lab_copy(ROOT, "es", folder).kept) == sorted(again.kept)


@pytest.fixture
def no_language(monkeypatch):
    """No language chosen, the process's language and argparse's ``_`` put back afterwards."""
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(language, "_kernel_language", None)
    monkeypatch.setattr(argparse, "_", argparse._)  # type: ignore[attr-defined]


class Launched(Exception):
    """Stands for JupyterLab taking the command's place (``os.execve``)."""


def _lab(argv: list[str], monkeypatch, tmp_path) -> tuple[list[str], dict[str, str]]:
    """Run ``sociocracy-course lab`` up to starting JupyterLab: its command line and env."""
    started: dict = {}

    def execve(path, command, env):
        started.update(command=command, env=env)
        raise Launched

    monkeypatch.setenv("SOCIOCRACY_COURSE_ROOT", str(ROOT))
    monkeypatch.setenv("SOCIOCRACY_COURSE_DATA", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)  # put back after the test: the command moves into its folder
    monkeypatch.setattr(os, "execve", execve)
    with pytest.raises(Launched):
        main(["--debug", "lab", "--no-browser", "--port", str(free_port()), *argv])
    return started["command"], started["env"]


@pytest.mark.skipif(os.name != "posix", reason="JupyterLab takes the command's place on POSIX")
def test_lab_in_spanish_opens_the_copy_and_says_which_changes_it_kept(
        no_language, monkeypatch, tmp_path, capsys):
    command, env = _lab(["--language", "es"], monkeypatch, tmp_path)
    copy = tmp_path / "data" / "lab" / "es"
    assert f"--ServerApp.root_dir={copy}" in command
    assert "--LabApp.default_url=/lab/tree/lessons/00_start_here.ipynb" in command
    assert env["SOCIOCRACY_LANGUAGE"] == "es" and env["SOCIOCRACY_COURSE_ROOT"] == str(ROOT)
    assert str(copy) in capsys.readouterr().out
    # a workspace of its own (the English JupyterLab does not reopen the copy's tabs)
    settings = tmp_path / "data" / "lab" / ".settings" / "es"
    assert f"--LabApp.workspaces_dir={settings / 'workspaces'}" in command

    mine = copy / "exercises" / "code" / "02_rounds.ipynb"
    mine.write_text(mine.read_text(encoding="utf-8").replace("tu respuesta aquí", "mi idea"),
                    encoding="utf-8")
    monkeypatch.setenv("LANG", "es_ES.UTF-8")  # the command speaks Spanish; the copy is Spanish
    command, _env = _lab([], monkeypatch, tmp_path)
    assert f"--ServerApp.root_dir={copy}" in command
    said = capsys.readouterr().out
    assert "Cambiaste estos archivos" in said and "exercises/code/02_rounds.ipynb" in said
    assert "mi idea" in mine.read_text(encoding="utf-8")


@pytest.mark.skipif(os.name != "posix", reason="JupyterLab takes the command's place on POSIX")
def test_jupyterlabs_own_menus_are_in_spanish_in_the_spanish_lab(no_language, monkeypatch,
                                                                  tmp_path):
    """JupyterLab reads its menus' language from the settings the command puts first on its
    configuration path (read here by JupyterLab's own settings code, as the server does)."""
    from jupyterlab_server.settings_utils import _get_overrides

    from sociocracy.shell.lab_copy import TRANSLATION_PLUGIN, lab_locale

    assert lab_locale("es") == "es_ES"  # the Spanish language pack is a dependency
    before = os.environ.get("JUPYTER_CONFIG_PATH", "")
    _command, env = _lab(["--language", "es"], monkeypatch, tmp_path)
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", env["JUPYTER_CONFIG_PATH"])
    overrides, error = _get_overrides(str(tmp_path / "app-settings"))
    assert error == ""
    assert overrides[TRANSLATION_PLUGIN]["locale"] == "es_ES"
    # the course's own JupyterLab settings (no news pop-up) are still read
    assert "@jupyterlab/apputils-extension:notification" in overrides

    monkeypatch.setenv("JUPYTER_CONFIG_PATH", before)
    _command, english = _lab([], monkeypatch, tmp_path)
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", english["JUPYTER_CONFIG_PATH"])
    assert TRANSLATION_PLUGIN not in _get_overrides(str(tmp_path / "app-settings"))[0]


def test_without_a_language_pack_the_command_says_how_to_get_one(no_language, monkeypatch,
                                                                 tmp_path, capsys):
    from sociocracy.shell import lab_copy

    monkeypatch.setattr(lab_copy, "lab_locale", lambda language: None)
    if os.name == "posix":
        _lab(["--language", "es"], monkeypatch, tmp_path)
        assert "jupyterlab-language-pack-es-ES" in capsys.readouterr().out


@pytest.mark.skipif(os.name != "posix", reason="JupyterLab takes the command's place on POSIX")
def test_lab_in_english_opens_the_course_folder_itself(no_language, monkeypatch, tmp_path):
    command, env = _lab([], monkeypatch, tmp_path)
    assert f"--ServerApp.root_dir={ROOT}" in command
    assert "SOCIOCRACY_LANGUAGE" not in env
    assert not (tmp_path / "data" / "lab").exists()


def test_lab_refuses_a_language_the_course_does_not_have(no_language, capsys):
    with speaking("en"):
        assert main(["lab", "--no-browser", "--port", str(free_port()), "--language", "tlh"]) == 2
    assert "no language 'tlh'" in capsys.readouterr().err


def test_the_circles_exercise_takes_spanish_answers_on_a_spanish_page():
    """The worked answers in Spanish name the Spanish example's circles, keyed by the decisions
    as the Spanish page shows them (an English key is still understood)."""
    from sociocracy.circles import load_organization
    from sociocracy.course.circle_exercises import check_who_decides, decisions

    with speaking("es"):
        example = load_organization(ROOT / "examples" / "organizations" / "green_valley_coop.yaml")
        shown = decisions()
        assert shown[0] == "Comprar una carretilla nueva para el huerto"
        answers = dict(zip(shown, ["Huerto", "Mantenimiento", "Círculo general", "Comunidad",
                                   "Círculo de misión"], strict=True))
        assert check_who_decides(example, answers).startswith("5 de 5 correctas")
        english_key = {"Buy a new wheelbarrow for the garden": "Huerto"}
        assert check_who_decides(example, english_key).startswith("1 de 5 correctas")


def test_a_copy_that_cannot_be_written_is_one_sentence_naming_the_folder(tmp_path):
    from sociocracy.core.errors import CourseError

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    with pytest.raises(CourseError) as caught:
        make_lab_copy(ROOT, "es", blocked / "lab" / "es")
    assert str(blocked / "lab" / "es") in caught.value.plain
    assert "SOCIOCRACY_COURSE_DATA" in caught.value.plain
