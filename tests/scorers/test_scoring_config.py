"""audit.config: defaults, overrides, and errors that name the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.config import ScoringConfig, load_config
from audit.errors import AuditError


def test_defaults_come_from_the_package_data():
    cfg = load_config(None)
    assert cfg.thresholds["negativity"]["threshold"] == 0.5
    assert cfg.timezone is None and cfg.watch_words == () and cfg.not_a_problem == frozenset()
    assert load_config(cfg) is cfg
    assert isinstance(cfg, ScoringConfig)


def test_mapping_overrides_only_given_keys():
    cfg = load_config({"thresholds": {"overshare": {"threshold": 0.7}}, "watch_words": "Initech"})
    assert cfg.thresholds["overshare"]["threshold"] == 0.7
    assert cfg.thresholds["value"]["threshold"] == 0.5
    assert cfg.watch_words == ("Initech",)
    # the package defaults are not changed by an override
    assert load_config(None).thresholds["overshare"]["threshold"] == 0.5


def test_toml_file(tmp_path: Path):
    (tmp_path / "ledger.txt").write_text("a1  # ok\n\nb2\n", encoding="utf-8")
    path = tmp_path / "audit.toml"
    path.write_text(
        'timezone = "Europe/Berlin"\nwatch_words = ["Karen", "Globex"]\n'
        'not_a_problem = ["c3", 17]\nnot_a_problem_file = "ledger.txt"\n'
        "[thresholds.immediacy]\nlate_night_start = 0\n",
        encoding="utf-8",
    )
    cfg = load_config(path)
    assert cfg.timezone == "Europe/Berlin"
    assert cfg.watch_words == ("Karen", "Globex")
    assert cfg.not_a_problem == frozenset({"a1", "b2", "c3", "17"})
    assert cfg.thresholds["immediacy"]["late_night_start"] == 0
    assert cfg.source == str(path)


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"colour": "blue"}, "key 'colour'"),
        ({"thresholds": {"negativty": {"threshold": 0.4}}}, "thresholds.negativty"),
        ({"thresholds": {"negativity": {"treshold": 0.4}}}, "thresholds.negativity.treshold"),
        ({"thresholds": {"negativity": {"threshold": "high"}}}, "a float"),
        ({"thresholds": {"negativity": {"threshold": 1.5}}}, "0..1"),
        ({"thresholds": {"value": {"answer_needs_reply": 1}}}, "a bool"),
        ({"timezone": "Mars/Olympus"}, "key 'timezone'"),
        ({"watch_words": [["nested"]]}, "key 'watch_words'"),
        ({"not_a_problem_file": "/no/such/ledger.txt"}, "not_a_problem_file"),
    ],
)
def test_bad_config_names_the_key(config, message):
    with pytest.raises(AuditError, match="expected") as info:
        load_config(config)
    assert message in str(info.value)
    assert "Fix:" in str(info.value)


def test_bad_file_names_the_file(tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text("timezone = \n", encoding="utf-8")
    with pytest.raises(AuditError, match=r"bad\.toml"):
        load_config(bad)
    unknown = tmp_path / "unknown.toml"
    unknown.write_text('colour = "blue"\n', encoding="utf-8")
    with pytest.raises(AuditError, match=r"unknown\.toml, key 'colour'"):
        load_config(unknown)
    with pytest.raises(AuditError, match="readable"):
        load_config(tmp_path / "missing.toml")
    with pytest.raises(AuditError, match="ScoringConfig"):
        load_config(42)  # type: ignore[arg-type]
