"""One scorer per signal; each is a pure function returning scores plus reasons.

- :mod:`audit.scorers.negativity`: negativity, and whom it targets;
- :mod:`audit.scorers.oversharing`: oversharing, in one category;
- :mod:`audit.scorers.value`: value-add, in one category;
- :mod:`audit.scorers.immediacy`: late-night posting, bursts, caps and "!!!" runs.

Word lists and thresholds are data (``audit/lexicons/*.toml``), loaded once and never modified.
:func:`audit.scoring.score_posts` runs them all on a posts table.
"""

from .immediacy import score_immediacy
from .negativity import score_negativity
from .oversharing import OVERSHARE_CATEGORIES, score_oversharing
from .value import VALUE_CATEGORIES, score_value

__all__ = [
    "OVERSHARE_CATEGORIES",
    "VALUE_CATEGORIES",
    "score_immediacy",
    "score_negativity",
    "score_oversharing",
    "score_value",
]
