"""Every page in another language, in Chromium (issue 23).

* **The pseudo-language** (``qps``, test-only, ``tools/pseudo_locale.py``) turns every ASCII
  letter of every translatable string into a look-alike. A page shown in it that still has a
  plain ASCII word shows a string that never went through translation: the test lists them, page
  by page (and writes them all to ``test-artifacts/untranslated.json``).
* **Spanish**: every page renders without error, fits a 360 px phone, passes axe, says it is
  Spanish (``<html lang="es">``), and shows no English string that the Spanish catalogs leave
  untranslated.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.ui.conftest import open_notebook, screenshot
from tests.ui.test_pages import PAGES, serious_axe_violations

pytestmark = pytest.mark.browser

#: Every piece of text a visitor can meet on the page: text nodes (shown or folded away), and
#: the words of labels, tooltips, alternative texts and placeholders. Not the language menu
#: (each language is named in itself on purpose) nor scripts and styles.
_TEXTS = """() => {
  // code (commands, file names) and people's own words (<bdi>) are the same in every language
  const skip = "script, style, noscript, .course-languages, [translate=no], code, pre, kbd, bdi";
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || el.closest(skip)) continue;
    const text = node.textContent.trim();
    if (text) out.push(text);
  }
  for (const el of document.querySelectorAll("[aria-label], [title], [alt], [placeholder]")) {
    if (el.closest(skip)) continue;
    for (const name of ["aria-label", "title", "alt", "placeholder"]) {
      const value = (el.getAttribute(name) || "").trim();
      if (value && value !== "null") out.push(value);  // ipywidgets' unset tooltip: "null"
    }
  }
  for (const el of document.querySelectorAll("input[type=button], input[type=submit]")) {
    if (el.value && !el.closest(skip)) out.push(el.value.trim());
  }
  out.push(document.title);
  return out;
}"""

#: What may stay in ASCII letters on a page in any language: addresses and file names (they
#: are the same in every language), and Jupyter's own words outside the course's control.
_NEVER_TRANSLATED = re.compile(
    r"https?://\S+|\b[\w./-]+\.(?:ipynb|yaml|yml|csv|md|json|py|png|svg|pdf)\b"
    r"|\b(?:www\.)?[\w-]+\.(?:org|com|net)\b")
_ASCII_WORD = re.compile(r"[A-Za-z]{2,}")


def _example_people() -> re.Pattern[str]:
    """The made-up people of the course's simulations (people's names are the same in every
    language, like a participant's): taken from the library, not listed here."""
    from sociocracy.growth import NAMES
    from sociocracy.proposals import MEMBER_NAMES
    from sociocracy.tolerance import EXAMPLE_MEMBERS

    names = {*NAMES, *MEMBER_NAMES, *(member.name for member in EXAMPLE_MEMBERS)}
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, names), key=len, reverse=True))
                      + r")\b")


_PEOPLE = _example_people()


def untranslated(texts: list[str]) -> list[str]:
    """The texts (of a page in the pseudo-language) that still hold a plain ASCII word."""
    found: list[str] = []
    for text in texts:
        if text == "Loading widget...":  # ipywidgets' own placeholder (a folded output's)
            continue
        rest = _PEOPLE.sub(" ", _NEVER_TRANSLATED.sub(" ", text))
        if _ASCII_WORD.search(rest) and text not in found:
            found.append(text)
    return found


def open_in(page, voila, path: str, language: str):
    """Open ``path`` in ``language`` (as the language menu does) and wait until it is drawn,
    its last widget too (ipywidgets' "Loading widget..." placeholder gone)."""
    separator = "&" if "?" in path else "?"
    response = open_notebook(page, voila, f"{path}{separator}lang={language}")
    page.wait_for_function("() => !document.body.innerText.includes('Loading widget...')",
                           timeout=60_000)
    return response


_REPORT = ROOT / "test-artifacts" / "untranslated"


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """A course server of this module's own, on an empty record: the shared server's record holds
    what other tests typed (session titles, rooms), which are people's words in English and would
    be listed as untranslated."""
    from tools.course_server import start_course_server

    data = tmp_path_factory.mktemp("languages-record")
    try:
        server = start_course_server(tmp_path_factory.mktemp("languages") / "voila.log",
                                     extra_args=("--max-kernels", "0"),
                                     extra_env={"SOCIOCRACY_COURSE_DATA": str(data)})
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield server
    server.stop(wait=False)  # waited for when the session ends (tests/conftest.py)


@pytest.mark.parametrize("path", PAGES)
def test_every_string_on_the_page_goes_through_translation(page, page_log, voila, path):
    response = open_in(page, voila, path, "qps")
    assert response is not None and response.status == 200
    assert page.evaluate("() => document.documentElement.lang") == "qps"
    found = untranslated(page.evaluate(_TEXTS))
    _REPORT.mkdir(parents=True, exist_ok=True)
    (_REPORT / f"{Path(path).stem}.json").write_text(
        json.dumps({"page": path, "untranslated": found}, ensure_ascii=False, indent=1))
    assert found == [], f"{len(found)} strings on {path} are not translated: {found[:40]}"
    assert page_log.problems() == []


@lru_cache(maxsize=1)
def _english_left_in_spanish() -> frozenset[str]:
    """English strings (of the code's catalogs) that the Spanish catalogs do not translate."""
    from babel.messages.pofile import read_po

    locale = ROOT / "sociocracy" / "locale"
    left: set[str] = set()
    for template_file in locale.glob("*.pot"):
        with template_file.open("rb") as handle:
            template = read_po(handle)
        spanish_file = locale / "es" / "LC_MESSAGES" / f"{template_file.stem}.po"
        spanish = None
        if spanish_file.is_file():
            with spanish_file.open("rb") as handle:
                spanish = read_po(handle, locale="es")
        for message in template:
            if not message.id or not isinstance(message.id, str) or "{" in message.id:
                continue
            found = spanish.get(message.id, context=message.context) if spanish else None
            missing = found is None or not found.string or found.fuzzy
            if missing and _ASCII_WORD.search(message.id):
                left.add(message.id.strip())
    return frozenset(left)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_in_spanish_renders_fits_a_phone_and_is_accessible(browser, voila, path):
    context = browser.new_context(viewport={"width": 360, "height": 800},
                                  extra_http_headers={"Accept-Language": "es-ES,es;q=0.9"})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        # no ?lang: the browser's language chooses Spanish
        response = open_notebook(page, voila, path)
        assert response is not None and response.status == 200
        assert page.evaluate("() => document.documentElement.lang") == "es"
        errors = page.locator(".jp-OutputArea-output[data-mime-type*='stderr'], .voila-error")
        assert errors.count() == 0, errors.first.inner_text()
        assert "There was an error when executing cell" not in page.content()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"{path} in Spanish is {width} px wide on a 360 px phone"
        english = sorted(set(page.evaluate(_TEXTS)) & _english_left_in_spanish())
        assert english == [], f"English left on {path} in Spanish: {english}"
        screenshot(page, f"es-{Path(path).stem}")
        assert serious_axe_violations(page) == []
    finally:
        context.close()


#: Is the element at the middle of the "English" link the link itself (not something over it)?
_REACHABLE_JS = """() => {
  const link = document.querySelector('.course-languages a[hreflang="en"]');
  if (!link) return 'no English link';
  const box = link.getBoundingClientRect();
  if (box.width === 0 || box.bottom <= 0) return 'not shown';
  const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return link.contains(top) ? 'reachable' : 'covered by ' + (top ? top.className : 'nothing');
}"""


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800},   # a laptop
                                      {"width": 853, "height": 533},    # the same at 150 % zoom
                                      {"width": 700, "height": 800}])
def test_the_language_menu_is_reachable_above_an_apps_floating_bar(browser, voila, viewport):
    """An app's Projector-mode bar floats over the top of the page on a laptop: the language
    menu must not be hidden under it (it was, at 150 % zoom), and the bar's words stay clear of
    it."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        open_in(page, voila, "apps/consent_decision.ipynb", "es")
        assert page.evaluate(_REACHABLE_JS) == "reachable"
        menu = page.locator(".course-languages").bounding_box()
        hint = page.locator(".course-room-hint").bounding_box()
        assert hint["x"] + hint["width"] <= menu["x"] or hint["y"] >= menu["y"] + menu["height"]
        page.get_by_role("link", name="English").click()
        page.wait_for_url("**lang=en")
        assert page.evaluate("() => document.documentElement.lang") == "en"
    finally:
        context.close()
