"""File output shared by every writer of the package (reports, exports, decisions)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_private"]


def write_private(path: str | Path, data: str | bytes) -> Path:
    """Write a file atomically, readable and writable by its owner only.

    The content goes to a temporary file in the same folder (mode 0600), which then replaces
    ``path`` in one step, so a crash never leaves a half-written file and nobody else on the
    machine can read the user's posts in it.

    Parameters
    ----------
    path : str or Path
        The file to write; its folder is created when missing.
    data : str or bytes
        The content (str is written as UTF-8).

    Returns
    -------
    Path
        The path written.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
