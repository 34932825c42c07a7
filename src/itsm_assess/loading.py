"""Safe YAML loading with limits, duplicate-key rejection and errors that name file:line:col.

Every YAML file the tool reads goes through :func:`load_yaml`. It

* uses libyaml's ``CSafeLoader`` when present (several times faster), else ``SafeLoader``;
* refuses files over :data:`MAX_YAML_BYTES` and text that is not UTF-8;
* refuses documents whose aliases would expand to more than :data:`MAX_EXPANDED_NODES`
  nodes ("billion laughs") before anything is constructed;
* refuses duplicate mapping keys, which PyYAML would otherwise resolve silently;
* keeps the composed node tree so that :func:`validate` can map a pydantic error's ``loc``
  back to the line and column of the offending value.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from itsm_assess.errors import InputError

if TYPE_CHECKING:
    from pydantic import BaseModel

    ModelT = TypeVar("ModelT", bound=BaseModel)

try:
    from yaml import CSafeDumper as _Dumper
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml missing on this platform
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_YAML_BYTES = 20 * 1024 * 1024
MAX_EXPANDED_NODES = 2_000_000
MAX_ERRORS_SHOWN = 20


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as the user would type it: relative to the working directory when inside it."""
    # abspath, not resolve: a symlink is named as the user gave it, never by its target.
    p = Path(path)
    try:
        return str(Path(os.path.abspath(p)).relative_to(os.getcwd()))
    except (ValueError, OSError):
        return str(p)


@dataclass
class YamlDocument:
    """A parsed YAML file: the plain data plus the node tree for error positions."""

    path: Path
    data: Any
    node: yaml.Node | None

    def where(self, loc: tuple[int | str, ...] = (), *, at_key: bool = False) -> str:
        """``file:line:col`` of the value at ``loc`` (the deepest part of it that exists).

        With ``at_key``, the place of the mapping key that ends ``loc`` (a misspelt key's own line).
        """
        node = _follow(self.node, loc, at_key=at_key)
        name = display_path(self.path)
        if node is None:
            return name
        mark = node.start_mark
        return f"{name}:{mark.line + 1}:{mark.column + 1}"


def _mark(path: Path, mark: yaml.Mark | None) -> str:
    if mark is None:
        return display_path(path)
    return f"{display_path(path)}:{mark.line + 1}:{mark.column + 1}"


def _check_tree(path: Path, root: yaml.Node) -> None:
    """Reject duplicate keys and alias bombs in one linear walk over the composed nodes."""
    sizes: dict[int, int] = {}
    on_stack: set[int] = set()

    def expanded(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in on_stack:
            raise InputError(f"{_mark(path, node.start_mark)}: recursive alias is not allowed")
        on_stack.add(key)
        total = 1
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, yaml.Node] = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    ident = (k.tag, k.value)
                    if ident in seen:
                        first = seen[ident].start_mark.line + 1
                        raise InputError(
                            f"{_mark(path, k.start_mark)}: duplicate key {k.value!r} "
                            f"(first defined on line {first}); each key may appear once"
                        )
                    seen[ident] = k
                total += expanded(k) + expanded(v)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                total += expanded(item)
        on_stack.discard(key)
        sizes[key] = total
        if total > MAX_EXPANDED_NODES:
            raise InputError(
                f"{_mark(path, node.start_mark)}: aliases expand to more than "
                f"{MAX_EXPANDED_NODES:,} nodes; refusing a YAML alias bomb"
            )
        return total

    expanded(root)


def parse_yaml(text: str | bytes, path: str | os.PathLike[str] = "<string>") -> YamlDocument:
    """Parse YAML text safely; see the module docstring for the checks made."""
    p = Path(path)
    if isinstance(text, bytes):
        if len(text) > MAX_YAML_BYTES:
            raise InputError(
                f"{display_path(p)}: file is {len(text):,} bytes; the limit is {MAX_YAML_BYTES:,}"
            )
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{display_path(p)}: byte {exc.start} is not valid UTF-8; save the file as UTF-8"
            ) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(p, None, None)
        _check_tree(p, node)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"{_mark(p, mark)}: invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{display_path(p)}: invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    return YamlDocument(p, data, node)


def load_yaml(path: str | os.PathLike[str]) -> YamlDocument:
    """Read and parse one YAML file; raises :class:`InputError` naming the file on any problem."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_YAML_BYTES:
            raise InputError(
                f"{display_path(p)}: file is {size:,} bytes; the limit is {MAX_YAML_BYTES:,}"
            )
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{display_path(p)}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{display_path(p)}: is a folder, expected a YAML file") from None
    except PermissionError:
        raise InputError(f"{display_path(p)}: permission denied") from None
    return parse_yaml(raw, p)


def _follow(node: yaml.Node | None, loc: tuple[int | str, ...], *, at_key: bool = False) -> yaml.Node | None:
    """Walk ``loc`` down the node tree; stop at the deepest node that exists."""
    current = node
    last = len(loc) - 1
    for i, part in enumerate(loc):
        if isinstance(current, yaml.MappingNode):
            nxt = None
            for k, v in current.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                    nxt = k if at_key and i == last else v
                    break
            if nxt is None:
                return current
            current = nxt
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(current.value):
                current = current.value[part]
            else:
                return current
        else:
            # pydantic adds union branch names such as 'str' or 'function-after[...]'
            continue
    return current


def format_loc(loc: tuple[int | str, ...]) -> str:
    """``('requirements', 3, 'attribute')`` -> ``requirements[3].attribute``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif "[" in part or part in {"str", "int", "float", "bool", "list", "dict"}:
            continue  # pydantic's union-branch and validator tags are noise to a user
        else:
            out += f".{part}" if out else part
    return out or "(document)"


_YAML11_HINT = (
    " (YAML reads unquoted values such as 1.10, no, on or 2024-01-01 as numbers, booleans "
    "or dates: put the value in quotes)"
)


def _message(err: Mapping[str, Any]) -> str:
    msg: str = err["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
    typ = err.get("type", "")
    if typ == "extra_forbidden":
        return "unknown field; check its spelling against the documented format"
    if typ == "missing":
        return "required field is missing"
    value = err.get("input")
    if typ in {"string_type"} and isinstance(value, (int, float, bool)) or (
        typ == "string_type" and type(value).__name__ in {"date", "datetime"}
    ):
        return f"expected text, found {value!r}{_YAML11_HINT}"
    if typ not in {"missing"} and isinstance(value, (str, int, float, bool)) and repr(value) not in msg:
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "...'"
        return f"{shown}: {msg}"
    return msg


def validate(model: type[ModelT], doc: YamlDocument, context: dict[str, Any] | None = None) -> ModelT:
    """Validate ``doc.data`` against ``model``; errors come back as ``file:line:col: loc: message``."""
    from pydantic import ValidationError

    try:
        return model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False)[:MAX_ERRORS_SHOWN]:
            loc = tuple(err["loc"])
            problems.append(f"{doc.where(loc)}: {format_loc(loc)}: {_message(err)}")
        if exc.error_count() > MAX_ERRORS_SHOWN:
            problems.append(f"... and {exc.error_count() - MAX_ERRORS_SHOWN} more")
        raise InputError(problems) from None


def dump_yaml(data: Any) -> str:
    """Serialise plain data as readable, block-style YAML (keys in the order given)."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
