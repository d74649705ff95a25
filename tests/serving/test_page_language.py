"""A page's language on the course server (issue 23): chosen in the address and kept for the
browser's session, else the browser's; the lesson's text translated; English pages untouched."""

from __future__ import annotations

import urllib.request

from sociocracy.course.translated_notebooks import read_catalog
from tests.conftest import ROOT


def spanish_heading(lesson: str) -> str:
    """The Spanish of the lesson's title, as its catalog says (the first piece: its heading)."""
    catalog = read_catalog(ROOT / "translations" / "es" / lesson.replace(".ipynb", ".po"))
    first = next(m for m in catalog if m.id and m.context and m.context.endswith(":0"))
    assert first.string and first.string != first.id
    return str(first.string).lstrip("# ").strip()


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[str, list[str]]:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=120) as response:
        return (response.read().decode("utf-8"),
                response.headers.get_all("Set-Cookie") or [])


LESSON = "lessons/02_rounds.ipynb"


def test_the_browsers_language_chooses_spanish(voila):
    html, cookies = _get(voila.url(LESSON), {"Accept-Language": "es-ES,es;q=0.9,en;q=0.8"})
    assert '<html lang="es">' in html
    assert spanish_heading(LESSON) in html
    assert not any(c.startswith("sociocracy-language=") for c in cookies)  # nothing chosen


def test_an_english_browser_gets_the_english_page_untouched(voila):
    html, _ = _get(voila.url(LESSON), {"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in html
    assert "Rounds: every voice, in turn" in html
    assert spanish_heading(LESSON) not in html
    assert "_use_language" not in html  # no language cell in an English page


def test_a_choice_in_the_address_lasts_for_the_browsers_session(voila):
    html, cookies = _get(voila.url(LESSON) + "?lang=en", {"Accept-Language": "es"})
    assert '<html lang="en">' in html
    kept = [c for c in cookies if c.startswith("sociocracy-language=en")]
    assert kept, cookies
    assert "expires" not in kept[0].lower() and "max-age" not in kept[0].lower()  # session only
    assert "httponly" in kept[0].lower() and "samesite=lax" in kept[0].lower()
    # the next page, without ?lang: the kept choice wins over the browser's Spanish
    html, _ = _get(voila.url("lessons/03_consent.ipynb"),
                   {"Accept-Language": "es", "Cookie": "sociocracy-language=en"})
    assert '<html lang="en">' in html


def test_an_unknown_language_in_the_address_is_ignored(voila):
    html, cookies = _get(voila.url(LESSON) + "?lang=xx", {"Accept-Language": "es"})
    assert '<html lang="es">' in html
    assert not any(c.startswith("sociocracy-language=") for c in cookies)


def test_the_language_menu_names_each_language_in_itself(voila):
    html, _ = _get(voila.url(LESSON) + "?lang=es")
    assert '<nav class="course-languages"' in html
    assert 'href="?lang=en" lang="en" hreflang="en">English</a>' in html
    assert '<span class="course-language" lang="es" aria-current="true">Español</span>' in html
