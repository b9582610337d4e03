"""Tests: keep every SMS in ``outbox`` (like Django's locmem e-mail backend)."""

from samskap.core.sms.backends.base import BaseSmsBackend

outbox: list = []


class LocMemBackend(BaseSmsBackend):
    def send_messages(self, messages) -> int:
        outbox.extend(messages)
        return len(messages)
