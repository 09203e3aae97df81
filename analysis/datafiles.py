"""Reading the YAML data files (codebook, speakers, quotation rules) with errors that name the file and line."""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import InputError


class DuplicateKey(yaml.YAMLError):
    def __init__(self, key, mark) -> None:
        super().__init__()
        self.problem, self.problem_mark = f"key {key!r} appears twice in one mapping", mark


class StrictLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing a key given twice in one mapping (plain YAML keeps the last, silently)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise DuplicateKey(key, key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_text(path: str | Path, what: str) -> str:
    """A data file's text; a folder, a missing file or bytes that are not UTF-8 are an InputError naming it."""
    path = Path(path)
    if path.is_dir():
        raise InputError(path, f"is a folder: expected a {what} file")
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, f"{what} not found") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, "not valid UTF-8", byte=exc.start) from None


def read_yaml_mapping(path: Path, what: str) -> dict:
    """The YAML mapping in ``path``; a missing file, bad bytes, bad YAML or another type is an InputError."""
    text = read_text(path, what)
    try:
        data = yaml.load(text, Loader=StrictLoader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(path, f"not valid YAML ({getattr(exc, 'problem', exc)})", line=mark.line + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise InputError(path, f"a {what} file is a YAML mapping")
    return data
