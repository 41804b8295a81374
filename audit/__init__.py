"""footprint audit: see what your social-media history says about you, before a recruiter does.

The public API is small and stable::

    import audit
    posts = audit.load_archive("twitter-2024.zip")        # one archive -> posts table
    posts = audit.load_archives(["x.zip", "fb.zip"])      # several -> one timeline
    scored = audit.score_posts(posts)                     # + scores, flags and reasons
    report = audit.summarize(scored)                      # renders in a notebook, to_html()
    audit.AuditError                                      # root of every error raised here

Everything runs locally: the package opens no network connection.
"""

from .errors import AuditError, AuditWarning
from .loading import load_archive, load_archives
from .schema import POSTS_COLUMNS
from .scoring import score_posts
from .summary import summarize

__all__ = [
    "POSTS_COLUMNS",
    "AuditError",
    "AuditWarning",
    "load_archive",
    "load_archives",
    "score_posts",
    "summarize",
]
__version__ = "0.1.0"
