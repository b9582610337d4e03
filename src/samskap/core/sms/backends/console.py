"""Development: print each SMS to standard output, with its encoding and segments."""

import sys

from samskap.core.sms.backends.base import BaseSmsBackend


class ConsoleBackend(BaseSmsBackend):
    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send_messages(self, messages) -> int:
        for message in messages:
            length = message.length
            self.stream.write(
                f"SMS to {message.to} ({length.encoding}, {length.units} units, "
                f"{length.segments} segment(s)):\n{message.body}\n{'-' * 40}\n"
            )
        self.stream.flush()
        return len(messages)
