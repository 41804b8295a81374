"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import Files, lay_out


@pytest.fixture(params=["folder", "zip"])
def archive_form(request: pytest.FixtureRequest) -> str:
    """Run a test once on an extracted folder and once on a zip."""
    return request.param


@pytest.fixture
def make_archive(tmp_path: Path, archive_form: str) -> Callable[[Files], Path]:
    """Build an archive from ``{member: content}`` in the parametrised form."""
    counter = iter(range(1000))

    def build(files: Files) -> Path:
        root = tmp_path / f"a{next(counter)}"
        root.mkdir()
        return lay_out(root, files, archive_form)

    return build
