"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, keeping what it accepts.

It can also refuse (``replies``: the next answers, e.g. "451 …" or "550 …") and hold a message
until the test lets it go (``hold``), to fail or kill a sender in the middle of a send.
"""
import asyncio
import email
import email.policy
import threading
import time
from contextlib import contextmanager
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from tests.services import free_port


class Inbox:
    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.replies: list[str] = []
        self.hold: threading.Event | None = None
        self.arrived = threading.Event()

    async def handle_DATA(self, server, session, envelope) -> str:
        self.arrived.set()
        if self.hold is not None:
            held, self.hold = self.hold, None
            await asyncio.get_running_loop().run_in_executor(None, held.wait)
            return "451 4.3.0 held by the test, not delivered"
        if self.replies:
            return self.replies.pop(0)
        self.messages.append(email.message_from_bytes(envelope.content,
                                                      policy=email.policy.default))
        return "250 OK"

    def bodies(self) -> list[str]:
        return [message.get_content() for message in self.messages]

    def delivered(self, seconds: float = 30) -> list[EmailMessage]:
        """The messages received, once there is one (or after ``seconds``): a server sends
        its mail after it has answered, so the test may ask before it comes."""
        deadline = time.monotonic() + seconds
        while not self.messages and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


@contextmanager
def smtp_server():
    """Yield (port, inbox) of a server running until the block ends."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port, inbox
    finally:
        if inbox.hold is not None:
            inbox.hold.set()
        controller.stop()
