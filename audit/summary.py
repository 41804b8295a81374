"""``summarize``: what a scored footprint says, computed once and rendered many ways.

:func:`summarize` reduces a scored table to a :class:`Summary` (plain numbers, small tables and
sentences). The summary renders itself as HTML (``_repr_html_`` in notebooks, ``to_html``) and as
Markdown (``to_markdown``, for terminals and text reports); nothing is recomputed on rendering.

The recommendations are the career advice the project grows from, applied to the numbers: do not
post negative things about people, do not rant in the heat of the moment, do not overshare, do add
value and share opportunities.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from .decisions import Decisions
from .language import assessed_mask, describe_languages
from .privacy import mask_frame
from .privacy import mask_people as mask_people_frame
from .scorers._lexicon import load_data
from .scorers._text import plural
from .timezones import local_times

__all__ = ["Summary", "display_timezone", "not_assessed_sentence", "posts_html", "summarize"]

_FLAG_COLUMNS = {
    "negative": "is_negative",
    "targeted": "targets_person",
    "oversharing": "is_overshare",
    "value-add": "is_value_add",
}
_OVERSHARE_WORDS = {
    "alcohol": "drinking or partying",
    "drugs": "drugs",
    "dating": "dating or sex",
    "revealing": "revealing photos",
    "pii": "personal identifiers (phone numbers, emails, addresses, ID numbers)",
    "health": "health details",
    "finance": "personal finances",
    "location": "where you are or that your home is empty",
    "work-confidential": "confidential work matters",
}
_VALUE_WORDS = {
    "educational": "explanations that teach",
    "security": "security notices",
    "answer": "helpful answers",
    "article": "useful articles and tools",
    "opportunity": "opportunities (jobs, calls for papers, introductions)",
    "milestone": "professional milestones",
}
_WORST_COLUMNS = ["created_at", "platform", "kind", "text", "risk", "why", "url"]
#: kept beside them when present: the id (a page lists each post once, ``data-post``) and the
#: reason in two parts, the plain sentence and the technical evidence (``why`` is both)
_WORST_EXTRA = ["post_id", "reason", "evidence"]
_CELL_CLASS = {"created_at": "posted"}


def _target_key(target: str) -> str:
    """'my manager', 'My Manager', 'manager' -> 'manager'; '@dana_ops' stays."""
    t = target.strip().lower()
    return re.sub(r"^(?:my|our|your|the)\s+", "", t)


@dataclass
class Summary:
    """The audit in numbers and sentences; build it with :func:`summarize`.

    Attributes
    ----------
    total : int
        Posts audited.
    first, last : pandas.Timestamp or None
        The time span.
    counts : dict
        ``negative``, ``targeted``, ``oversharing``, ``value-add``, ``late-night`` post counts.
    by_platform_year : pandas.DataFrame
        Per platform and year: posts and the share of each flag (0..1).
    categories : pandas.DataFrame
        Flagged posts per oversharing and value-add category.
    worst : pandas.DataFrame
        The riskiest posts with their reasons.
    trends : list of str
        How the footprint changed over the years.
    recommendations : list of str
        What to do, in plain words.
    decisions : dict
        Counts of keep / delete / not-a-problem marks.
    flagged_after_delete : int
        Negative or oversharing posts left once the posts marked delete are gone.
    delete_ids : set of str
        Post ids marked delete.
    masked : bool
        Whether personal identifiers are masked in the rendered text.
    not_assessed : dict
        Posts in a language the scorers cannot read, per language code (most first). They get
        no negativity or value judgement; trends and the before/after figure leave them out.
    timezone : str
        The clock every time and year is shown in (IANA name): the one the late-night reasons
        read, see :func:`display_timezone`.
    """

    total: int
    first: pd.Timestamp | None
    last: pd.Timestamp | None
    counts: dict[str, int]
    by_platform_year: pd.DataFrame
    categories: pd.DataFrame
    worst: pd.DataFrame
    trends: list[str]
    recommendations: list[str]
    decisions: dict[str, int] = field(default_factory=dict)
    flagged_after_delete: int = 0
    delete_ids: set[str] = field(default_factory=set)
    masked: bool = False
    not_assessed: dict[str, int] = field(default_factory=dict)
    timezone: str = "UTC"
    _scored: pd.DataFrame | None = field(default=None, repr=False)

    # -- rendering -------------------------------------------------------------------------
    def headline(self) -> str:
        """One sentence: how many posts, over which years, how many flagged."""
        if not self.total:
            return "No posts to audit."
        span = f"{self.first:%Y-%m-%d} to {self.last:%Y-%m-%d}"
        c = self.counts
        return (
            f"{plural(self.total, 'post')} audited ({span}): {c['negative']} negative "
            f"({c['targeted']} aimed at a person), {c['oversharing']} oversharing, "
            f"{c['value-add']} adding value."
        )

    def coverage(self) -> str:
        """How many posts were not read (another language), or ``""`` when every post was.

        A report that could not read most posts says so first, in words: an unread post is
        not a clean one.
        """
        return _coverage(self.not_assessed, self.total)

    def to_markdown(self) -> str:
        """The summary as Markdown text (terminal and plain-text reports)."""
        lines = ["# Footprint audit", "", self.headline(), ""]
        if self.coverage():
            lines += [f"**{self.coverage()}**", ""]
        if self.recommendations:
            lines += ["## What to do", ""] + [f"- {r}" for r in self.recommendations] + [""]
        if self.trends:
            lines += ["## Trends", ""] + [f"- {t}" for t in self.trends] + [""]
        if self.decisions and any(self.decisions.values()):
            d = self.decisions
            lines += [
                "## Your decisions",
                "",
                f"- {d.get('delete', 0)} to delete, {d.get('keep', 0)} to keep, "
                f"{d.get('not-a-problem', 0)} not a problem; flagged posts left after deleting: "
                f"{self.flagged_after_delete} of {self.counts['negative_or_oversharing']}.",
                "",
            ]
        if not self.worst.empty:
            lines += [f"## Riskiest posts (dates in {self.timezone} time)", ""]
            for row in self.worst.itertuples(index=False):
                text = " ".join(str(row.text).split())
                text = text if len(text) <= 120 else text[:117] + "..."
                lines.append(
                    f"- {row.created_at:%Y-%m-%d} {row.platform} {row.kind}, risk {row.risk:.2f}: "
                    f'"{text}" ({_plain_reason(row._asdict())})'
                )
            lines.append("")
        return "\n".join(lines)

    def zone_note(self) -> str:
        """Which clock the times are shown in, and that the late-night reasons read the same."""
        if self.timezone == "UTC":
            return (
                "Times are UTC, and so are the hours the late-night reasons read (no time zone "
                "was given or found in the archive: give yours with --timezone)."
            )
        return f"Times are {self.timezone} time, the clock the late-night reasons read."

    def to_html(self, figures: bool = True, riskiest: bool = True) -> str:
        """The summary as an HTML fragment (inline styles only, no scripts or external files).

        Parameters
        ----------
        figures : bool
            Include the before/after figure (a PNG embedded as a data URI).
        riskiest : bool
            Include the table of the riskiest posts. The batch report leaves it out: its
            sections list every flagged post once (:func:`audit.report.flagged_tables`).
        """
        esc = html.escape
        parts = ['<div class="audit-summary">', f"<p><b>{esc(self.headline())}</b></p>"]
        if self.coverage():
            parts.append(f'<p class="audit-coverage"><b>{esc(self.coverage())}</b></p>')
        if self.total:
            parts.append(f'<p class="audit-note">{esc(self.zone_note())}</p>')
        if self.masked:
            parts.append("<p><i>Personal identifiers are masked in this report.</i></p>")
        if self.recommendations:
            parts.append("<h3>What to do</h3><ul>")
            parts += [f"<li>{esc(r)}</li>" for r in self.recommendations]
            parts.append("</ul>")
        if self.trends:
            parts.append("<h3>Trends</h3><ul>")
            parts += [f"<li>{esc(t)}</li>" for t in self.trends]
            parts.append("</ul>")
        if not self.by_platform_year.empty:
            shares = self.by_platform_year.copy()
            for col in shares.columns:
                if col != "posts":
                    shares[col] = shares[col].map("{:.0%}".format)
            shares.index = shares.index.set_names(["platform", f"year ({self.timezone})"])
            parts.append("<h3>By platform and year</h3>")
            parts.append(shares.to_html(classes="audit-table", border=0))
        if riskiest and not self.worst.empty:
            parts.append("<h3>Riskiest posts</h3>")
            parts.append(posts_html(self.worst, timezone=self.timezone))
        if figures and self._scored is not None and self.total:
            parts.append("<h3>Before and after deleting the marked posts</h3>")
            parts.append(self._before_after_html())
        parts.append("</div>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.to_html()

    def before_after_sentence(self) -> str:
        """Why there is no before/after figure (nothing marked delete), or ``""`` when there is.

        Two equal bars say nothing: without a post to delete the summary says what to do.
        """
        if self._scored is not None and self._scored["post_id"].isin(self.delete_ids).any():
            return ""
        how = "mark posts in the app or pass --decisions to see before/after."
        marked = sum(self.decisions.values())
        if not marked:
            return f"No decisions yet: {how}"
        if not self.delete_ids:
            return f"None of your {plural(marked, 'decision')} is a delete: {how}"
        return f"None of the posts marked delete is among these posts: {how}"

    def _before_after_html(self) -> str:
        from .plots import before_after, figure_html

        sentence = self.before_after_sentence()
        if sentence:
            return f'<p class="audit-before-after">{html.escape(sentence)}</p>'
        d = self.decisions
        line = (
            f"{d.get('delete', 0)} to delete, {d.get('keep', 0)} to keep, "
            f"{d.get('not-a-problem', 0)} not a problem; flagged posts left after deleting: "
            f"{self.flagged_after_delete} of {self.counts['negative_or_oversharing']}."
        )
        ax = before_after(self._scored, self.delete_ids)
        img = figure_html(ax, "flagged posts per year, before and after deleting")
        return f'<p class="audit-before-after">{html.escape(line)}</p>\n{img}'


def not_assessed_sentence(scored: pd.DataFrame) -> str:
    """How many posts of a scored table were not assessed, in words (``""`` when none).

    The sentence the summary, ``audit scan`` and the app show first (see
    :meth:`Summary.coverage`).
    """
    return _coverage(_not_assessed(scored), len(scored))


def _coverage(not_assessed: dict[str, int], total: int) -> str:
    unread = sum(not_assessed.values())
    if not unread or not total:
        return ""
    share = unread / total
    languages = describe_languages(not_assessed.items())
    were, they, it, are = (
        ("was", "it is", "It", "is") if unread == 1 else ("were", "they are", "They", "are")
    )
    if share > 0.5:
        return (
            f"Most of these posts were not read: {plural(unread, 'post')} of "
            f"{total:,} ({share:.0%}) {are} in {languages}, which this audit cannot read "
            f"yet (English only). {it} got no negativity or value judgement, only checks "
            "that need no words (e-mail addresses, phone and card numbers, coordinates), "
            "and the trends count only the posts that were read. Read those posts yourself."
        )
    return (
        f"{plural(unread, 'post')} ({share:.0%}) {were} not assessed because {they} in "
        f"{languages}; the audit reads English only. {it} got no negativity or value "
        f"judgement and {are} left out of the trends."
    )


def _not_assessed(scored: pd.DataFrame) -> dict[str, int]:
    if "lang" not in scored.columns:
        return {}
    unread = scored.loc[~assessed_mask(scored), "lang"].value_counts()
    return {str(k): int(v) for k, v in unread.items()}


def display_timezone(frame: pd.DataFrame, timezone: str | None = None) -> str:
    """The clock a view shows times in: the given zone, else the one the scores read local hours
    in (``attrs["timezone"]``, set by :func:`audit.score_posts`), else UTC; an IANA name.

    The late-night reasons speak of "local time": times shown in the same zone, named, agree
    with them.
    """
    from .timezones import resolve_timezone

    return resolve_timezone(timezone or frame.attrs.get("timezone")) or "UTC"


def _text(value: object) -> str:
    """Escaped text with its line breaks kept as ``<br>`` (missing values are empty)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value)).replace("\n", "<br>")


def _plain_reason(row: dict) -> str:
    """The plain sentence of a row where it is shown whole inside ``why`` (masking kept), else
    ``why``."""
    why, reason = row.get("why"), row.get("reason")
    if isinstance(why, str) and isinstance(reason, str) and reason and reason in why:
        return reason
    return why if isinstance(why, str) else ""


def _why_cell(row: dict) -> str:
    """The reason in words, and under it, smaller, the evidence; else ``why``.

    ``why`` is the reason followed by the evidence. The two parts are shown apart only where
    both are found in ``why`` as it is shown: masking (of identifiers, of other people) that
    covers ``why`` but not the parts then falls back to ``why``, and never reveals what it hid.
    """
    why = row.get("why")
    reason, evidence = row.get("reason"), row.get("evidence")
    if not (isinstance(why, str) and isinstance(reason, str) and reason and reason in why):
        return _text(why)
    if not isinstance(evidence, str) or evidence not in why:
        return _text(why)
    more = f'<div class="evidence">{_text(evidence)}</div>' if evidence else ""
    return f'<div class="reason">{_text(reason)}</div>{more}'


def posts_html(rows: pd.DataFrame, max_chars: int = 280, timezone: str | None = None) -> str:
    """An HTML table of posts with their reasons (text escaped; links are plain permalinks).

    Each row carries ``data-post="platform:post_id"`` when the ids are there, and each cell a
    class named after its column (``posted``, ``text``, ``why``, ...), which the report's
    stylesheet uses to wrap long words inside their cell.

    Parameters
    ----------
    rows : pandas.DataFrame
        Scored rows; the columns of :data:`_WORST_COLUMNS` that are present are shown. Where
        ``reason`` and ``evidence`` exist, the reason is shown first and the evidence smaller
        under it; else ``why``.
    max_chars : int
        Longer texts are shortened with an ellipsis.
    timezone : str, optional
        The clock of the times, named in the column head; see :func:`display_timezone`.
    """
    tz = display_timezone(rows, timezone)
    cols = [c for c in _WORST_COLUMNS if c in rows.columns]
    heads = {"created_at": f"posted ({tz})", "url": "link"}
    records = rows.to_dict("records")
    if "created_at" in rows:
        times = local_times(rows["created_at"], tz).dt.strftime("%Y-%m-%d %H:%M").tolist()
        for record, when in zip(records, times, strict=True):
            record["created_at"] = when
    head = "".join(
        f'<th class="{_CELL_CLASS.get(c, c)}">{html.escape(heads.get(c, c))}</th>' for c in cols
    )
    body = []
    for row in records:
        cells = []
        for col in cols:
            value = row.get(col)
            if col == "text":
                text = str(value)
                cell = _text(text if len(text) <= max_chars else text[: max_chars - 1] + "…")
            elif col == "risk":
                cell = f"{value:.2f}"
            elif col == "url":
                cell = f'<a href="{html.escape(value)}">link</a>' if isinstance(value, str) else ""
            elif col == "why":
                cell = _why_cell(row)
            else:
                cell = _text(value)
            cells.append(f'<td class="{_CELL_CLASS.get(col, col)}">{cell}</td>')
        ident = ""
        if isinstance(row.get("post_id"), str) and isinstance(row.get("platform"), str):
            ident = f' data-post="{html.escape(row["platform"])}:{html.escape(row["post_id"])}"'
        body.append(f"<tr{ident}>{''.join(cells)}</tr>")
    return (
        '<table class="audit-table audit-posts">\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>"
    )


def _counts(scored: pd.DataFrame) -> dict[str, int]:
    counts = {name: int(scored[col].sum()) for name, col in _FLAG_COLUMNS.items()}
    counts["targeted"] = int((scored["is_negative"] & scored["targets_person"]).sum())
    counts["negative_or_oversharing"] = int((scored["is_negative"] | scored["is_overshare"]).sum())
    counts["late-night"] = int(scored["flags"].map(lambda fs: "immediacy:late-night" in fs).sum())
    return counts


def _by_platform_year(scored: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "platform": scored["platform"],
            "year": scored["created_at"].dt.year,
            **{name: scored[col] for name, col in _FLAG_COLUMNS.items()},
        }
    )
    frame["targeted"] = scored["is_negative"] & scored["targets_person"]
    grouped = frame.groupby(["platform", "year"])
    table = grouped[list(_FLAG_COLUMNS)].mean()
    table.insert(0, "posts", grouped.size())
    return table


def _categories(scored: pd.DataFrame) -> pd.DataFrame:
    over = scored.loc[scored["is_overshare"], "overshare_category"].value_counts()
    value = scored.loc[scored["is_value_add"], "value_category"].value_counts()
    rows = [("oversharing", c, int(n)) for c, n in over.items()]
    rows += [("value-add", c, int(n)) for c, n in value.items()]
    return pd.DataFrame(rows, columns=["signal", "category", "posts"])


def _trends(scored: pd.DataFrame) -> list[str]:
    if scored.empty:
        return []
    year = scored["created_at"].dt.year
    risky = (scored["is_negative"] | scored["is_overshare"]).groupby(year).agg(["sum", "size"])
    out = []
    if risky["sum"].max() > 0:
        peak = int(risky["sum"].idxmax())
        out.append(
            f"Risky posts peaked in {peak}: {int(risky.loc[peak, 'sum'])} of "
            f"{int(risky.loc[peak, 'size'])} posts that year were negative or oversharing."
        )
    if len(risky) >= 4:
        early, recent = risky.iloc[:3], risky.iloc[-3:]
        a = early["sum"].sum() / early["size"].sum()
        b = recent["sum"].sum() / recent["size"].sum()
        if a or b:
            direction = "fell" if b < a else ("rose" if b > a else "stayed")
            out.append(
                f"The share of risky posts {direction} from {a:.0%} in {early.index[0]}-"
                f"{early.index[-1]} to {b:.0%} in {recent.index[0]}-{recent.index[-1]}."
            )
    value = scored["is_value_add"].groupby(year).sum()
    if value.sum():
        best = int(value.idxmax())
        out.append(f"You added the most value in {best} ({plural(int(value.max()), 'post')}).")
    return out


def _recommendations(scored: pd.DataFrame) -> list[str]:
    recs: list[str] = []
    targeted = scored[scored["is_negative"] & scored["targets_person"]]
    if len(targeted):
        names = targeted["target"].dropna()
        keys = names.map(_target_key)
        shown = names.groupby(keys).first()  # one spelling per person, as written
        named = keys.value_counts()
        roles = _role_words()
        for key, n in named.head(3).items():
            whom = f"your {key}" if key in roles else shown[key]
            verb, them = ("criticises", "it") if n == 1 else ("criticise", "them")
            recs.append(f"{plural(int(n), 'post')} {verb} {whom}: delete or archive {them}.")
        rest = len(targeted) - int(named.head(3).sum())
        if rest > 0:
            verb, them = ("attacks", "it") if rest == 1 else ("attack", "them")
            recs.append(f"{plural(rest, 'more post')} {verb} other people: delete {them}.")
    untargeted = scored[scored["is_negative"] & ~scored["targets_person"]]
    if len(untargeted):
        recs.append(
            f"{plural(len(untargeted), 'post')} "
            f"{'rants or complains' if len(untargeted) == 1 else 'rant or complain'}: "
            "recruiters read venting as "
            "a warning sign; delete the angriest."
        )
    late = scored["is_negative"] & scored["flags"].map(lambda fs: "immediacy:late-night" in fs)
    if late.any():
        recs.append(
            f"{plural(int(late.sum()), 'negative post')} went out late at night: sleep on it "
            "before posting in the heat of the moment."
        )
    over = scored.loc[scored["is_overshare"], "overshare_category"].value_counts()
    for cat, n in over.items():
        what = _OVERSHARE_WORDS.get(cat, cat)
        action = (
            "delete them now"
            if cat in {"pii", "location", "work-confidential"}
            else ("delete or make them private")
        )
        verb, them = ("shares", "it") if n == 1 else ("share", "them")
        recs.append(f"{plural(int(n), 'post')} {verb} {what}: {action.format(them=them)}.")
    if not scored.empty:
        last_year = int(scored["created_at"].dt.year.max())
        years = scored["created_at"].dt.year
        for cat, phrase in _VALUE_WORDS.items():
            mask = scored["is_value_add"] & (scored["value_category"] == cat)
            if not mask.any():
                continue
            per_year = mask.groupby(years).sum()
            latest = int(per_year[per_year > 0].index.max())
            if latest < last_year - 1:
                recs.append(
                    f"You shared {plural(int(per_year[latest]), 'post')} of {phrase} in "
                    f"{latest} and none since: share more of it."
                )
        if not scored["is_value_add"].any():
            recs.append(
                "None of your posts adds value yet: teach, share tech news and security notices, "
                "answer questions and pass on job openings."
            )
        elif not (scored["value_category"] == "opportunity").any():
            recs.append(
                "You never passed on an opportunity: share job openings and tag people who "
                "would benefit."
            )
    return recs


def _role_words() -> frozenset[str]:
    """Relation and role words of the targets lexicon ("manager" -> "your manager")."""
    terms = load_data("targets.toml")["groups"]["relation"]["terms"]
    return frozenset(t for t in terms if " " not in t)


def summarize(
    scored: pd.DataFrame,
    decisions: Decisions | Iterable[str] | None = None,
    *,
    top: int = 10,
    mask_pii: bool = False,
    mask_people: bool = False,
) -> Summary:
    """Summarise a scored footprint.

    Parameters
    ----------
    scored : pandas.DataFrame
        Output of :func:`audit.score_posts`.
    decisions : Decisions or iterable of str, optional
        The user's marks (or just the post ids to delete) for the before/after figures.
    top : int
        How many of the riskiest posts to list.
    mask_pii : bool
        Mask phone numbers, emails, addresses, IPs and coordinates in the rendered text.
    mask_people : bool
        Replace other people's @handles and names by placeholders (``@person1``, ``[name2]``;
        :func:`audit.privacy.mask_people`); the owner's own handle stays.

    Returns
    -------
    Summary
    """
    if isinstance(decisions, Decisions):
        delete_ids = decisions.post_ids("delete")
        decision_counts = dict(decisions.counts())
    else:
        delete_ids = {str(i) for i in decisions or ()}
        decision_counts = {"delete": len(delete_ids)} if delete_ids else {}
    tz = display_timezone(scored)
    if "created_at" in scored:  # every date, year and hour below on the clock of the reasons
        scored = scored.assign(created_at=local_times(scored["created_at"], tz))
    shown = mask_people_frame(scored) if mask_people else scored
    shown = mask_frame(shown) if mask_pii else shown
    read = assessed_mask(scored)
    flagged = scored["is_negative"] | scored["is_overshare"]
    worst = shown[flagged | (scored["risk"] > 0)].sort_values("risk", ascending=False).head(top)
    return Summary(
        total=len(scored),
        first=scored["created_at"].min() if len(scored) else None,
        last=scored["created_at"].max() if len(scored) else None,
        counts=_counts(scored),
        by_platform_year=_by_platform_year(scored),
        categories=_categories(scored),
        worst=worst[[c for c in _WORST_COLUMNS + _WORST_EXTRA if c in worst.columns]].reset_index(
            drop=True
        ),
        trends=_trends(scored[read]),
        recommendations=_recommendations(shown),
        decisions=decision_counts,
        flagged_after_delete=int((flagged & ~scored["post_id"].isin(delete_ids)).sum()),
        delete_ids=delete_ids,
        masked=mask_pii,
        not_assessed=_not_assessed(scored),
        timezone=tz,
        _scored=shown[read],
    )
