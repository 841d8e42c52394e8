"""The named ways wirefeed refuses work, so that every drop is explicit and counted."""

from __future__ import annotations

__all__ = ["BrokerError", "Rejected", "UnusableInput", "WirefeedError"]


class WirefeedError(Exception):
    """Base of wirefeed's own errors."""


class UnusableInput(WirefeedError):
    """The invocation cannot work at all (missing file, unknown format): exit status 2."""


class BrokerError(WirefeedError):
    """The local Kafka broker could not be resolved, started, reached or stopped."""


class Rejected(WirefeedError):
    """One record cannot be processed; it is skipped or dead-lettered with ``reason``.

    ``reason`` is a short stable code (a metric label: ``bad_json``, ``undecodable``,
    ``no_text``, ``too_large``, ``no_uri``, ...); ``detail`` says what exactly was wrong.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
