"""One error type for bad input, so the command line can report it in one line."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input: names the file and, where known, the line, field or byte offset."""

    def __init__(
        self,
        path: str | Path,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
        byte: int | None = None,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        self.byte = byte
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.path]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        if self.byte is not None:
            where.append(f"byte {self.byte}")
        return f"{', '.join(where)}: {self.message}"
