"""The fast paths of issue 5 in loading change nothing: each is compared with the reference way.

- JSON through orjson, with the ``json`` module for whatever orjson could read otherwise;
- X tweets read as columns by a fast path, with :func:`tweet_record` for any other shape;
- the posts table built from columns, sorted without pandas' full sort, checked faster;
- big archives parsed by forked worker processes, with the result of one process.
"""

from __future__ import annotations

import json
import math
import random
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import audit
import audit.importers.twitter as tw
from audit import schema
from audit.archive import open_archive
from audit.errors import ArchiveFormatError
from audit.importers._common import Columns, Skipped, finish, finish_columns, load_js, load_json
from audit.schema import POSTS_COLUMNS, _opt_int, _opt_ints, posts_frame, posts_from_columns
from tests.helpers import js, lay_out, tweet, x_time, ytd

PROPERTIES = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _same(a, b) -> bool:
    """Equal values of equal types, all the way down (NaN equal to NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return a == b


# --- JSON: orjson with the json module as the reference -----------------------------------------
def _outcome(read, *args):
    """``("ok", value)`` or ``("error", exception type)`` of ``read(*args)``."""
    try:
        return "ok", read(*args)
    except (ValueError, RecursionError) as exc:
        return "error", type(exc)


def _same_outcome(a, b) -> bool:
    return a[0] == b[0] and (_same(a[1], b[1]) if a[0] == "ok" else a[1] is b[1])


def _reference_js(text: str):
    """What load_js returned before orjson: json.raw_decode after the prefix."""
    start = min(i for i in (text.find("["), text.find("{")) if i >= 0)
    value, end = json.JSONDecoder().raw_decode(text, start)
    assert not text[end:].strip().rstrip(";").strip()
    return value


BODIES = [
    '[{"tweet": {"full_text": "a\\ud800b", "id_str": "1"}}]',  # lone surrogate: orjson refuses
    '["\\udfff", "\\ud83d\\ude00"]',
    "[NaN, Infinity, -Infinity]",
    "[1e400, -1e400, 1.5e308]",
    "[123456789012345678901234567890, -9223372036854775809, 18446744073709551616]",
    '[{"id": 1234567890123456789012, "n": -12345678901234567890}]',
    "[9223372036854775807, 18446744073709551615, -9223372036854775808]",  # orjson's own ints
    '[{"a": 1, "a": 2}, -0, -0.0, 0.1, 1E5, 2.2250738585072014e-308]',
    "[" * 1100 + "]" * 1100,  # deeper than orjson goes
    '["text with 12345678901234567890 in it", "https://x.com/a/status/1234567890123456789012"]',
    '{"plain": "object", "list": [1, 2.5, true, false, null]}',
]


@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
@pytest.mark.parametrize("tail", ["", "\n", ";", " ;\n", ";;", "\u3000"])
def test_load_js_equals_json_module(tmp_path, body, tail):
    text = f"window.YTD.tweets.part0 = {body}{tail}"
    path = lay_out(tmp_path, {"data/tweets.js": text}, "folder")
    with open_archive(path) as archive:
        got = _outcome(load_js, archive, "data/tweets.js")
    assert _same_outcome(got, _outcome(_reference_js, text))


@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_load_json_equals_json_module(tmp_path, body):
    raw = "\ufeff" + body  # a byte-order mark, dropped as before
    path = lay_out(tmp_path, {"posts/your_posts_1.json": raw}, "folder")
    with open_archive(path) as archive:
        got = _outcome(load_json, archive, "posts/your_posts_1.json")
    assert _same_outcome(got, _outcome(json.loads, body))


def test_lone_surrogate_text_is_the_same_as_with_json(tmp_path):
    t = tweet("7", "broken \\ud83d emoji")
    text = ytd("tweets", [t]).replace("\\\\ud83d", "\\ud83d")
    assert "\\ud83d" in text and "\\\\" not in text
    posts = audit.load_archive(lay_out(tmp_path, {"data/tweets.js": text}, "folder"))
    assert posts["text"].tolist() == ["broken \ud83d emoji"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('window.YTD.tweets.part0 = [ {"tweet": {"id_str": ', r"invalid JSON at line 1"),
        ('window.YTD.tweets.part0 = [ {"tweet": {}} ] x', r"extra text after it: 'x'"),
        ('window.YTD.tweets.part0 = [ {"tweet": {}} ]; ;', r"extra text after it: ';'"),
        ("window.YTD.tweets.part0 = ", r"no JSON array or object"),
        ('window.YTD.tweets.part0 = {"a": 1}', r"a JSON array of tweets"),
        (b"window.YTD.tweets.\xff0 = []", r"bytes that are not UTF-8 at offset 18"),
        (b'window.YTD.tweets.part0 = ["\xed\xa0\x80"]', r"bytes that are not UTF-8 at offset 28"),
    ],
)
def test_broken_files_give_the_same_errors(tmp_path, content, message):
    path = lay_out(tmp_path, {"data/tweets.js": content}, "folder")
    with pytest.raises(ArchiveFormatError, match=rf"data/tweets\.js: expected .*{message}"):
        audit.load_archive(path)


def test_bad_json_message_names_line_and_column(tmp_path):
    text = ytd("tweets", [tweet("1", "a"), tweet("2", "b")])
    broken = text[: text.index('"id_str": "2"')] + '"id_str": 2 2'
    path = lay_out(tmp_path, {"data/tweets.js": broken}, "folder")
    with pytest.raises(json.JSONDecodeError) as reference:
        _reference_js(broken)
    where = f"line {reference.value.lineno}, column {reference.value.colno}"
    with pytest.raises(ArchiveFormatError, match=rf"invalid JSON at {where} \("):
        audit.load_archive(path)


# --- X times ---------------------------------------------------------------------------------
def _time_variants(rng: random.Random) -> list[str]:
    base = datetime(2006, 3, 21, tzinfo=UTC) + timedelta(seconds=rng.randrange(800_000_000))
    s = base.strftime("%a %b %d %H:%M:%S +0000 %Y")
    out = [s, s.replace("+0000", "+0100"), s.lower(), " " + s[:-1], s + " ", s.upper()]
    for pos, chars in [
        (8, "03"),  # day: 00, 30/31 in short months
        (11, "29"),  # hour 20-29
        (14, "6"),  # minute 60+
        (17, "6"),  # second 60+ (a leap second)
        (26, "0"),  # year 0xxx
    ]:
        out.append(s[:pos] + rng.choice(chars) + s[pos + 1 :])
    out.append(s[:9] + "\u0663" + s[10:])  # an Arabic-Indic digit: \d and int() take it
    out.append(s.replace("Feb", "Xyz"))
    out.append("Mon Feb 29 12:00:00 +0000 2021")
    out.append("Tue Feb 29 12:00:00 +0000 2000")
    return out


def test_x_micros_equals_parse_time():
    rng = random.Random(5)
    parts: dict[str, int] = {}  # one cache for all: a cached date must not vouch for a bad time
    fast = 0
    for _ in range(3000):
        for s in _time_variants(rng):
            try:
                micros = tw._x_micros(s, parts)
            except (tw._Slow, ValueError):
                micros = None
            try:
                slow = tw._parse_time(s)
            except ValueError:
                slow = None
            if micros is not None:
                fast += 1
                assert tw._X_TIME.fullmatch(s)
                assert slow is not None and micros == (slow - _EPOCH) // timedelta(microseconds=1)
            elif slow is not None:  # declined, yet read by _parse_time: not the usual form
                assert not (len(s) == 30 and tw._X_TIME.fullmatch(s))
    assert fast > 3000


# --- the tweet fast path against tweet_record -------------------------------------------------
_ODD_VALUES = [None, "", 0, -1, 2**70, 1.5, True, False, "x", "\u0661\u0662", " 3 ", [], {}]
_ODD_MORE = [["a"], [{}], {"a": 1}, [None], "RT @x: hi", "https://x.com/a/status/1", 10**19]
ODD = st.sampled_from([*_ODD_VALUES, *_ODD_MORE, -(2**63)])
TIMES = st.sampled_from(
    [
        "Wed Dec 23 13:51:29 +0000 2020",
        "Wed Feb 30 13:51:29 +0000 2020",
        "Wed Dec 23 24:00:00 +0000 2020",
        "Wed Dec 23 23:59:60 +0000 2020",
        " Wed Dec 23 13:51:29 +0000 2020",
        "Wed Dec 23 13:51:29 +0200 2020",
        "2013-02-01 04:54:20 +0000",
        "2026-03-06T13:02:05.000Z",
        "Wed Dec 23 1\u0663:51:29 +0000 2020",
    ]
)
URL = st.fixed_dictionaries(
    {"url": st.sampled_from(["https://t.co/AAAAAAAAAA", "", None])},
    optional={
        "expanded_url": st.sampled_from(
            ["https://x.com/a/status/12", "https://e.example/", "", 5, None]
        ),
        "indices": st.sampled_from([["0", "23"], ["5", "28"], [0, 23], ["x"], None]),
        "id_str": st.sampled_from(["1", "2", None, [1]]),
        "media_url_https": st.sampled_from(["m1", "m2"]),
        "screen_name": st.sampled_from(["bob", "", None, 7]),
        "text": st.sampled_from(["tag", "", None]),
    },
)
FIELDS = {
    "id_str": st.sampled_from(["1", "22", "x1", "", None, 5, "\u0661"]) | ODD,
    "id": st.sampled_from(["3", 4, 2**70, None]) | ODD,
    "created_at": TIMES | ODD,
    "full_text": st.sampled_from(
        ["hi &amp; bye", "RT @x: yo", "https://t.co/AAAAAAAAAA see", "", "a\u00a0b "]
    )
    | ODD,
    "text": st.sampled_from(["grail text", None]) | ODD,
    "entities": st.fixed_dictionaries(
        {},
        optional={
            "urls": st.lists(URL, max_size=2) | ODD,
            "media": st.lists(URL, max_size=2) | ODD,
            "user_mentions": st.lists(URL, max_size=2) | ODD,
            "hashtags": st.lists(URL, max_size=2) | ODD,
        },
    )
    | ODD,
    "extended_entities": st.fixed_dictionaries(
        {}, optional={"media": st.lists(URL, max_size=3) | ODD}
    )
    | ODD,
    "retweeted_status": ODD,
    "in_reply_to_status_id_str": st.sampled_from(["9", ""]) | ODD,
    "in_reply_to_status_id": ODD,
    "in_reply_to_screen_name": st.sampled_from(["bob", ""]) | ODD,
    "in_reply_to_user_id_str": st.sampled_from(["77", ""]) | ODD,
    "in_reply_to_user_id": ODD,
    "coordinates": st.sampled_from([{"coordinates": [1.5, 2.5]}, {"coordinates": [1]}]) | ODD,
    "geo": st.sampled_from([{"coordinates": [3.0, 4.0]}, {}]) | ODD,
    "place": st.sampled_from([{"full_name": "Lisbon"}, {"name": "Porto"}]) | ODD,
    "favorite_count": st.sampled_from(["3", "0", "1_000", " 7 ", "-2", "9" * 25]) | ODD,
    "retweet_count": ODD,
    "edit_info": st.sampled_from(
        [
            {"initial": {"editTweetIds": ["1"]}},
            {"initial": {"editTweetIds": ["1", "5"]}},
            {"initial": {}},
            {"initial": {"editTweetIds": "1"}},
            {"edit": {"editControlInitial": {"editTweetIds": ["0", "1"]}}},
        ]
    )
    | ODD,
}
_USUAL = tweet("1100000000000000001", "https://t.co/AAAAAAAAAA see &amp; @bob #tag")
_USUAL["entities"]["urls"] = [
    {"url": "https://t.co/AAAAAAAAAA", "expanded_url": "https://e.example/", "indices": ["0", "23"]}
]
_USUAL["entities"]["user_mentions"] = [{"screen_name": "bob", "indices": ["33", "37"]}]
_USUAL["entities"]["hashtags"] = [{"text": "tag", "indices": ["38", "42"]}]
# a usual tweet with a few fields dropped or changed (mostly still the usual shape), or anything
_PHOTO = {"url": "https://t.co/MMMMMMMMMM", "indices": ["44", "67"], "id_str": "5"}
_USUAL_MEDIA = {
    **_USUAL,
    "full_text": _USUAL["full_text"] + " https://t.co/MMMMMMMMMM",
    "entities": {**_USUAL["entities"], "media": [_PHOTO]},
    # two entries of one photo and a video: 2 media
    "extended_entities": {"media": [_PHOTO, _PHOTO, {**_PHOTO, "id_str": "6"}]},
}
_ONE_CHANGE = st.sampled_from(sorted(FIELDS)).flatmap(
    lambda k: FIELDS[k].flatmap(
        lambda v: st.sampled_from([{**_USUAL, k: v}, {**_USUAL_MEDIA, k: v}])
    )
)
TWEET = st.one_of(
    st.sampled_from([_USUAL, _USUAL_MEDIA]),
    _ONE_CHANGE,
    st.builds(
        lambda changed, dropped: {
            k: v for k, v in {**_USUAL, **changed}.items() if k not in dropped
        },
        st.fixed_dictionaries({}, optional=FIELDS),
        st.sets(st.sampled_from(sorted(_USUAL)), max_size=2),
    ),
    st.fixed_dictionaries({}, optional=FIELDS),
)
ELEMENT = st.one_of(
    TWEET.map(lambda t: {"tweet": t}),
    TWEET,
    st.builds(lambda t: {"tweet": t, "other": 1}, TWEET),
    ODD,
)


class _Archive:
    path = Path("archive")

    def where(self, name: str) -> str:
        return f"archive!{name}"


def _reference_columns(data, name, username):
    """The rows as the importer made them before: tweet_record on every tweet."""
    archive = _Archive()
    skipped, edits, columns = Skipped(archive), {}, Columns()
    for element in data:
        t = tw._unwrap(element, "tweet")
        if not tw._is_map(t):
            skipped.add(name, "not a tweet object")
            continue
        try:
            record = tw.tweet_record(t, name, username)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            skipped.add_error(name, exc)
            continue
        columns.append_record(record)
        versions = tw._edit_versions(t)
        if versions:
            edits[record["post_id"]] = versions
    return columns, skipped.counts, edits


@PROPERTIES
@given(data=st.lists(ELEMENT, max_size=8), username=st.sampled_from(["me", None, "", 5]))
def test_fast_tweet_rows_equal_tweet_record(data, username):
    expected, expected_skips, expected_edits = _reference_columns(
        json.loads(json.dumps(data)), "data/tweets.js", username
    )
    skipped, edits = Skipped(_Archive()), {}
    got = tw._tweet_columns(
        _Archive(), "data/tweets.js", json.loads(json.dumps(data)), username, skipped, edits, False
    )
    for c in ("likes", "shares"):
        expected.data[c] = _opt_ints(expected.data[c])
    for c in POSTS_COLUMNS:
        assert _same(list(got.data[c]), list(expected.data[c])), c
    assert {n: list(r.items()) for n, r in skipped.counts.items()} == {
        n: list(r.items()) for n, r in expected_skips.items()
    }
    assert list(edits.items()) == list(expected_edits.items())


def test_fast_path_takes_the_usual_tweets():
    calls = []
    real = tw.tweet_record
    tw.tweet_record = lambda *a: calls.append(a) or real(*a)  # type: ignore[assignment]
    try:
        data = [{"tweet": tweet(str(i), f"hi &amp; {i}")} for i in range(50)]
        data[7]["tweet"]["place"] = {"full_name": "Lisbon"}
        rows = tw._tweet_columns(_Archive(), "f", data, "me", Skipped(_Archive()), {}, False)
    finally:
        tw.tweet_record = real  # type: ignore[assignment]
    assert len(rows) == 50 and len(calls) == 1  # only the tweet with a place


# --- the table: columns against records ---------------------------------------------------------
VALUE = st.sampled_from(
    [None, "", "a", "b", 0, 3, -1, 2**70, 1.5, float("nan"), True, [], ["x"], ("y",), 10**19]
)


def _records(rng: random.Random, n: int) -> list[dict]:
    start = datetime(2020, 1, 1, tzinfo=UTC)
    out = []
    for i in range(n):
        r = {
            "platform": rng.choice(["twitter", "facebook"]),
            "post_id": rng.choice(["1", "2", "10", "a", "B", "", str(i)]),
            # few distinct times: many ties for the sort to break by post_id, then by position
            "created_at": start + timedelta(seconds=rng.choice([0, 1, 2]), microseconds=i % 2),
            "kind": rng.choice(["post", "reply"]),
            "source_file": rng.choice(["f", None, 3]),
        }
        for c in POSTS_COLUMNS:
            if c not in r and rng.random() < 0.7:
                r[c] = rng.choice(
                    [None, "", "x", 0, 5, -3, 2**70, 1.5, math.nan, True, [], ["m"], ("t",), "7"]
                )
        out.append(r)
    return out


@pytest.mark.parametrize("seed", range(30))
def test_posts_from_columns_equals_posts_frame(seed):
    rng = random.Random(seed)
    records = _records(rng, rng.randrange(0, 60))
    try:
        expected = posts_frame(records)
    except (TypeError, ValueError, OverflowError) as exc:
        with pytest.raises(type(exc)):
            posts_from_columns({c: [r.get(c) for r in records] for c in POSTS_COLUMNS})
        return
    columns = {c: [r.get(c) for r in records] for c in POSTS_COLUMNS}
    for c in ("mentions", "hashtags", "links"):
        columns[c] = [list(v or ()) for v in columns[c]]
    if rng.random() < 0.5:  # created_at as microseconds, as Columns holds it
        columns["created_at"] = np.array(
            [(v - _EPOCH) // timedelta(microseconds=1) for v in columns["created_at"]]
        )
    got = posts_from_columns(columns)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    for c in POSTS_COLUMNS:
        assert all(
            (a is pd.NA and b is pd.NA) or _same(a, b)
            for a, b in zip(got[c].tolist(), expected[c].tolist(), strict=True)
        ), c


def test_sort_breaks_time_ties_by_post_id_then_position():
    t = datetime(2024, 1, 1, tzinfo=UTC)
    records = [
        {"platform": p, "post_id": i, "created_at": t + timedelta(seconds=s), "kind": "post"}
        for p, i, s in [
            ("x", "b", 1),
            ("y", "b", 1),
            ("x", "a", 1),
            ("x", "c", 0),
            ("y", "a", 1),
            ("x", "10", 1),
            ("x", "9", 1),
        ]
    ]
    expected = pd.DataFrame(records).sort_values(["created_at", "post_id"], kind="stable")
    got = posts_frame(records)
    assert list(zip(got["platform"], got["post_id"], strict=True)) == list(
        zip(expected["platform"], expected["post_id"], strict=True)
    )


@pytest.mark.parametrize("seed", range(20))
def test_sort_order_equals_pandas_sort_values(seed):
    rng = random.Random(seed)
    n = rng.randrange(1, 400)
    t = datetime(2024, 1, 1, tzinfo=UTC)
    frame = pd.DataFrame(
        {
            "created_at": pd.Series(
                [t + timedelta(microseconds=rng.choice([0, 1, 10**6, -5])) for _ in range(n)]
            ).astype("datetime64[us, UTC]"),
            "post_id": pd.Series(
                [
                    rng.choice(["1", "10", "9", "", "a", "B", "\u00e9", "\U0001f600", "z"])
                    for _ in range(n)
                ],
                dtype="str",
            ),
        }
    )
    expected = frame.sort_values(["created_at", "post_id"], kind="stable").index.to_numpy()
    got = schema._sort_order(frame["created_at"], frame["post_id"])
    assert got is not None and got.tolist() == expected.tolist()


def test_opt_ints_equals_opt_int():
    values = ["3", " 4 ", "1_000", "-2", "x", "", None, 0, 7, 2**63, -(2**63), 2**63 - 1]
    values += [True, False, 1.0, 1.5, math.nan, math.inf, "\u0663", [], "9" * 25, 3, "3"]
    assert _same(_opt_ints(values), [_opt_int(v) for v in values])
    assert _same(_opt_ints(values[:7]), [_opt_int(v) for v in values[:7]])


def test_finish_columns_equals_finish():
    rng = random.Random(2)
    records = _records(rng, 80)
    for r in records:  # values every importer gives (odd ones are covered above)
        r["source_file"] = "f"
        r["text"] = str(r.get("text"))
        r["media_count"] = rng.choice([0, 2])
        r["lat"] = r["lon"] = rng.choice([None, 1.5])
        for c in ("mentions", "hashtags", "links"):
            r[c] = rng.choice([[], ["x"], None])
    archive = _Archive()
    skipped = Skipped(archive)
    skipped.add("f", "a reason")
    with warnings.catch_warnings(record=True) as w1:
        warnings.simplefilter("always")
        expected = finish([dict(r) for r in records], skipped, username="u")
    columns = Columns()
    for r in records:
        columns.append_record(r)
    with warnings.catch_warnings(record=True) as w2:
        warnings.simplefilter("always")
        got = finish_columns(columns, skipped, username="u")
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert got.attrs == expected.attrs and got.attrs["duplicates"] > 0
    assert [str(w.message) for w in w1] == [str(w.message) for w in w2]


# --- parallel against serial ---------------------------------------------------------------------
def _big_archive(tmp_path: Path, form: str = "folder") -> Path:
    rng = random.Random(9)
    files = {}
    for part in range(5):
        tweets = []
        for i in range(60):
            n = rng.randrange(400)  # ids repeat across parts: the last file's values win
            t = tweet(str(1000 + n), f"part {part} &amp; {i}")
            t["created_at"] = x_time(f"2024-05-0{1 + n % 3}T12:00:{n % 60:02d}")
            if i % 17 == 0:
                del t["created_at"]  # skipped, with its reason
            if i % 23 == 0:
                t["edit_info"] = {"initial": {"editTweetIds": [str(1000 + n), "1399"]}}
            tweets.append(t)
        tweets.append("not a tweet")
        name = "data/tweets.js" if part == 0 else f"data/tweets-part{part}.js"
        files[name] = ytd("tweets", tweets, part=part)
    files["data/manifest.js"] = js(
        "__THAR_CONFIG",
        {"dataTypes": {"tweets": {"files": [{"fileName": "data/tweets.js", "count": "3"}]}}},
    )
    return lay_out(tmp_path, files, form)


def _load(path: Path):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        posts = audit.load_archive(path)
    return posts, [str(x.message) for x in w]


@pytest.mark.skipif(not tw.sys.platform.startswith("linux"), reason="forked workers: Linux only")
@pytest.mark.parametrize("form", ["folder", "zip"])
def test_parallel_equals_serial(tmp_path, monkeypatch, form):
    path = _big_archive(tmp_path, form)
    monkeypatch.setattr(tw, "MAX_WORKERS", 1)
    serial, serial_warnings = _load(path)
    monkeypatch.setattr(tw, "MAX_WORKERS", 2)
    monkeypatch.setattr(tw, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(tw, "_cores", lambda: 2)
    jobs = []
    real_job = tw._Job
    monkeypatch.setattr(tw, "_Job", lambda *a: jobs.append(a[2]) or real_job(*a))
    parallel, parallel_warnings = _load(path)
    assert len(jobs) == 5  # every tweets file went to a worker
    pd.testing.assert_frame_equal(parallel, serial, check_exact=True)
    assert parallel.attrs == serial.attrs
    assert parallel.attrs["skipped"] and parallel.attrs["duplicates"]
    assert parallel_warnings == serial_warnings and len(serial_warnings) >= 6


@pytest.mark.skipif(not tw.sys.platform.startswith("linux"), reason="forked workers: Linux only")
def test_parallel_errors_name_the_file_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(tw, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(tw, "_cores", lambda: 2)
    good = ytd("tweets", [tweet("1", "a")])
    broken = 'window.YTD.tweets.part2 = [ {"tweet": {"id_str": '
    files = {"data/tweets.js": good, "data/tweets-part1.js": good, "data/tweets-part2.js": broken}
    files["data/tweets-part3.js"] = b"\xff not UTF-8 ["
    path = lay_out(tmp_path, files, "folder")
    # the first broken file in order is reported, as when reading one file after the other
    with pytest.raises(ArchiveFormatError, match=r"tweets-part2\.js: expected .*invalid JSON"):
        audit.load_archive(path)
    (path / "data/tweets-part2.js").write_text(good, encoding="utf-8")
    with pytest.raises(ArchiveFormatError, match=r"tweets-part3\.js: expected a UTF-8 text file"):
        audit.load_archive(path)


def _serial_then_parallel(tmp_path, monkeypatch) -> tuple[Path, pd.DataFrame]:
    """A big archive, its table read in one process, and the loader set to use 2 workers."""
    path = _big_archive(tmp_path)
    monkeypatch.setattr(tw, "MAX_WORKERS", 1)
    serial, _ = _load(path)
    monkeypatch.setattr(tw, "MAX_WORKERS", 2)
    monkeypatch.setattr(tw, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(tw, "_cores", lambda: 2)
    return path, serial


@pytest.mark.skipif(not tw.sys.platform.startswith("linux"), reason="forked workers: Linux only")
def test_a_worker_that_dies_is_replaced_by_the_loading_process(tmp_path, monkeypatch):
    path, serial = _serial_then_parallel(tmp_path, monkeypatch)
    monkeypatch.setattr(tw, "_worker", lambda: tw.os._exit(3))  # killed before any result
    parallel, _ = _load(path)
    pd.testing.assert_frame_equal(parallel, serial, check_exact=True)


@pytest.mark.skipif(not tw.sys.platform.startswith("linux"), reason="forked workers: Linux only")
def test_no_worker_process_to_be_had(tmp_path, monkeypatch):
    path, serial = _serial_then_parallel(tmp_path, monkeypatch)

    def refuse(self):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(tw.multiprocessing.get_context("fork").Process, "start", refuse)
    parallel, _ = _load(path)
    pd.testing.assert_frame_equal(parallel, serial, check_exact=True)


def test_small_archives_are_read_in_one_process(tmp_path):
    path = _big_archive(tmp_path)
    with open_archive(path) as archive:
        names = archive.find(tw._YTD_TWEETS)
        assert tw._worker_count(archive, names, None) == 1
        assert sum(archive.size(n) for n in names) < tw.PARALLEL_MIN_BYTES
        assert tw._worker_count(archive, names, 8) == min(tw.MAX_WORKERS, len(names))
