"""What an SMS backend does: send checked messages, or raise so the caller retries."""

from abc import ABC, abstractmethod
from collections.abc import Sequence


class BaseSmsBackend(ABC):
    """Subclass and implement ``send_messages``; see docs/sms.md.

    ``send_messages`` gets messages already checked for their destination (E.164 mobile
    number, encoding and segments known). It returns when the gateway has accepted every
    message, and raises any exception otherwise: the caller records the failure and tries
    again later, so a backend must not retry on its own in a way that could send twice.
    """

    @abstractmethod
    def send_messages(self, messages: Sequence) -> int:
        """Send `messages`; the number sent."""
