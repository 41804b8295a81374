"""Archives in the shape real ones come in, made by our own generator (no copied texts).

What the bundled samples never had and real downloads do: X's own time-zone names in
``account-timezone.js`` ("Kyiv", "Pacific Time (US & Canada)"), timelines mostly in Russian and
Ukrainian with X's ``lang`` tags (and X's special codes ``qme``, ``zxx``), renamed files and
empty parts. Every text here was written for these tests.
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import js, lay_out, tweet, ytd

# Written for these tests: everyday posts in Russian and Ukrainian, a few in English.
RUSSIAN = [
    "Сегодня отличная погода, пошли гулять в парк с друзьями",
    "Наконец-то закончил ремонт на кухне, теперь можно отдохнуть",
    "Кто-нибудь знает хороший сервис для изучения английского языка?",
    "Мой начальник полный идиот, ненавижу эту работу и этот офис",
    "Вчера смотрели новый фильм, очень понравился сюжет и музыка",
    "Пишите мне на почту ivan.petrenko@gmail.com если нужна помощь с переездом",
    "Купил новый велосипед, буду ездить на работу каждый день",
]
UKRAINIAN = [
    "Добрий ранок усім, сьогодні будемо пекти пироги з вишнями",
    "Дуже дякую всім за привітання з днем народження, ви найкращі",
    "Завтра їдемо на море, нарешті відпустка після важкого року",
]
ENGLISH = [
    "@dave you are a lying idiot and everyone on the floor knows it, shut up",
    "Great talk today on how we cut our build times in half with caching, slides below",
]


def account_files(time_zone: str | None, username: str = "olena_k") -> dict[str, str]:
    """``data/account.js`` and, unless None, ``data/account-timezone.js`` as X writes them."""
    files = {
        "data/account.js": js(
            "YTD.account.part0",
            [{"account": {"accountId": "42", "username": username, "accountDisplayName": "O"}}],
        )
    }
    if time_zone is not None:
        files["data/account-timezone.js"] = js(
            "YTD.account_timezone.part0",
            [{"accountTimezone": {"accountId": "42", "timeZone": time_zone}}],
        )
    return files


def tweets(texts: list[tuple[str, str]], start: str = "2023-07-01T20:30:00") -> list[dict]:
    """One tweet per (text, lang), an hour apart from ``start`` (UTC), ids from 1000."""
    from datetime import datetime, timedelta

    t0 = datetime.fromisoformat(start)
    return [
        tweet(str(1000 + i), text, (t0 + timedelta(hours=i)).isoformat(), lang=lang)
        for i, (text, lang) in enumerate(texts)
    ]


def mostly_foreign_timeline() -> list[tuple[str, str]]:
    """A timeline like the 2023 archive of the issue: 10 of 12 tweets in Russian or Ukrainian."""
    rows = [(t, "ru") for t in RUSSIAN] + [(t, "uk") for t in UKRAINIAN]
    return rows + [(t, "en") for t in ENGLISH]


def x_archive(
    root: Path,
    time_zone: str | None = "Kyiv",
    timeline: list[tuple[str, str]] | None = None,
    form: str = "zip",
    start: str = "2023-07-01T20:30:00",
) -> Path:
    """A 2023-style X archive: manifest, account, time zone and tweets, zipped or a folder."""
    rows = timeline if timeline is not None else mostly_foreign_timeline()
    files = {
        "Your archive.html": "<html></html>",
        "data/manifest.js": js(
            "__THAR_CONFIG",
            {"userInfo": {"accountId": "42", "userName": "olena_k"}, "dataTypes": {}},
        ),
        **account_files(time_zone),
        "data/tweets.js": ytd("tweets", tweets(rows, start)),
    }
    root.mkdir(parents=True, exist_ok=True)
    return lay_out(root, files, form)
