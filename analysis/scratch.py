"""A run's scratch folders on disk, and the ones a killed run left behind.

The shuffles to disk (``analysis/shuffle.py``: about 90 bytes a word, 8 GB at 100,000
articles) and, without a cache, the parted tables (``analysis/parted.py``) live in
folders the run removes when it ends. A run that is killed cannot. Each folder is
therefore named with the host and the process that made it
(``shuffle-HOST-PID-random``), and a run removes the folders of its kind whose process
has ended on this host before it makes its own. Folders of live runs are left alone,
and so are other hosts' (a cache folder may be shared over a network). POSIX only:
elsewhere no folder is removed.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
from pathlib import Path


def host() -> str:
    """This machine's name as it can appear in a folder name."""
    return re.sub(r"[^A-Za-z0-9.]", "_", socket.gethostname()) or "host"


def scratch_prefix(kind: str) -> str:
    return f"{kind}{host()}-{os.getpid()}-"


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def left_behind(parent: Path, kind: str) -> list[Path]:
    """The ``kind`` folders in ``parent`` whose process, on this host, has ended."""
    if os.name != "posix" or not parent.is_dir():
        return []
    named = re.compile(re.escape(kind + host()) + r"-(\d+)-[^/]+")
    return [path for path in sorted(parent.glob(f"{kind}*"))
            if path.is_dir() and (match := named.fullmatch(path.name)) and not running(int(match.group(1)))]


def remove_left_behind(parent: Path, kind: str) -> None:
    for path in left_behind(parent, kind):
        shutil.rmtree(path, ignore_errors=True)


def scratch_folder(kind: str, parent: Path | None = None) -> tempfile.TemporaryDirectory:
    """A new scratch folder in ``parent`` (else ``$TMPDIR``), removed when the run is done with it; the folders of
    its ``kind`` that ended runs left there are removed first."""
    remove_left_behind(Path(parent or tempfile.gettempdir()), kind)
    return tempfile.TemporaryDirectory(prefix=scratch_prefix(kind), dir=parent)


def scratch_path(kind: str, parent: Path | None = None) -> Path:
    """``scratch_folder`` whose removal is the caller's."""
    remove_left_behind(Path(parent or tempfile.gettempdir()), kind)
    return Path(tempfile.mkdtemp(prefix=scratch_prefix(kind), dir=parent))
