"""The interactive audit: filter, read and decide on flagged posts, then export the decisions.

In a notebook (``make lab``) or as a standalone page (``make app``, Voilà)::

    from audit.app import AuditApp
    AuditApp(["twitter.zip"], output_dir="audit-output")   # or AuditApp() for the first screen

:class:`AuditState` (:mod:`audit.app.state`) is the audit without widgets: archives, settings,
filters, selection, decisions and exports, for scripts and tests. :class:`AuditApp`
(:mod:`audit.app.views`) is its view: ipywidgets, a data grid (ipydatagrid) and keyboard
shortcuts (ipyevents).
"""

from .state import EXPORTS, SORT_KEYS, AuditState, Filters
from .views import KEYS, AuditApp

__all__ = ["EXPORTS", "KEYS", "SORT_KEYS", "AuditApp", "AuditState", "Filters"]
