"""``python -m audit``: see :mod:`audit.cli`."""

import sys

from .cli import main

sys.exit(main())
