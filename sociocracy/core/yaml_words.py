"""YAML syntax errors in a trainer's words: what is wrong on the line, and what to do about it.

The parsers (libyaml, or PyYAML's pure-Python one) speak of tokens: "did not find expected key",
"expected <block end>, but found '?'", "mapping values are not allowed here". A trainer editing a
quiz in a text editor needs to hear "the indentation of this line does not match the lines above
it". Every loader of trainers' files goes through :func:`sociocracy.core.yaml_file.parse_yaml`,
which asks :func:`syntax_error_words` for the sentence, so organisations, quizzes, exercise sets,
agendas and case studies all say the same thing for the same mistake.

Kept apart from the loader (and from any one file format) so that the translation is one table
that can grow as trainers meet new mistakes; it needs nothing but the parser's error and the text.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from sociocracy.core.language import N_, _, ngettext

__all__ = ["INDENT_WORDS", "SyntaxWords", "indent_detail", "line_text", "syntax_error_words"]

#: How every indentation mistake begins (the loader adds where the line starts against the one
#: above it).
#: (Marked for translation: compare with ``_(INDENT_WORDS)``; each translation of an indentation
#: message below starts with the translation of these words.)
INDENT_WORDS = N_("the indentation of this line does not match the lines above it")
# Translators: must start with the translation of "the indentation of this line does not
# match the lines above it"
_INDENT = N_("the indentation of this line does not match the lines above it: a field must "
             "start exactly under the fields of its group, and a list item ('- ') under the "
             "items of its list")
_COLON = N_("a second ': ' on this line (or a line indented further than the one above it) "
            "reads as the start of a new field: put a text containing ': ' in quotes, like "
            "\"Ana says: no\", or line the field up with the ones above it")
_TAB = N_("this line is indented with a tab; indent with spaces only (YAML does not allow tabs: "
          "use two spaces per level)")
_RESERVED = N_("a value here starts with '{char}', which YAML keeps for itself: put the whole "
               "text in quotes, like \"{char}...\"")
_STAR = N_("a value here starts with '{char}', which YAML reads as a reference to another part "
           "of the file: put the whole text in quotes, like \"{char}...\"")


def line_text(text: str, line: int | None) -> str | None:
    lines = text.splitlines()
    return lines[line - 1] if line is not None and 0 < line <= len(lines) else None


def _indent(line: str, *, of_key: bool = False) -> int:
    """Spaces before the line's text; ``of_key``: before its field (after a list's ``- ``)."""
    spaces = len(line) - len(line.lstrip(" "))
    if of_key and line[spaces:].startswith("- "):
        rest = line[spaces + 1:]
        spaces += 1 + len(rest) - len(rest.lstrip(" "))
    return spaces


def _line_above(text: str, line: int) -> tuple[int, str] | None:
    """The nearest line above ``line`` that holds something (not blank, not a comment)."""
    lines = text.splitlines()
    for number in range(min(line - 1, len(lines)), 0, -1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number, lines[number - 1]
    return None


def indent_detail(text: str, line: int | None) -> str:
    """Where a mis-indented line starts against the line above it ("it starts after 5 spaces,
    line 8 after 4"), or "" when that does not explain it."""
    here = line_text(text, line)
    if here is None or line is None:
        return ""
    above = _line_above(text, line)
    spaces = _indent(here)
    # a field compares with the fields above (after their "- "), a "- " line with its line
    there = _indent(above[1], of_key=not here.lstrip().startswith("-")) if above else spaces
    if above is None or there == spaces:
        return ""
    return ngettext("it starts after {spaces} space, line {line} after {there}",
                    "it starts after {spaces} spaces, line {line} after {there}",
                    spaces).format(spaces=spaces, line=above[0], there=there)


@dataclass(frozen=True)
class SyntaxWords:
    """The sentence for a syntax error, and the line (1-based) it is about; ``indent``: the
    mistake may be the line's indentation (the loader then names the field on it)."""

    message: str
    line: int | None
    indent: bool = False


def _line(mark: yaml.Mark | None) -> int | None:
    return mark.line + 1 if mark is not None else None


def _char_at(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.splitlines()
    if not 0 <= mark.line < len(lines):
        return ""
    row = lines[mark.line]
    return row[mark.column] if 0 <= mark.column < len(row) else ""


def syntax_error_words(error: yaml.MarkedYAMLError, text: str) -> SyntaxWords:
    """What a parser's syntax error means for the person who wrote the file, and where.

    ``text`` is the file's text (to see the character a parser stopped at: a tab, an ``@``).
    Unknown errors keep the parser's words, with the usual advice, so nothing is hidden. The
    loader puts "the file is not valid YAML: " before the sentence.
    """
    problem = (error.problem or "").rstrip(".")
    context = (error.context or "").rstrip(".")
    at, opened = error.problem_mark, error.context_mark
    char = _char_at(text, at)
    if "\t" in problem or "tab" in problem or char == "\t":
        return SyntaxWords(_(_TAB), _line(at), indent=True)
    if "quoted scalar" in context:
        return SyntaxWords(_("a quotation mark opened on this line is never closed: add the "
                             "closing quote at the end of the text"), _line(opened))
    if "flow sequence" in context:
        return SyntaxWords(_("a list in square brackets opened on this line is not closed with "
                             "']', or its items are not separated by commas"), _line(opened))
    if "flow mapping" in context:
        return SyntaxWords(_("a group in curly braces opened on this line is not closed with "
                             "'}', or its fields are not separated by commas"), _line(opened))
    if "mapping values are not allowed" in problem:
        # a line indented unlike its neighbours reads as a second ': '; say which it is
        here = _line(at)
        return SyntaxWords(_(_INDENT) if indent_detail(text, here) else _(_COLON), here,
                           indent=True)
    if "alias" in context or "anchor" in context:
        sign = _char_at(text, opened)
        sign = sign if sign in ("*", "&") else ("&" if "anchor" in context else "*")
        return SyntaxWords(_(_STAR).format(char=sign), _line(opened or at))
    if "undefined alias" in problem:
        return SyntaxWords(_(_STAR).format(char="*"), _line(at))
    if "cannot start any token" in problem:
        return SyntaxWords(_(_RESERVED).format(char=char or "@"), _line(at))
    if ("expected key" in problem or "expected '-' indicator" in problem
            or "<block end>" in problem or "<block end>" in context
            or "block sequence entries are not allowed" in problem):
        return SyntaxWords(_(_INDENT), _line(at), indent=True)
    if "could not find expected ':'" in problem:
        return SyntaxWords(_("a line here has no ': ' after its field name, or a text runs on "
                             "to a line not indented under its field"), _line(at), indent=True)
    if "single document" in context or "another document" in problem:
        return SyntaxWords(_("the file holds two documents (a line '---' in the middle); keep "
                             "one"), _line(at))
    words = problem or context or _("the parser gave no reason")
    return SyntaxWords(_("the parser says '{words}'; check the indentation and the colons on "
                         "this line and the one before").format(words=words),
                       _line(at or opened), indent=True)
