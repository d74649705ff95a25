"""Reading trainers' data files (YAML) so that every mistake is reported with file, line and field.

Trainers adapt the course by editing YAML files (organisations, quizzes, exercises). They are not
programmers, so a mistake must come back as one sentence that names the place to fix, never as a
parser traceback. PyYAML's composer keeps the line of every node; we keep those lines beside the
plain data so that later checks (a missing aim, an unknown parent) can point at a line too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sociocracy.core.errors import ScenarioError

__all__ = ["LoadedYaml", "ScenarioError", "load_yaml", "parse_yaml", "require"]


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


def _scalar(node: yaml.Node) -> Any:
    """A scalar node as Python (str, int, float, bool, None, date), as ``yaml.safe_load`` would.

    A value that looks like a date but is none (``2027-13-01``) stays text, so the field's own
    check can say "should be a date" at its line instead of the parser crashing.
    """
    try:
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except ValueError:
        return node.value


def _to_python(node: yaml.Node, where: tuple, lines: dict[tuple, int], path: str) -> Any:
    lines.setdefault(where, node.start_mark.line + 1)  # a key's own line wins over its value's
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if isinstance(key, (list, dict)):  # pragma: no cover - exotic YAML
                key = str(key)
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
    return _scalar(node)


def parse_yaml(text: str, path: str = "<text>") -> LoadedYaml:
    """Parse YAML text; syntax errors become a :class:`ScenarioError` with the line."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
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
    if node is None:
        raise ScenarioError("the file is empty", path=path, line=1)
    lines: dict[tuple, int] = {}
    data = _to_python(node, (), lines, path)
    return LoadedYaml(data=data, path=path, lines=lines)


def load_yaml(path: str | Path) -> LoadedYaml:
    """Read and parse a YAML file; a missing or unreadable file is a :class:`ScenarioError`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
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
