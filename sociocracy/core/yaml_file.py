"""Reading trainers' data files (YAML) so that every mistake is reported with file, line and field.

Trainers adapt the course by editing YAML files (organisations, quizzes, exercises). They are not
programmers, so a mistake must come back as one sentence that names the place to fix, never as a
parser traceback. PyYAML's composer keeps the line of every node; we keep those lines beside the
plain data so that later checks (a missing aim, an unknown parent) can point at a line too.

The files also arrive from outside (an upload in the circle map, a file sent to a trainer), so the
work is bounded: a 527-byte "billion laughs" file (aliases of aliases) once grew a kernel to 3 GB.
A file larger than :data:`MAX_BYTES`, nested deeper than :data:`MAX_DEPTH`, with more than
:data:`MAX_ALIASES` aliases, or that would expand to more than :data:`MAX_NODES` values is refused
with its line. The largest course file (a case study) has about 1,500 values and 10 levels.
"""

from __future__ import annotations

import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sociocracy.core.errors import ScenarioError

__all__ = ["MAX_BYTES", "LoadedYaml", "ScenarioError", "load_yaml", "parse_yaml", "require"]

#: Largest file read (bytes of UTF-8 text): ten times the largest file the course ships.
MAX_BYTES = 1_000_000
#: Most values (mappings, lists, scalars) a file may hold once its aliases are expanded.
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
        keys_t = tuple(keys)
        while keys_t:
            if keys_t in self.lines:
                return self.lines[keys_t]
            keys_t = keys_t[:-1]
        return self.lines.get((), None)

    def error(self, message: str, *keys: Any, field_name: str | None = None) -> ScenarioError:
        """A :class:`ScenarioError` pointing at ``keys`` in this file."""
        name = field_name if field_name is not None else _field_name(keys)
        return ScenarioError(message, path=self.path, line=self.line_of(*keys), field=name)


def _field_name(keys: tuple) -> str | None:
    for key in reversed(keys):
        if isinstance(key, str):
            return key
    return None


def _line(node_or_mark: Any) -> int | None:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return mark.line + 1 if mark is not None else None


def _scalar(node: yaml.Node, path: str) -> Any:
    """A scalar node as Python (str, int, float, bool, None, date), as ``yaml.safe_load`` would.

    Values YAML cannot build (an impossible date, an unknown ``!tag``, a ``<<`` merge key) are a
    :class:`ScenarioError` at their line (and field, for a value), not a parser exception.
    """
    if not isinstance(node, yaml.ScalarNode):
        raise ScenarioError("a key must be a word or a number, not a list or a group of fields",
                            path=path, line=_line(node))
    if node.tag == "tag:yaml.org,2002:merge":
        raise ScenarioError("merge keys ('<<') are not supported in course files; write the "
                            "fields out in full", path=path, line=_line(node))
    try:
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except yaml.constructor.ConstructorError:
        raise ScenarioError(f"the tag '{node.tag}' is not something the course understands; "
                            "remove it", path=path, line=_line(node)) from None
    except (ValueError, OverflowError) as exc:
        if node.tag == "tag:yaml.org,2002:timestamp":
            message = f"'{node.value}' is not a real date ({exc}); write dates like 2025-03-31"
        else:
            message = f"the value '{node.value}' cannot be read ({exc})"
        raise ScenarioError(message, path=path, line=_line(node)) from None


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses deep nesting and many aliases while composing.

    Composing alone is cheap (an alias is the same node object again); depth and alias count are
    checked here, the expanded size in :func:`_expanded_size`.
    """

    def __init__(self, stream: str, path: str) -> None:
        super().__init__(stream)
        self.course_path = path
        self.depth = 0
        self.aliases = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise ScenarioError(
                    f"this file uses more than {MAX_ALIASES} aliases ('*name'); a course file "
                    "needs none: write the values out", path=self.course_path,
                    line=_line(self.peek_event()))
            return super().compose_node(parent, index)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ScenarioError(
                f"the lists and fields are nested more than {MAX_DEPTH} levels deep here; a course "
                "file needs far fewer: check the indentation", path=self.course_path,
                line=_line(self.peek_event()))
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _expanded_size(root: yaml.Node, path: str) -> None:
    """Refuse a document that aliases itself or expands to more than :data:`MAX_NODES` values.

    Sizes are memoised per node, so a "billion laughs" file costs one visit per distinct node.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in on_path:
            raise ScenarioError("an alias ('*name') here refers to the list or group that "
                                "contains it, so it never ends; remove it", path=path,
                                line=_line(node))
        on_path.add(key)
        total = 1
        if isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        on_path.discard(key)
        if total > MAX_NODES:
            raise ScenarioError(
                f"through its aliases ('*name') this part would expand to more than "
                f"{MAX_NODES:,} values; a course file needs far fewer: write the values out",
                path=path, line=_line(node))
        sizes[key] = total
        return total

    size(root)


def _to_python(node: yaml.Node, where: tuple, lines: dict[tuple, int], path: str) -> Any:
    lines.setdefault(where, node.start_mark.line + 1)  # a key's own line wins over its value's
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag != _DEFAULT_TAGS[
            type(node)]:
        raise ScenarioError(f"the tag '{node.tag}' is not something the course understands; "
                            "remove it", path=path, line=_line(node))
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, path)
            if key in result:
                raise ScenarioError(
                    f"the key '{key}' appears twice here; keep only one",
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


def _too_big(size: int, path: str) -> ScenarioError:
    return ScenarioError(
        f"the file is {size / 1_000_000:.1f} MB; a course file is at most "
        f"{MAX_BYTES / 1_000_000:g} MB: is it the right file?", path=path, line=None)


def parse_yaml(text: str, path: str = "<text>") -> LoadedYaml:
    """Parse YAML text; syntax errors become a :class:`ScenarioError` with the line.

    Bounded in size, depth, aliases and expanded values (see the module docstring).
    """
    if len(text) > MAX_BYTES:
        raise _too_big(len(text.encode("utf-8", "replace")), path)
    loader = _BoundedLoader(text, path)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = (exc.problem or exc.context or "this is not valid YAML").rstrip(".")
        raise ScenarioError(
            f"the file is not valid YAML ({problem}); check the indentation and the colons "
            "on this line and the one before",
            path=path, line=line,
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        raise ScenarioError(f"the file is not valid YAML ({exc})", path=path) from None
    finally:
        loader.dispose()
    if node is None:
        raise ScenarioError("the file is empty", path=path, line=1)
    _expanded_size(node, path)
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
            kind = ("a folder" if stat.S_ISDIR(info.st_mode) else
                    "a named pipe" if stat.S_ISFIFO(info.st_mode) else "not a regular file")
            raise ScenarioError(f"this is {kind}, not a file, so it was skipped",
                                path=str(path))
        if info.st_size > MAX_BYTES:
            raise _too_big(info.st_size, str(path))
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)  # the file may have grown since stat()
        if len(raw) > MAX_BYTES:
            raise _too_big(len(raw), str(path))
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise ScenarioError("the file does not exist; check its name and folder",
                            path=str(path)) from None
    except UnicodeDecodeError:
        raise ScenarioError("the file is not text (save it as UTF-8 text)",
                            path=str(path)) from None
    except OSError as exc:
        raise ScenarioError(f"the file cannot be read ({exc.strerror})", path=str(path)) from None
    return parse_yaml(text, str(path))


_TYPE_WORDS = {str: "text", int: "a whole number", float: "a number", bool: "yes or no",
               list: "a list", dict: "a group of fields"}


def require(loaded: LoadedYaml, mapping: Mapping, key: str, kind: type | tuple[type, ...],
            *where: Any, optional: bool = False, default: Any = None) -> Any:
    """Fetch ``mapping[key]`` and check its type, or raise a :class:`ScenarioError` at its line.

    ``where`` is the key path of ``mapping`` inside the file, used to find the line.
    """
    if key not in mapping or mapping[key] is None:
        if optional:
            return default
        raise loaded.error(f"the field '{key}' is missing", *where, field_name=key)
    value = mapping[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if float in kinds and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        shown = [k for k in kinds if not (k is int and float in kinds)]  # "a number" covers both
        wanted = " or ".join(_TYPE_WORDS.get(k, k.__name__) for k in shown)
        got = _TYPE_WORDS.get(type(value), type(value).__name__)
        raise loaded.error(f"'{key}' should be {wanted}, not {got}", *where, key)
    return value
