"""Reading the YAML data files (codebook, speakers, quotation rules) with errors that name the file and line."""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import InputError


def read_yaml_mapping(path: Path, what: str) -> dict:
    """The YAML mapping in ``path``; a missing file, bad bytes, bad YAML or another type is an InputError."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, f"{what} not found") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, "not valid UTF-8", byte=exc.start) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(path, f"not valid YAML ({getattr(exc, 'problem', exc)})", line=mark.line + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise InputError(path, f"a {what} file is a YAML mapping")
    return data
