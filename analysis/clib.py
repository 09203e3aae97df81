"""The C library of this process, for the few system calls Python does not wrap (``renameat2``, ``prctl``,
``malloc_trim``): loaded once, None where it cannot be."""

from __future__ import annotations

import ctypes
from functools import cache


@cache
def c_library() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
