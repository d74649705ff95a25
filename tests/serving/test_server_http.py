"""The course server over plain HTTP (no browser): landing page, hidden code, no file leaks."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str | urllib.request.Request, *, follow: bool = True):
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(url, timeout=90)
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8", "replace")


def test_root_redirects_to_the_course_home(voila):
    status, headers, _ = fetch(voila.url(), follow=False)
    assert status == 302
    assert headers["Location"].endswith("/voila/render/lessons/00_start_here.ipynb")
    assert "_xsrf" in headers.get("Set-Cookie", "")


def test_lesson_page_hides_code_and_names_itself(voila):
    status, _, body = fetch(voila.url("lessons/01_why_sociocracy.ipynb"))
    assert status == 200
    assert "<title>Lesson 1: Why sociocracy?</title>" in body
    assert '<html lang="en">' in body
    assert "from sociocracy.widgets import" not in body  # sources are stripped
    assert "cdn.jsdelivr.net" not in body


@pytest.mark.parametrize("path", ["lessons/01_why_sociocracy.ipynb", "sociocracy/cli.py",
                                  "lessons/quizzes/01_why_sociocracy.yaml", "voila.json"])
def test_notebooks_code_and_data_are_not_served_as_files(voila, path):
    status, _, _ = fetch(f"{voila.base}/voila/files/{path}")
    assert status in (403, 404)


def test_room_network_mode_asks_for_the_token_it_prints(room_network):
    page = room_network.server.url("lessons/00_start_here.ipynb")
    status, headers, _ = fetch(page, follow=False)
    # refused: either a plain 403 or a redirect to the login page, never the page itself
    assert status in (302, 403)
    if status == 302:
        assert "login" in headers["Location"]
    assert room_network.room_token, "the server printed no token to share"
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    with browser.open(f"{page}?token={room_network.room_token}", timeout=90) as response:
        assert response.status == 200 and "<title>Start here" in response.read().decode()
