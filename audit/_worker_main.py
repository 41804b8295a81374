"""A clean worker process of :mod:`audit._workers` (``python -m audit._worker_main``).

A module of its own, which the package never imports, so that ``-m`` runs it exactly once.
"""

from audit._workers import main

if __name__ == "__main__":
    main()
