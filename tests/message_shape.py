"""The shape every user-facing error message has (issue 16): one line, one ``Fix:``, short."""

from __future__ import annotations

#: the longest a message about one bad input may be (the unsupported-archive message was ~1,000)
MAX_MESSAGE = 320


def assert_one_fix(message: str, *, starts: str = "", cause: str = "", fix: str = "") -> None:
    """Assert the shape: one line, exactly one ``Fix:``, at most :data:`MAX_MESSAGE` characters
    (the path excepted), no traceback; and that it starts with ``starts``, names ``cause`` before
    the fix and says ``fix`` after it."""
    assert "\n" not in message.rstrip("\n"), message
    assert message.count("Fix:") == 1, message
    assert "Traceback" not in message, message
    head, tail = message.split("Fix:")
    assert len(message) - len(starts) <= MAX_MESSAGE, (len(message), message)
    assert message.startswith(starts), message
    assert cause in head, (cause, message)
    assert fix in tail, (fix, message)
