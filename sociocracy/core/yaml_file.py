"""Reading trainers' data files (YAML) so that every mistake is reported with file, line and field.

Trainers adapt the course by editing YAML files (organisations, quizzes, exercises). They are not
programmers, so a mistake must come back as one sentence that names the place to fix, never as a
parser traceback. PyYAML's composer keeps the line of every node; we keep those lines beside the
plain data so that later checks (a missing aim, an unknown parent) can point at a line too.

The files also arrive from outside (an upload in the circle map, a file sent to a trainer), so the
work is bounded: a 527-byte "billion laughs" file (aliases of aliases) once grew a kernel to 3 GB.
A file larger than :data:`MAX_BYTES`, nested deeper than :data:`MAX_DEPTH`, with more than
:data:`MAX_ALIASES` aliases, or whose aliases would add more than :data:`MAX_NODES` values is
refused with its line. The limit on values counts only what aliases add: a file without aliases is
bounded by its size alone (an organisation of 1,111 circles is about 200 KB and 20,000 values, and
must load). The largest course file (a case study) has about 1,500 values and 10 levels.

Characters YAML does not allow (an escape code copied from a coloured terminal, a stray control
character) are a :class:`ScenarioError` with their line and column too, never a parser exception.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sociocracy.core.errors import ScenarioError
from sociocracy.core.language import N_, _, babel_locale
from sociocracy.core.yaml_words import INDENT_WORDS, indent_detail, line_text, syntax_error_words

__all__ = ["MAX_BYTES", "LoadedYaml", "ScenarioError", "line_along", "load_yaml", "parse_yaml",
           "require"]

#: Largest file read (bytes of UTF-8 text): ten times the largest file the course ships.
MAX_BYTES = 1_000_000
#: Most values (mappings, lists, scalars) a file's aliases may add when they are expanded.
MAX_NODES = 20_000
#: Deepest nesting of lists and mappings.
MAX_DEPTH = 50
#: Most aliases (``*name``) in one file; course files need none, a few are allowed.
MAX_ALIASES = 100

_DEFAULT_TAGS = {yaml.MappingNode: "tag:yaml.org,2002:map",
                 yaml.SequenceNode: "tag:yaml.org,2002:seq"}


@dataclass
class LoadedYaml:
    """Plain data from a YAML file plus the line (1-based) where each part starts.

    ``lines`` maps a path of keys and indices, e.g. ``("circles", 2, "leader")``, to its line.
    """

    data: Any
    path: str
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, *keys: Any) -> int | None:
        """The line of the deepest known part along ``keys`` (falls back to its parents)."""
        return line_along(self.lines, *keys)

    def error(self, message: str, *keys: Any, field_name: str | None = None,
              check_code: str | None = None) -> ScenarioError:
        """A :class:`ScenarioError` pointing at ``keys`` in this file."""
        name = field_name if field_name is not None else _field_name(keys)
        return ScenarioError(message, path=self.path, line=self.line_of(*keys), field=name,
                             check_code=check_code)


def line_along(lines: Mapping[tuple, int], *keys: Any) -> int | None:
    """The line of the deepest part along ``keys`` that ``lines`` knows (else its parents').

    One rule for every file the course reads, so a finding about an agenda item, a plan's part or
    a quiz's choice points at the same kind of line.
    """
    keys_t = tuple(keys)
    while keys_t:
        if keys_t in lines:
            return lines[keys_t]
        keys_t = keys_t[:-1]
    return lines.get((), None)


def _field_name(keys: tuple) -> str | None:
    for key in reversed(keys):
        if isinstance(key, str):
            return key
    return None


def _line(node_or_mark: Any) -> int | None:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return mark.line + 1 if mark is not None else None


_STR = "tag:yaml.org,2002:str"


def _scalar(node: yaml.Node, path: str) -> Any:
    """A scalar node as Python (str, int, float, bool, None, date), as ``yaml.safe_load`` would.

    Values YAML cannot build (an impossible date, an unknown ``!tag``, a ``<<`` merge key) are a
    :class:`ScenarioError` at their line (and field, for a value), not a parser exception.
    """
    if not isinstance(node, yaml.ScalarNode):
        raise ScenarioError(_("a key must be a word or a number, not a list or a group of "
                              "fields"), path=path, line=_line(node))
    if node.tag == _STR:
        return node.value  # most values: what the constructor would return, without building one
    if node.tag == "tag:yaml.org,2002:merge":
        raise ScenarioError(_("merge keys ('<<') are not supported in course files; write the "
                              "fields out in full"), path=path, line=_line(node))
    try:
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except yaml.constructor.ConstructorError:
        raise ScenarioError(_unknown_tag(node.tag), path=path, line=_line(node)) from None
    except (ValueError, OverflowError) as exc:
        if node.tag == "tag:yaml.org,2002:timestamp":
            message = _("'{value}' is not a real date ({error}); write dates like "
                        "2025-03-31").format(value=node.value, error=exc)
        else:
            message = _("the value '{value}' cannot be read ({error})").format(value=node.value,
                                                                            error=exc)
        raise ScenarioError(message, path=path, line=_line(node)) from None


def _unknown_tag(tag: str) -> str:
    return _("the tag '{tag}' is not something the course understands; remove it").format(
        tag=tag)


def _too_deep(path: str, line: int | None) -> ScenarioError:
    return ScenarioError(
        _("the lists and fields are nested more than {depth} levels deep here; a course "
          "file needs far fewer: check the indentation").format(depth=MAX_DEPTH),
        path=path, line=line)


class _Bounds:
    """Composing with bounds: refuses deep nesting and many aliases as the nodes are built.

    Composing alone is cheap (an alias is the same node object again); depth and alias count are
    checked here, and every alias is noted (its name, the node it repeats, its line and depth) for
    :func:`_check_aliases`, which measures what the aliases would add once expanded. Mixed into
    one of the two loaders below, which differ only in who reads the characters and tokens.
    """

    course_path: str
    depth: int
    aliases: list[_AliasUse]

    def _bounds(self, path: str) -> None:
        self.course_path = path
        self.depth = 0
        self.aliases = []

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):  # type: ignore[attr-defined]
            event = self.peek_event()  # type: ignore[attr-defined]
            if len(self.aliases) >= MAX_ALIASES:
                raise ScenarioError(
                    _("this file uses more than {count} aliases ('*{anchor}' here is one more); "
                      "a course file needs none: write the values out").format(
                        count=MAX_ALIASES, anchor=event.anchor),
                    path=self.course_path, line=_line(event))
            node = super().compose_node(parent, index)  # type: ignore[misc]
            self.aliases.append(_AliasUse(event.anchor, node, _line(event), self.depth))
            return node
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _too_deep(self.course_path,
                            _line(self.peek_event()))  # type: ignore[attr-defined]
        try:
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self.depth -= 1


class _PythonLoader(_Bounds, yaml.SafeLoader):
    """PyYAML's own reader, scanner and parser (pure Python): used where libyaml is missing."""

    def __init__(self, stream: str, path: str) -> None:
        yaml.SafeLoader.__init__(self, stream)
        self._bounds(path)


if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser

    class _LibyamlLoader(_Bounds, yaml.composer.Composer, CParser,  # type: ignore[misc]
                         yaml.resolver.Resolver):
        """libyaml's scanner and parser (C) under PyYAML's composer (Python), with the bounds.

        Scanning is most of the work: libyaml makes a 200 KB organisation (1,111 circles) load
        about four times faster than PyYAML's pure-Python scanner, while the nodes, their
        lines and the bounds stay the ones composed here. ``Composer`` comes before
        ``CParser`` so that its ``get_single_node`` (which calls :meth:`compose_node`) is used;
        ``CParser`` supplies the events.
        """

        def __init__(self, stream: str, path: str) -> None:
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self._bounds(path)

    _Loader: type[_PythonLoader] | type[_LibyamlLoader] = _LibyamlLoader
else:  # pragma: no cover - PyYAML's wheels and conda's package include libyaml
    _Loader = _PythonLoader


@dataclass(frozen=True)
class _AliasUse:
    """One ``*name`` as written: the node it repeats, its line, how deep it sits."""

    anchor: str
    node: yaml.Node
    line: int | None
    depth: int


def _check_aliases(uses: list[_AliasUse], path: str) -> None:
    """Refuse aliases that never end, that add more than :data:`MAX_NODES` values in all, or
    that nest the expanded file deeper than :data:`MAX_DEPTH`.

    Expanding every alias adds, for each alias as written, the expanded size of the part it
    repeats (aliases inside that part included); summing that over the written aliases is the
    whole growth, found with one memoised visit per distinct node, so a "billion laughs" costs
    a few hundred steps. Values written out in full are never counted: a file without aliases
    is bounded by :data:`MAX_BYTES` alone.
    """
    sizes: dict[int, tuple[int, int]] = {}  # id(node) -> (expanded values, expanded depth)
    on_path: set[int] = set()
    anchors = {id(use.node): use.anchor for use in uses}

    def measure(node: yaml.Node) -> tuple[int, int]:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in on_path:
            name = anchors.get(key, "")
            raise ScenarioError(_("the list or group '&{name}' here contains the alias "
                                  "'*{name}' to itself, so it never ends; remove that "
                                  "alias").format(name=name),
                                path=path, line=_line(node))
        on_path.add(key)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = node.value
        total, deepest = 1, 0
        for child in children:
            size, depth = measure(child)
            total += size
            deepest = max(deepest, depth)
        on_path.discard(key)
        sizes[key] = (total, deepest + 1)
        return sizes[key]

    added = 0
    for use in uses:
        size, depth = measure(use.node)
        added += size
        if added > MAX_NODES:
            raise ScenarioError(
                _("through the alias '*{anchor}' here (and those before it) this file would "
                  "expand to more than {count} values; a course file needs far fewer: "
                  "write the values out").format(anchor=use.anchor, count=_number(MAX_NODES)),
                path=path, line=use.line)
        if use.depth + depth > MAX_DEPTH:
            raise ScenarioError(
                _("through the alias '*{anchor}' here the lists and fields would be nested "
                  "more than {depth} levels deep; a course file needs far fewer: write the "
                  "values out").format(anchor=use.anchor, depth=MAX_DEPTH),
                path=path, line=use.line)


_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # the breaks PyYAML counts


#: What YAML refuses to read (PyYAML's own rule): control characters other than tab and line
#: breaks, surrogates, U+FFFE and U+FFFF.
_NOT_ALLOWED = yaml.reader.Reader.NON_PRINTABLE


def _bad_character(text: str, path: str) -> ScenarioError | None:
    """The first character YAML refuses, as a sentence with its line and column (else None)."""
    found = _NOT_ALLOWED.search(text)
    if found is None:
        return None
    position = found.start()
    breaks = list(_LINE_BREAK.finditer(text, 0, position))
    line = len(breaks) + 1
    column = position - (breaks[-1].end() if breaks else 0) + 1
    code = ord(found.group())
    if code == 0x1B:
        message = _("an invisible control character (U+{code}, the start of a colour code "
                    "copied from a terminal) at column {column} cannot be in a course file; "
                    "delete it")
    else:
        message = _("an invisible control character (U+{code}) at column {column} cannot be in "
                    "a course file; delete it")
    return ScenarioError(message.format(code=f"{code:04X}", column=column), path=path, line=line)


def _to_python(node: yaml.Node, where: tuple, lines: dict[tuple, int], path: str) -> Any:
    lines.setdefault(where, node.start_mark.line + 1)  # a key's own line wins over its value's
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag != _DEFAULT_TAGS[
            type(node)]:
        raise ScenarioError(_unknown_tag(node.tag), path=path, line=_line(node))
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, path)
            if key in result:
                raise ScenarioError(
                    _("the key '{key}' appears twice here; keep only one").format(key=key),
                    path=path, line=key_node.start_mark.line + 1, field=str(key),
                )
            at = (*where, key)
            lines[at] = key_node.start_mark.line + 1
            result[key] = _to_python(value_node, at, lines, path)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_python(item, (*where, index), lines, path) for index, item in enumerate(node.value)
        ]
    try:
        return _scalar(node, path)
    except ScenarioError as exc:  # a value: name its field too
        raise ScenarioError(exc.reason, path=path, line=exc.line,
                            field=_field_name(where)) from None


_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)?([A-Za-z_][A-Za-z0-9_ -]{0,40}?)[ \t]*:(?:[ \t]|$)")


def _key_on(text: str, line: int | None) -> str | None:
    """The field written on ``line`` (``aim`` in ``    aim: ...``), or ``None``."""
    found = _KEY.match(line_text(text, line) or "")
    return found.group(1) if found else None


def _number(value: float, pattern: str | None = None) -> str:
    """A number as people read it in the page's language (20,000 / 20.000)."""
    from babel.numbers import format_decimal

    return format_decimal(value, format=pattern, locale=babel_locale())


def _too_big(size: int, path: str) -> ScenarioError:
    return ScenarioError(
        _("the file is {size} MB; a course file is at most {limit} MB: is it the right "
          "file?").format(size=_number(round(size / 1_000_000, 1), "0.0"),
                          limit=_number(MAX_BYTES / 1_000_000)), path=path, line=None)


def parse_yaml(text: str, path: str = "<text>") -> LoadedYaml:
    """Parse YAML text; syntax errors become a :class:`ScenarioError` with the line.

    Bounded in size, depth, aliases and the values aliases add (see the module docstring).
    """
    if len(text) > MAX_BYTES:
        raise _too_big(len(text.encode("utf-8", "replace")), path)
    bad = _bad_character(text, path)  # before parsing: a finding with its line and column
    if bad is not None:
        raise bad
    loader = _Loader(text, path)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        if "nesting depth" in (exc.problem or ""):  # libyaml's own limit, met scanning ahead
            raise _too_deep(path, line) from None
        words = syntax_error_words(exc, text)  # the trainer's words, one table for every file
        at = words.line or line
        message = words.message
        indent_words = _(INDENT_WORDS)
        detail = indent_detail(text, at) if message.startswith(indent_words) else ""
        if detail:
            message = message.replace(indent_words, f"{indent_words} ({detail})", 1)
        # the field on the line, where the line is the one to fix (not for an unclosed bracket)
        field_name = _key_on(text, at) if words.indent else None
        raise ScenarioError(_("the file is not valid YAML: {reason}").format(reason=message),
                            path=path, line=at, field=field_name) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        raise ScenarioError(_("the file is not valid YAML ({error})").format(error=exc),
                            path=path) from None
    finally:
        loader.dispose()
    if node is None:
        raise ScenarioError(_("the file is empty"), path=path, line=1)
    _check_aliases(loader.aliases, path)
    lines: dict[tuple, int] = {}
    data = _to_python(node, (), lines, path)
    return LoadedYaml(data=data, path=path, lines=lines)


def load_yaml(path: str | Path) -> LoadedYaml:
    """Read and parse a YAML file; a missing, odd or unreadable file is a :class:`ScenarioError`.

    Only regular files are opened: reading a named pipe (FIFO) or a device would wait forever.
    """
    path = Path(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            message = (_("this is a folder, not a file, so it was skipped")
                       if stat.S_ISDIR(info.st_mode) else
                       _("this is a named pipe, not a file, so it was skipped")
                       if stat.S_ISFIFO(info.st_mode) else
                       _("this is not a regular file, so it was skipped"))
            raise ScenarioError(message, path=str(path), check_code="skipped")
        if info.st_size > MAX_BYTES:
            raise _too_big(info.st_size, str(path))
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)  # the file may have grown since stat()
        if len(raw) > MAX_BYTES:
            raise _too_big(len(raw), str(path))
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise ScenarioError(_("the file does not exist; check its name and folder"),
                            path=str(path)) from None
    except UnicodeDecodeError:
        raise ScenarioError(_("the file is not text (save it as UTF-8 text)"),
                            path=str(path)) from None
    except OSError as exc:
        raise ScenarioError(_("the file cannot be read ({reason})").format(reason=exc.strerror),
                            path=str(path)) from None
    return parse_yaml(text, str(path))


_TYPE_WORDS = {str: N_("text"), int: N_("a whole number"), float: N_("a number"),
               bool: N_("yes or no"), list: N_("a list"), dict: N_("a group of fields")}


def require(loaded: LoadedYaml, mapping: Mapping, key: str, kind: type | tuple[type, ...],
            *where: Any, optional: bool = False, default: Any = None) -> Any:
    """Fetch ``mapping[key]`` and check its type, or raise a :class:`ScenarioError` at its line.

    ``where`` is the key path of ``mapping`` inside the file, used to find the line.
    """
    if key not in mapping or mapping[key] is None:
        if optional:
            return default
        raise loaded.error(_("the field '{key}' is missing").format(key=key), *where,
                           field_name=key, check_code="missing-field")
    value = mapping[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if float in kinds and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        shown = [k for k in kinds if not (k is int and float in kinds)]  # "a number" covers both
        wanted = _(" or ").join(_(_TYPE_WORDS[k]) if k in _TYPE_WORDS else k.__name__
                                for k in shown)
        got = (_(_TYPE_WORDS[type(value)]) if type(value) in _TYPE_WORDS
               else type(value).__name__)
        raise loaded.error(_("'{key}' should be {wanted}, not {got}").format(
            key=key, wanted=wanted, got=got), *where, key, check_code="wrong-type")
    return value
