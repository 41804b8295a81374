"""Real archives as people download them (issue 14): X time-zone names, languages the scorers
cannot read, renamed files and empty parts. Archives come from ``tests/real_format.py``."""

from __future__ import annotations

import warnings
import zipfile

import pandas as pd
import pytest

import audit
from audit.app import AuditApp
from audit.cli import main
from audit.timezones import resolve_timezone, x_timezone_names
from tests.helpers import REPO
from tests.real_format import ENGLISH, RUSSIAN, x_archive

# X names seen in real account-timezone.js files, and the Rails name X wrote before 2023.
X_NAMES = {
    "Kyiv": "Europe/Kyiv",
    "Kyev": "Europe/Kyiv",
    "Pacific Time (US & Canada)": "America/Los_Angeles",
    "Eastern Time (US & Canada)": "America/New_York",
    "London": "Europe/London",
    "Brasilia": "America/Sao_Paulo",
    "New Delhi": "Asia/Kolkata",
}


def _quiet_load(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", audit.AuditWarning)
        return audit.load_archive(path, **kw)


# --- time zones ------------------------------------------------------------------------------


def test_every_x_name_maps_to_a_zone_python_knows():
    import zoneinfo

    names = x_timezone_names()
    assert len(names) == 152  # the 151 names of the Rails list and one older spelling
    for x_name, iana in names.items():
        assert zoneinfo.ZoneInfo(iana), x_name
        assert resolve_timezone(x_name) == iana or resolve_timezone(x_name) == x_name


@pytest.mark.parametrize(("x_name", "iana"), sorted(X_NAMES.items()))
def test_x_time_zone_names_load_and_give_local_hours(tmp_path, x_name, iana):
    path = x_archive(tmp_path, time_zone=x_name)
    posts = audit.load_archive(path)
    assert posts.attrs["timezone"] == iana
    scored = audit.score_posts(posts)
    assert scored.attrs["timezone"] == iana
    # the late-night flag follows the archive's own local hours
    local = scored["created_at"].dt.tz_convert(iana).dt.hour
    late = scored["flags"].map(lambda f: "immediacy:late-night" in f)
    assert (late == local.between(1, 4)).all()


def test_kyiv_hours_are_kyivs(tmp_path):
    # 23:30 UTC on 1 July is 02:30 in Kyiv (UTC+3 in summer): late night there, not in UTC
    path = x_archive(tmp_path, timeline=[(ENGLISH[0], "en")], start="2023-07-01T23:30:00")
    scored = audit.score_posts(audit.load_archive(path))
    assert "immediacy:late-night" in scored.iloc[0]["flags"]
    assert "posted at 02:xx local time" in scored.iloc[0]["why"]
    utc = audit.score_posts(audit.load_archive(path), {"timezone": "UTC"})
    assert "immediacy:late-night" not in utc.iloc[0]["flags"]


def test_unknown_time_zone_name_warns_names_the_file_and_falls_back_to_utc(tmp_path):
    path = x_archive(tmp_path, time_zone="Atlantis Standard Time")
    with pytest.warns(audit.AuditWarning, match=r"account-timezone\.js: time zone 'Atlantis"):
        posts = audit.load_archive(path)
    assert posts.attrs["timezone"] is None
    assert audit.score_posts(posts).attrs["timezone"] == "UTC"


def test_user_time_zone_wins_and_accepts_x_names(tmp_path):
    posts = _quiet_load(x_archive(tmp_path, time_zone="Kyiv"))
    assert audit.score_posts(posts, {"timezone": "America/New_York"}).attrs["timezone"] == (
        "America/New_York"
    )
    scored = audit.score_posts(posts, {"timezone": "London"})
    assert scored.attrs["timezone"] == "Europe/London"
    # the report's hour-by-weekday map reads the hours the scores used
    from audit import plots

    assert plots.negative_hour_weekday(scored).get_title().endswith("(Europe/London)")
    with pytest.raises(audit.AuditError, match=r"IANA time-zone name.*'Mars/Olympus'"):
        audit.score_posts(posts, {"timezone": "Mars/Olympus"})


# --- languages -------------------------------------------------------------------------------


def test_lang_column_from_x_tags_and_special_codes(tmp_path):
    timeline = [(RUSSIAN[0], "ru"), (ENGLISH[0], "en"), ("https://t.co/x", "zxx"),
                ("🙂🙂", "qme"), ("Selamat pagi semua teman teman", "in")]
    posts = audit.load_archive(x_archive(tmp_path, timeline=timeline))
    assert posts.sort_values("post_id")["lang"].tolist() == ["ru", "en", "und", "und", "id"]


def test_lang_detected_where_the_export_has_no_tag(tmp_path):
    frame = pd.DataFrame({"text": [RUSSIAN[1], ENGLISH[1], "", "lol"]})
    scored = audit.score_posts(frame)
    assert scored["why"].iloc[0] == "not assessed: language ru"
    assert not scored["why"].iloc[1].startswith("not assessed")
    # no text, or too little to tell: 'und', which is assessed (nothing to misread)
    assert scored["why"].iloc[2] == scored["why"].iloc[3] == "no flags"


def test_mostly_foreign_archive_is_not_assessed_but_pii_still_counts(tmp_path):
    posts = audit.load_archive(x_archive(tmp_path))
    scored = audit.score_posts(posts)
    foreign = scored["lang"].isin(["ru", "uk"])
    assert foreign.sum() == 10
    # no negativity or value judgement on what the word lists cannot read ...
    assert not scored.loc[foreign, "is_negative"].any()
    assert not scored.loc[foreign, "is_value_add"].any()
    assert scored.loc[foreign, "why"].str.startswith("not assessed: language ").all()
    # ... the Russian rant about a boss included, which English would flag
    rant = scored["text"] == RUSSIAN[3]
    assert scored.loc[rant, "negativity"].item() == 0.0
    # posted at 02:30 in Kyiv: the time, which needs no words, still counts
    assert scored.loc[rant, "evidence"].item() == (
        "not assessed: language ru. immediacy: posted at 02:xx local time"
    )
    # an e-mail address needs no words: still flagged
    email = scored["text"].str.contains("ivan.petrenko@gmail.com")
    assert scored.loc[email, "is_overshare"].item()
    assert scored.loc[email, "overshare_category"].item() == "pii"
    assert scored.loc[email, "evidence"].item().startswith(
        "not assessed: language ru. overshare (pii)"
    )
    # the English posts are judged as before
    english = scored["text"] == ENGLISH[0]
    assert scored.loc[english, "is_negative"].item()


def test_summary_says_first_how_many_posts_were_not_read(tmp_path):
    scored = audit.score_posts(audit.load_archive(x_archive(tmp_path)))
    summary = audit.summarize(scored)
    assert summary.not_assessed == {"ru": 7, "uk": 3}
    expected = (
        "Most of these posts were not read: 10 posts of 12 (83%) are in Russian (7), "
        "Ukrainian (3), which this audit cannot read yet (English only)."
    )
    assert summary.coverage().startswith(expected)
    markdown = summary.to_markdown().split("\n")
    assert markdown[4] == f"**{summary.coverage()}**"  # right under the headline
    html = summary.to_html()
    assert html.index("Most of these posts were not read") < html.index("What to do")
    # the trends count only posts that were read: 2 English posts, one of them risky
    assert summary.trends[0].startswith("Risky posts peaked in 2023: 1 of 2 posts")


def test_a_mostly_english_archive_says_how_many_were_not_assessed(tmp_path):
    timeline = [(t, "en") for t in ENGLISH * 3] + [(RUSSIAN[0], "ru")]
    scored = audit.score_posts(audit.load_archive(x_archive(tmp_path, timeline=timeline)))
    assert audit.summarize(scored).coverage() == (
        "1 post (14%) was not assessed because it is in Russian (1); the audit reads "
        "English only. It got no negativity or value judgement and is left out of the trends."
    )


def test_every_english_archive_has_no_coverage_line(tmp_path):
    timeline = [(t, "en") for t in ENGLISH]
    scored = audit.score_posts(audit.load_archive(x_archive(tmp_path, timeline=timeline)))
    assert audit.summarize(scored).coverage() == ""
    assert "not read" not in audit.summarize(scored).to_markdown()


# --- no silent empty results -----------------------------------------------------------------


def test_renamed_x_files_with_a_named_platform_say_what_was_looked_for(tmp_path):
    folder = tmp_path / "renamed"
    folder.mkdir()
    source = x_archive(tmp_path / "src", form="folder")
    (folder / "my-tweets-backup.js").write_bytes((source / "data" / "tweets.js").read_bytes())
    with pytest.raises(audit.AuditError) as info:
        audit.load_archive(folder, platform="twitter")
    message = str(info.value)
    assert "data/tweets.js" in message and "tweet.js" in message  # the names looked for
    assert "my-tweets-backup.js" in message  # what was found


def test_an_archive_without_posts_is_an_error_unless_allowed(tmp_path):
    path = x_archive(tmp_path, timeline=[])
    with pytest.raises(audit.AuditError, match="expected posts in a twitter archive"):
        audit.load_archive(path)
    with pytest.raises(audit.AuditError, match="expected posts in the archives given"):
        audit.load_archives([path])
    with pytest.warns(audit.AuditWarning, match="hold no posts"):
        assert audit.load_archive(path, allow_empty=True).empty


def test_an_empty_part_beside_a_full_one_is_skipped_with_a_warning(tmp_path):
    full = x_archive(tmp_path / "full")
    empty = x_archive(tmp_path / "empty", timeline=[])
    with pytest.warns(audit.AuditWarning, match=r"empty.*no posts in this archive; skipped"):
        posts = audit.load_archives([full, empty])
    assert len(posts) == 12


def test_a_media_only_zip_beside_the_archive_is_skipped(tmp_path):
    media = tmp_path / "twitter-media.zip"
    with zipfile.ZipFile(media, "w") as zf:
        zf.writestr("data/tweets_media/1000-a.jpg", b"\xff\xd8")
    with pytest.warns(audit.AuditWarning, match="no posts files of any supported platform"):
        posts = audit.load_archives([x_archive(tmp_path), media])
    assert len(posts) == 12


# --- every way in, with no option given ----------------------------------------------------


def test_cli_scan_and_export_on_the_kyiv_archive(tmp_path, capsys):
    path = x_archive(tmp_path)
    assert main(["scan", str(path), "-q"]) == 0
    out = capsys.readouterr().out
    assert "Most of these posts were not read: 10 posts of 12 (83%)" in out
    assert main(["export", str(path), "-o", str(tmp_path / "out"), "-q"]) == 0
    flagged = pd.read_csv(tmp_path / "out" / "flagged.csv", dtype=str)
    assert "ivan.petrenko@gmail.com" in " ".join(flagged["text"])


def test_cli_time_zone_option_wins(tmp_path, capsys):
    path = x_archive(tmp_path, timeline=[(ENGLISH[0], "en")], start="2023-07-01T23:30:00")
    assert main(["scan", str(path), "-q"]) == 0
    assert "late at night" in capsys.readouterr().out
    assert main(["scan", str(path), "-q", "--timezone", "UTC"]) == 0
    assert "late at night" not in capsys.readouterr().out
    assert main(["scan", str(path), "-q", "--timezone", "Nowhere/Special"]) == 2
    assert "IANA time-zone name" in capsys.readouterr().err


def test_app_loads_the_kyiv_archive_and_takes_a_time_zone(tmp_path):
    path = x_archive(tmp_path, start="2023-07-01T23:30:00")
    app = AuditApp(path, output_dir=tmp_path / "out")
    assert app.scored is not None and len(app.scored) == 12
    assert "Most of these posts were not read" in app.message.value
    assert app.scored.attrs["timezone"] == "Europe/Kyiv"
    app.timezone.value = "Pacific Time (US & Canada)"
    assert app.load()
    assert app.scored.attrs["timezone"] == "America/Los_Angeles"
    app.timezone.value = "Mars"
    assert not app.load()
    assert "IANA time-zone name" in app.message.value


def test_report_on_the_kyiv_archive(tmp_path):
    from audit.report import run_report

    out = run_report([x_archive(tmp_path)], tmp_path / "r.html")
    page = out.read_text(encoding="utf-8")
    assert "Most of these posts were not read: 10 posts of 12 (83%)" in page
    # the first thing the summary section says after the headline
    summary = page[page.index("audit-summary") :]
    assert summary.index("Most of these posts were not read") < summary.index("What to do")


# --- adding a language is adding its folder --------------------------------------------------


@pytest.fixture
def with_german(tmp_path, monkeypatch):
    """A lexicon root with English and a German folder (English files, two German insults)."""
    import shutil

    from audit import language
    from audit.scorers import _lexicon, _text, negativity, oversharing, value

    root = tmp_path / "lexicons"
    shutil.copytree(REPO / "audit" / "lexicons" / "en", root / "en")
    shutil.copytree(REPO / "audit" / "lexicons" / "en", root / "de")
    # VADER and TextBlob read English only: the German thresholds switch them off
    thresholds = root / "de" / "thresholds.toml"
    thresholds.write_text(
        thresholds.read_text(encoding="utf-8").replace(
            "sentiment_engines = 1", "sentiment_engines = 0"
        ),
        encoding="utf-8",
    )
    german = root / "de" / "negativity.toml"
    german.write_text(
        german.read_text(encoding="utf-8").replace(
            '[groups.insult]\n# Words that call a person or a thing contemptible.\nweight = 0.85\n'
            "terms = [\n",
            '[groups.insult]\n# Words that call a person or a thing contemptible.\nweight = 0.85\n'
            'terms = [\n  "vollidiot", "dummkopf",\n',
        ),
        encoding="utf-8",
    )
    caches = [language.supported_languages, _lexicon._load_data, _lexicon._load_lexicon,
              _lexicon._load_lexicons, _text._patterns_of, negativity._names,
              negativity._addressed_re, value._groups_of, oversharing._detectors_of]

    def clear():
        for cached in caches:
            cached.cache_clear()

    monkeypatch.setattr(_lexicon, "lexicon_root", lambda: root)
    clear()
    yield root
    monkeypatch.undo()
    clear()


def test_a_language_folder_makes_its_posts_assessed(with_german):
    from audit.language import supported_languages

    assert supported_languages() == {"en", "de"}
    posts = pd.DataFrame(
        {
            "text": [
                "Mein Chef ist ein kompletter Vollidiot und das weiß jeder hier im Büro",
                "Heute war ein schöner Tag am See mit der ganzen Familie",
                ENGLISH[0],
                RUSSIAN[3],
            ],
            "lang": ["de", "de", "en", "ru"],
        }
    )
    scored = audit.score_posts(posts)
    # German posts are judged by the German folder's word lists (the rules: the learned model
    # knows English only), English ones as before, Russian ones are still not assessed
    assert scored["is_negative"].tolist()[:3] == [True, False, True]
    assert "'vollidiot'" in scored["why"].iloc[0]
    assert not scored["why"].iloc[0].startswith("not assessed")
    assert scored["why"].iloc[3] == "not assessed: language ru"
    from audit.summary import not_assessed_sentence

    assert not_assessed_sentence(scored).startswith("1 post (25%) was not assessed because it is "
                                                    "in Russian (1)")


def test_without_its_folder_a_language_is_not_assessed():
    posts = pd.DataFrame({"text": ["Mein Chef ist ein kompletter Vollidiot"], "lang": ["de"]})
    assert audit.score_posts(posts)["why"].item() == "not assessed: language de"
