"""Helpers for long loads and scorings: progress bars only where someone is watching, and
pausing Python's cycle collector while millions of short-lived objects are made.

``progress=None`` means "show a bar when the work is large (at least :data:`MIN_ITEMS` items) and
stderr is a terminal or the code runs in a Jupyter kernel"; ``True`` always shows one, ``False``
never. Under pytest, in scripts with redirected output and in CI nothing is printed by default.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["MIN_ITEMS", "in_notebook", "paused_gc", "progress_bar"]

#: from this many items on, ``progress=None`` shows a bar.
MIN_ITEMS = 20_000


def in_notebook() -> bool:
    """Whether the code runs in a Jupyter kernel (a notebook, or papermill).

    Returns
    -------
    bool
    """
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()  # type: ignore[attr-defined]
    except AttributeError:
        return False
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def progress_bar(
    total: int,
    progress: bool | None,
    desc: str,
    unit: str = "post",
    min_items: int = MIN_ITEMS,
    notebooks: bool = True,
) -> Any:
    """A tqdm bar to ``update()`` and ``close()``, or None when no bar should be shown.

    Parameters
    ----------
    total : int
        Number of items.
    progress : bool or None
        True: show; False: never; None: only for ``total >= min_items`` on a terminal or in a
        notebook.
    desc : str
        Label of the bar.
    unit : str
        Unit shown on the bar.
    min_items : int
        Threshold for ``progress=None``.
    notebooks : bool
        Whether ``progress=None`` shows a bar in a Jupyter kernel too (else only on a terminal).

    Returns
    -------
    tqdm or None
    """
    if progress is None:
        terminal = hasattr(sys.stderr, "isatty") and sys.stderr.isatty()
        watched = terminal or (notebooks and in_notebook())
        progress = watched and total >= min_items
    if not progress:
        return None
    if in_notebook():
        from tqdm.auto import tqdm
    else:
        from tqdm import tqdm
    return tqdm(total=total, desc=desc, unit=unit, unit_scale=True, leave=False)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector inside the block (and restore its previous state after it).

    Loading and scoring create millions of small objects and free them by reference counting; the
    cycle collector, triggered by every 700 allocations, then walks all the objects alive (the
    whole posts table) again and again: 30 to 45 % of the time at 50k posts, more at 1M. Nothing
    here makes reference cycles in bulk, and any cycle made inside the block is collected by the
    next collection after it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
