"""No network, provably: the package connects to nothing but loopback.

Loading, scoring, summarising, plotting and exporting run with every socket connection and name
lookup refused. The batch report runs with every non-loopback connection refused in this process
AND in the Jupyter kernel papermill starts (a ``sitecustomize`` module on the kernel's
``PYTHONPATH`` installs the same guard there); the kernel itself talks to papermill over
127.0.0.1, which stays allowed.
"""

from __future__ import annotations

import ipaddress
import socket
import textwrap

import pytest

import audit
from audit.exports import export_all
from audit.plots import figure_html, posts_per_month
from audit.report import run_report
from tests.helpers import DATA_SAMPLES

ALL_SAMPLES = sorted(p for p in DATA_SAMPLES.iterdir() if p.suffix in {".zip", ".gz", ".car"})


def _is_local_name(host: object) -> bool:
    """A name lookup that stays on this machine: localhost, no name, or a loopback literal."""
    if host is None or host in {"localhost", "", b"localhost", b""}:
        return True
    try:
        return ipaddress.ip_address(host.decode() if isinstance(host, bytes) else host).is_loopback
    except (ValueError, TypeError, AttributeError):
        return False  # any other name would be looked up on the network


def _is_loopback(address: object) -> bool:
    """A connection that stays on this machine: to a loopback address or an AF_UNIX path."""
    if isinstance(address, tuple):
        return _is_local_name(address[0])
    return isinstance(address, str | bytes)  # AF_UNIX paths are local


@pytest.fixture
def refused(monkeypatch):
    """Refuse (and record) every connection and lookup that is not loopback."""
    attempts: list[object] = []
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self, address):
        if not _is_loopback(address):
            attempts.append(address)
            raise ConnectionRefusedError(f"network disabled in tests: {address!r}")
        return real_connect(self, address)

    def connect_ex(self, address):
        try:
            connect(self, address)
        except OSError:
            return 111
        return 0

    def getaddrinfo(host, *args, **kwargs):
        if not _is_local_name(host):
            attempts.append(host)
            raise socket.gaierror(f"name lookups disabled in tests: {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return attempts


def test_guard_really_refuses(refused):
    with pytest.raises(OSError), socket.create_connection(("192.0.2.1", 80), timeout=1):
        pass
    assert refused == ["192.0.2.1"]  # the guard saw the attempt (at its lookup)


def test_guard_refuses_every_name_lookup_but_localhost(refused):
    for name in ("example.org", "pypi.org", b"example.org", "localhost.example"):
        with pytest.raises(socket.gaierror):
            socket.getaddrinfo(name, 443)
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 80), timeout=1)
    assert refused[:4] == ["example.org", "pypi.org", b"example.org", "localhost.example"]
    assert socket.getaddrinfo("localhost", 80) and socket.getaddrinfo("127.0.0.1", 80)


def test_load_score_summarise_export_without_network(refused, tmp_path):
    posts = audit.load_archives(ALL_SAMPLES, include_likes=True)
    assert set(posts["platform"]) >= {"twitter", "facebook", "mastodon", "bluesky"}
    scored = audit.score_posts(posts)
    summary = audit.summarize(scored, mask_pii=True)
    assert summary.to_html() and summary.to_markdown()
    assert figure_html(posts_per_month(scored)).startswith("<img")
    export_all(scored, tmp_path / "out", archives=ALL_SAMPLES)
    assert refused == []


def test_report_with_non_loopback_connections_refused(refused, tmp_path, monkeypatch):
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    log = tmp_path / "kernel-network.log"
    (guard_dir / "sitecustomize.py").write_text(
        textwrap.dedent(
            f"""
            import ipaddress, socket
            LOG = {str(log)!r}
            open(LOG, "a").write("guard loaded\\n")
            _connect = socket.socket.connect
            def _local(address):
                host = address[0] if isinstance(address, tuple) else address
                if host in ("localhost", ""):
                    return True
                try:
                    return ipaddress.ip_address(host).is_loopback
                except (ValueError, TypeError):
                    return isinstance(address, (str, bytes))
            def connect(self, address):
                if not _local(address):
                    open(LOG, "a").write(f"refused {{address!r}}\\n")
                    raise ConnectionRefusedError("network disabled in tests")
                return _connect(self, address)
            socket.socket.connect = connect
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("PYTHONPATH", str(guard_dir))
    out = run_report(ALL_SAMPLES, tmp_path / "report.html", mask_pii=True)
    assert out.is_file()
    lines = log.read_text(encoding="utf-8").splitlines()
    assert "guard loaded" in lines  # the kernel ran under the guard
    assert [line for line in lines if line.startswith("refused")] == []
    assert refused == []
