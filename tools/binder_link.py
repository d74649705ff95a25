"""The course's Binder link, made from one setting: the repository's public address.

The address lives in ``pyproject.toml``::

    [tool.sociocracy-course]
    repository = "https://github.com/OWNER/NAME"

(GitHub, GitLab, or any public git address). Nothing else spells it out: this tool makes the
Binder link and the README's badge from it, and tests/serving/test_binder_link.py fails while the
README's badge differs from what this tool makes. After setting or changing the address (a fork,
a move), run::

    python tools/binder_link.py --readme     # rewrite the README's badge
    python tools/binder_link.py              # print the link
    python tools/binder_link.py --markdown   # print the badge

While the setting is empty (a copy with no public address yet), the README says so instead of
showing a badge that leads nowhere, and printing a link is refused with one sentence saying what
to set.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sociocracy.core.errors import CourseError  # noqa: E402

SETTING = "[tool.sociocracy-course] repository"
#: The page a Binder session opens: the course home in Voila (Binder's Jupyter server has Voila
#: as an extension at /voila/).
HOME_PATH = "voila/render/lessons/00_start_here.ipynb"
BADGE_IMAGE = "https://mybinder.org/badge_logo.svg"
BEGIN = ("<!-- binder-badge: made by `python tools/binder_link.py --readme` from "
         "[tool.sociocracy-course] repository in pyproject.toml -->")
END = "<!-- /binder-badge -->"
UNSET_TEXT = ("Binder is not set up for this copy yet: put its public address in "
              "`pyproject.toml` (`[tool.sociocracy-course] repository`) and run "
              "`python tools/binder_link.py --readme`.")
#: Words of an example address, never a real one.
PLACEHOLDERS = {"OWNER", "REPO", "NAME"}


def repository_setting(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The repository's address as set, "" when not set."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    value = data.get("tool", {}).get("sociocracy-course", {}).get("repository", "")
    if not isinstance(value, str):
        raise CourseError(f"{pyproject.name}, {SETTING}: write the address in quotes, "
                          f'for example repository = "https://github.com/OWNER/NAME".')
    return value.strip()


def binder_url(repository: str, *, ref: str = "HEAD", path: str = HOME_PATH) -> str:
    """The mybinder.org address that builds ``repository`` at ``ref`` and opens ``path``."""
    parts = urlsplit(repository)
    segments = [s for s in parts.path.split("/") if s]
    if (parts.scheme != "https" or not parts.netloc or len(segments) < 2
            or PLACEHOLDERS & {s.upper() for s in segments}):
        raise CourseError(
            f"pyproject.toml, {SETTING}: {repository!r} is not a public repository's address; "
            "write it in full, for example https://github.com/OWNER/NAME.")
    if segments[-1].endswith(".git"):
        segments[-1] = segments[-1][: -len(".git")]
    urlpath = "?urlpath=" + quote(path, safe="")
    if parts.netloc == "github.com":
        if len(segments) != 2:
            raise CourseError(f"pyproject.toml, {SETTING}: a GitHub address names an owner and a "
                              "repository, like https://github.com/OWNER/NAME.")
        return f"https://mybinder.org/v2/gh/{segments[0]}/{segments[1]}/{ref}{urlpath}"
    if parts.netloc == "gitlab.com":
        project = quote("/".join(segments), safe="")
        return f"https://mybinder.org/v2/gl/{project}/{ref}{urlpath}"
    return f"https://mybinder.org/v2/git/{quote(repository, safe='')}/{ref}{urlpath}"


def badge(repository: str) -> str:
    """The README's Binder badge (Markdown) for ``repository``."""
    return f"[![Binder]({BADGE_IMAGE})]({binder_url(repository)})"


def readme_block(repository: str) -> str:
    """What the README holds between its binder-badge markers."""
    body = badge(repository) if repository else UNSET_TEXT
    return f"{BEGIN}\n{body}\n{END}"


def readme_block_in(text: str) -> str | None:
    """The binder-badge block as found in a README's text, None when it has none."""
    match = re.search(re.escape(BEGIN) + r".*?" + re.escape(END), text, flags=re.S)
    return match.group(0) if match else None


def rewrite_readme(readme: Path, repository: str) -> bool:
    """Put the block for ``repository`` into ``readme``; whether the file changed."""
    text = readme.read_text(encoding="utf-8")
    found = readme_block_in(text)
    if found is None:
        raise CourseError(f"{readme.name} has no Binder badge block to rewrite (the lines "
                          f"{BEGIN} and {END}); add them where the badge belongs.")
    new = text.replace(found, readme_block(repository))
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--markdown", action="store_true", help="print the README's badge")
    what.add_argument("--readme", action="store_true",
                      help="rewrite the badge in README.md from the setting")
    args = parser.parse_args(argv)
    try:
        repository = repository_setting()
        if args.readme:
            changed = rewrite_readme(ROOT / "README.md", repository)
            print("README.md's Binder badge " + ("rewritten." if changed else "was up to date."))
            return 0
        if not repository:
            raise CourseError(f"No repository address is set: put it in pyproject.toml "
                              f"({SETTING}), for example https://github.com/OWNER/NAME.")
        print(badge(repository) if args.markdown else binder_url(repository))
        return 0
    except CourseError as error:
        print(error.plain, file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
