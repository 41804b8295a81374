"""Fuzzing the importers with mutated real archives: every case ends in rows or an AuditError.

Hypothesis mutates the bundled sample archives (and the real export files in ../shared/samples
when they are there): truncating or flipping bytes of a member, dropping keys, changing the type
of a value, inserting huge strings. Whatever comes out, ``load_archive`` must return a valid posts
table or raise :class:`audit.AuditError`; any other exception is a bug. The number of examples is
bounded so the suite stays fast.
"""

from __future__ import annotations

import contextlib
import json
import random
import tarfile
import tempfile
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import audit
from audit.errors import AuditError
from audit.schema import validate_posts
from tests.helpers import DATA_SAMPLES, SHARED_SAMPLES, lay_out

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same cases on every run: a failure here is reproducible
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TYPES = [None, 0, -1, 2**70, 1.5, "", "x", "9" * 25, [], {}, True, ["a"], {"a": 1}]


def _members(path: Path) -> dict[str, bytes]:
    """The files of a bundled sample archive: a zip, a tar.gz or a single CAR file."""
    if path.suffix == ".car":
        return {path.name: path.read_bytes()}
    if path.name.endswith(".tar.gz"):
        with tarfile.open(path) as tar:
            return {
                m.name: tar.extractfile(m).read()  # type: ignore[union-attr]
                for m in tar.getmembers()
                if m.isfile()
            }
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist() if not i.is_dir()}


def _real_members() -> dict[str, dict[str, bytes]]:
    out = {}
    x = SHARED_SAMPLES / "twitter" / "x-2026_tweets_EXCERPT.js"
    fb = SHARED_SAMPLES / "facebook" / "fb-json-2022_your_posts_1__HunterHillis.json"
    if x.is_file() and fb.is_file():
        out["x-2026"] = {"data/tweets.js": x.read_bytes()}
        out["fb-2022"] = {"posts/your_posts_1.json": fb.read_bytes()}
    return out


#: every platform's bundled sample (the seven importers), and real export files when present
SAMPLES = {
    "twitter": "twitter.zip",
    "facebook": "facebook.zip",
    "instagram": "instagram.zip",
    "linkedin": "linkedin.zip",
    "mastodon": "mastodon.tar.gz",
    "bluesky": "bluesky.car",
    "reddit": "reddit.zip",
}
ARCHIVES = {name: _members(DATA_SAMPLES / file) for name, file in SAMPLES.items()}
ARCHIVES.update(_real_members())
#: the archives with JSON members, for structural mutations
JSON_ARCHIVES = sorted(a for a, files in ARCHIVES.items() if any(
    n.endswith((".js", ".json")) for n in files))


def _data_members(files: dict[str, bytes], json_only: bool = False) -> list[str]:
    kinds = (".js", ".json") if json_only else (".js", ".json", ".csv", ".car")
    return sorted(n for n in files if n.endswith(kinds))


def _split_js(raw: bytes) -> tuple[bytes, bytes]:
    """(prefix, JSON) of a JS-wrapped or plain JSON file."""
    starts = [i for i in (raw.find(b"["), raw.find(b"{")) if i >= 0]
    cut = min(starts) if starts else 0
    return raw[:cut], raw[cut:]


def _paths(value, out, parent=None, key=None):
    if parent is not None:
        out.append((parent, key))
    if isinstance(value, dict):
        for k, v in value.items():
            _paths(v, out, value, k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _paths(v, out, value, i)
    return out


def _mutate_structure(raw: bytes, op: str, rnd: random.Random) -> bytes:
    prefix, body = _split_js(raw)
    value = json.loads(body.decode("utf-8"))
    paths = _paths(value, [])
    if not paths:
        return raw
    for _ in range(rnd.randint(1, 5)):
        container, key = rnd.choice(paths)
        try:
            if op == "drop":
                del container[key]
            elif op == "type":
                container[key] = rnd.choice(TYPES)
            else:  # huge
                container[key] = "Ä" * 1_500_000
        except (KeyError, IndexError):
            continue
        paths = _paths(value, [])
        if not paths:
            break
    return prefix + json.dumps(value).encode("utf-8")


def _check(tmp_path: Path, files: dict[str, bytes], form: str) -> None:
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    path = lay_out(root, files, form)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # AuditWarnings about skipped records are expected
        try:
            posts = audit.load_archive(path)
        except AuditError as exc:
            assert str(exc), "an AuditError must say something"
            return
    validate_posts(posts)


@FUZZ
@given(
    archive=st.sampled_from(JSON_ARCHIVES),
    op=st.sampled_from(["drop", "type", "huge"]),
    seed=st.integers(0, 2**32 - 1),
    form=st.sampled_from(["zip", "folder"]),
)
def test_structural_mutations_end_in_rows_or_audit_error(tmp_path, archive, op, seed, form):
    rnd = random.Random(seed)
    files = dict(ARCHIVES[archive])
    member = rnd.choice(_data_members(files, json_only=True))
    files[member] = _mutate_structure(files[member], op, rnd)
    _check(tmp_path, files, form)


@FUZZ
@given(
    archive=st.sampled_from(sorted(ARCHIVES)),
    op=st.sampled_from(["truncate", "flip"]),
    seed=st.integers(0, 2**32 - 1),
)
def test_byte_mutations_of_a_member_end_in_rows_or_audit_error(tmp_path, archive, op, seed):
    rnd = random.Random(seed)
    files = dict(ARCHIVES[archive])
    member = rnd.choice(_data_members(files))
    raw = bytearray(files[member])
    if op == "truncate":
        raw = raw[: rnd.randrange(len(raw))]
    else:
        for _ in range(rnd.randint(1, 20)):
            raw[rnd.randrange(len(raw))] = rnd.randrange(256)
    files[member] = bytes(raw)
    _check(tmp_path, files, "folder")


@FUZZ
@given(archive=st.sampled_from(sorted(SAMPLES)), seed=st.integers(0, 2**32 - 1))
def test_damaged_archive_files_end_in_audit_error_or_rows(tmp_path, archive, seed):
    rnd = random.Random(seed)
    name = SAMPLES[archive]
    raw = bytearray((DATA_SAMPLES / name).read_bytes())
    if rnd.random() < 0.5:
        raw = raw[: rnd.randrange(len(raw))]
    else:
        for _ in range(rnd.randint(1, 40)):
            raw[rnd.randrange(len(raw))] = rnd.randrange(256)
    path = tmp_path / f"damaged-{seed}-{name}"
    path.write_bytes(bytes(raw))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with contextlib.suppress(AuditError):
            validate_posts(audit.load_archive(path))


@pytest.mark.parametrize("archive", sorted(ARCHIVES))
def test_unmutated_archives_load(tmp_path, archive):
    """The fuzzing baseline: every archive used above loads as it is."""
    path = lay_out(tmp_path, ARCHIVES[archive], "zip")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert len(audit.load_archive(path)) >= 5


def test_every_importer_is_fuzzed():
    from audit.importers import importers

    assert {imp.name for imp in importers()} == set(SAMPLES)
