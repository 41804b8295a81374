"""User configuration of the scorers: watch-words, thresholds, timezone, "not a problem" ledger.

A config is a TOML file or a mapping with these keys (all optional)::

    timezone = "Europe/Berlin"            # IANA name (or X's, "Kyiv"); late-night hours are local
    watch_words = ["Initech", "Karen"]    # colleagues' or the employer's names: targets
    not_a_problem = ["1234567890"]        # post ids the user marked "not a problem"
    not_a_problem_file = "ok_posts.txt"   # more ids, one per line ('#' comments allowed),
                                          # relative to the config file
    rules_only = false                    # true: the rules alone, without the learned model
    [thresholds.negativity]               # any key of audit/lexicons/en/thresholds.toml
    threshold = 0.6

The package defaults come from ``audit/lexicons/en/thresholds.toml``. Unknown keys and bad values
raise :class:`audit.errors.AuditError` naming the file and the key.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import AuditError, describe
from .scorers._lexicon import DEFAULT_LANGUAGE, load_data
from .timezones import resolve_timezone

__all__ = ["ScoringConfig", "load_config"]

_TOP_KEYS = (
    "timezone", "watch_words", "not_a_problem", "not_a_problem_file", "thresholds", "rules_only"
)


@dataclass(frozen=True)
class ScoringConfig:
    """Settings for :func:`audit.scoring.score_posts`.

    Parameters
    ----------
    thresholds : dict
        Table name -> key -> value, the package defaults merged with the user's overrides.
    timezone : str or None
        IANA time-zone name for local hours (X's names are mapped on reading); ``None`` means
        "from the posts, else UTC".
    watch_words : tuple of str
        Names whose appearance in a negative post makes it person-targeted.
    not_a_problem : frozenset of str
        Post ids never flagged again.
    source : str
        Where the config came from (for messages).
    rules_only : bool
        Judge with the rules alone, not the learned model (more flags, and more false ones).
    """

    thresholds: dict[str, dict[str, Any]] = field(default_factory=dict)
    timezone: str | None = None
    watch_words: tuple[str, ...] = ()
    not_a_problem: frozenset[str] = frozenset()
    source: str = "defaults"
    rules_only: bool = False


def _fail(where: str, key: str, expected: str, got: Any, fix: str) -> AuditError:
    return AuditError(describe(expected, f"{got!r}", fix, where=f"{where}, key '{key}'"))


def _defaults() -> dict[str, dict[str, Any]]:
    data = load_data("thresholds.toml", DEFAULT_LANGUAGE)  # per-language ones: audit.scoring
    return {table: dict(values) for table, values in data.items()}


def _str_list(value: Any, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple | set | frozenset) or not all(
        isinstance(v, str | int) and not isinstance(v, bool) for v in value
    ):
        raise _fail(where, key, "a list of strings", value, f'write {key} = ["..."]')
    return tuple(str(v).strip() for v in value if str(v).strip())


def _read_ledger(path: Path, where: str) -> set[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise _fail(
            where,
            "not_a_problem_file",
            "a readable text file of post ids, one per line",
            str(path),
            "correct the path (relative paths are relative to the config file)",
        ) from exc
    ids = set()
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            ids.add(line)
    return ids


def _merge_thresholds(
    base: dict[str, dict[str, Any]], user: Any, where: str
) -> dict[str, dict[str, Any]]:
    merged = copy.deepcopy(base)
    if not isinstance(user, Mapping):
        raise _fail(where, "thresholds", "a table of tables", user, "write [thresholds.negativity]")
    for table, values in user.items():
        if table not in merged:
            raise _fail(
                where,
                f"thresholds.{table}",
                f"one of {', '.join(sorted(merged))}",
                table,
                "check the spelling of the table name",
            )
        if not isinstance(values, Mapping):
            raise _fail(where, f"thresholds.{table}", "a table", values, "use key = value lines")
        for key, value in values.items():
            if key not in merged[table]:
                raise _fail(
                    where,
                    f"thresholds.{table}.{key}",
                    f"one of {', '.join(sorted(merged[table]))}",
                    key,
                    "check the spelling of the key",
                )
            default = merged[table][key]
            if isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, int | float):
                ok = isinstance(value, int | float) and not isinstance(value, bool)
            else:
                ok = isinstance(value, type(default))
            if not ok:
                raise _fail(
                    where,
                    f"thresholds.{table}.{key}",
                    f"a {type(default).__name__} like the default {default!r}",
                    value,
                    "give a value of that type",
                )
            if key == "threshold" and not 0.0 <= float(value) <= 1.0:
                raise _fail(
                    where, f"thresholds.{table}.{key}", "a number in 0..1", value, "use 0..1"
                )
            merged[table][key] = value
    return merged


def load_config(
    config: ScoringConfig | Mapping[str, Any] | str | Path | None = None,
) -> ScoringConfig:
    """Build a :class:`ScoringConfig` from a config object, a mapping, a TOML file or nothing.

    Parameters
    ----------
    config : ScoringConfig, Mapping, str, Path or None
        ``None`` gives the package defaults; a str/Path is a TOML file.

    Returns
    -------
    ScoringConfig

    Raises
    ------
    AuditError
        For an unreadable file, invalid TOML, an unknown key or a bad value (the message names the
        file and the key).

    Examples
    --------
    >>> cfg = load_config({"watch_words": ["Initech"], "thresholds": {"value": {"threshold": 0.6}}})
    >>> cfg.thresholds["value"]["threshold"], cfg.watch_words
    (0.6, ('Initech',))
    """
    if isinstance(config, ScoringConfig):
        return config
    base_dir = Path.cwd()
    if config is None:
        data: Mapping[str, Any] = {}
        where = "scoring config"
    elif isinstance(config, str | Path):
        path = Path(config)
        where = str(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise AuditError(
                describe("a readable TOML config file", str(exc), "check the path", where=where)
            ) from exc
        except tomllib.TOMLDecodeError as exc:
            raise AuditError(
                describe("valid TOML", str(exc), "fix the syntax at that line", where=where)
            ) from exc
        base_dir = path.resolve().parent
    elif isinstance(config, Mapping):
        data = config
        where = "scoring config"
    else:
        raise AuditError(
            describe(
                "a ScoringConfig, a mapping, a TOML file path or None",
                type(config).__name__,
                "pass the path of your config file or a dict",
            )
        )
    for key in data:
        if key not in _TOP_KEYS:
            raise _fail(
                where, str(key), f"one of {', '.join(_TOP_KEYS)}", key, "remove or rename it"
            )

    timezone = data.get("timezone")
    if timezone is not None:
        resolved = resolve_timezone(timezone)
        if resolved is None:
            raise _fail(
                where,
                "timezone",
                "an IANA time-zone name or one of X's (Kyiv, London)",
                timezone,
                'e.g. "Europe/Berlin" or "America/New_York"',
            )
        timezone = resolved

    watch = _str_list(data.get("watch_words", []), where, "watch_words")
    ledger = set(_str_list(data.get("not_a_problem", []), where, "not_a_problem"))
    ledger_file = data.get("not_a_problem_file")
    if ledger_file is not None:
        if not isinstance(ledger_file, str | Path):
            raise _fail(where, "not_a_problem_file", "a file path", ledger_file, "give a path")
        lp = Path(ledger_file)
        if not lp.is_absolute():
            lp = base_dir / lp
        ledger |= _read_ledger(lp, where)

    rules_only = data.get("rules_only", False)
    if not isinstance(rules_only, bool):
        raise _fail(where, "rules_only", "true or false", rules_only, "write rules_only = true")
    thresholds = _merge_thresholds(_defaults(), data.get("thresholds", {}), where)
    return ScoringConfig(
        rules_only=rules_only,
        thresholds=thresholds,
        timezone=timezone,
        watch_words=watch,
        not_a_problem=frozenset(ledger),
        source=where,
    )
