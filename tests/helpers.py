"""Test helpers: real samples in ../shared, archives in zip or folder form, YTD files."""

from __future__ import annotations

import importlib.util
import json
import os
import zipfile
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parents[1]
#: ``shared/`` beside the checkout (CI copies it there), or ``$AUDIT_SHARED``: real samples,
#: corpora, evaluation sets
SHARED = Path(os.environ.get("AUDIT_SHARED") or REPO.parent / "shared")
SHARED_SAMPLES = SHARED / "samples"
DATA_SAMPLES = REPO / "data_samples"

Files = Mapping[str, "bytes | str | Path"]


def missing(reason: str, allow_module_level: bool = False) -> NoReturn:
    """Skip a test that needs something this machine lacks; under CI (``CI=true``) fail it.

    Locally a test may skip with its reason; a green CI run means that every test ran.
    """
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run every test (.ci/run installs what they need)")
    pytest.skip(reason, allow_module_level=allow_module_level)


def shared_path(relative: str) -> Path:
    """A file or folder of ``../shared``; skips the test (fails under CI) when it is absent."""
    path = SHARED / relative
    if not path.exists():
        missing(f"{relative} not available (needs ../shared beside the checkout)")
    return path


def shared_sample(relative: str) -> Path:
    """A real export file from ../shared/samples; skips the test when it is not there.

    The real files are other people's posts with unclear licences, so they are never copied
    into the repository; CI has ``shared/`` beside its clone.
    """
    return shared_path(f"samples/{relative}")


def _content(value: bytes | str | Path) -> bytes:
    if isinstance(value, Path):
        return value.read_bytes()
    return value.encode("utf-8") if isinstance(value, str) else value


def lay_out(root: Path, files: Files, form: str) -> Path:
    """Write ``{member: content}`` as an extracted folder or a zip under ``root``.

    Returns the path to pass to ``load_archive``.
    """
    if form == "folder":
        folder = root / "export"
        for name, value in files.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_content(value))
        return folder
    if form == "zip":
        path = root / "export.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, value in files.items():
                zf.writestr(name, _content(value))
        return path
    raise ValueError(form)


def js(global_name: str, value: object) -> str:
    """A YTD data file: ``window.YTD.<name>.part0 = <json>`` as X writes it."""
    return f"window.{global_name} = {json.dumps(value, indent=2, ensure_ascii=False)}"


def x_time(iso: str) -> str:
    """'2024-05-01T02:13:00' -> X's 'Wed May 01 02:13:00 +0000 2024'."""
    from datetime import datetime

    return datetime.fromisoformat(iso).strftime("%a %b %d %H:%M:%S +0000 %Y")


def tweet(
    tweet_id: str,
    text: str,
    when: str = "2024-05-01T12:00:00",
    *,
    urls: list[tuple[str, str]] = (),
    **fields: object,
) -> dict:
    """A YTD tweet object as X exports it: every number a string, HTML-escaped full_text.

    ``text`` is given *escaped* (as in the file); ``urls`` are ``(t.co url, expanded url)`` pairs
    whose indices are computed from their place in ``text``.
    """
    url_entities = []
    for short, expanded in urls:
        start = text.index(short)
        url_entities.append(
            {
                "url": short,
                "expanded_url": expanded,
                "display_url": expanded.split("//", 1)[-1][:25],
                "indices": [str(start), str(start + len(short))],
            }
        )
    obj = {
        "id_str": tweet_id,
        "id": tweet_id,
        "created_at": x_time(when),
        "full_text": text,
        "display_text_range": ["0", str(len(text))],
        "lang": "en",
        "favorite_count": "3",
        "retweet_count": "1",
        "retweeted": False,
        "truncated": False,
        "entities": {"hashtags": [], "symbols": [], "user_mentions": [], "urls": url_entities},
        "edit_info": {"initial": {"editTweetIds": [tweet_id], "isEditEligible": False}},
    }
    obj.update(fields)
    return obj


def ytd(name: str, elements: list, part: int = 0, wrap: str | None = "tweet") -> str:
    """A YTD v2 file ``window.YTD.<name>.partN = [...]`` with elements wrapped in ``wrap``."""
    items = [{wrap: e} for e in elements] if wrap else elements
    return js(f"YTD.{name}.part{part}", items)


def sample_archives() -> list[Path]:
    """The bundled synthetic archives."""
    return [DATA_SAMPLES / "twitter.zip", DATA_SAMPLES / "facebook.zip"]


def benchmark_generator() -> ModuleType:
    """``benchmarks/make_archives.py`` as a module (its ``make_text`` writes benchmark posts)."""
    spec = importlib.util.spec_from_file_location(
        "_make_archives", REPO / "benchmarks" / "make_archives.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
