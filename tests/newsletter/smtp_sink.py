"""A local SMTP server that keeps every message it accepts (aiosmtpd)."""

import asyncio
import email
import socket
import threading

from aiosmtpd.controller import Controller


class Collector:
    def __init__(self):
        self.messages: list[email.message.Message] = []
        self._lock = threading.Lock()
        # hold_at=N: the (N+1)th message is held unanswered until `release` is set, then
        # refused; a test kills the sender meanwhile, as a crash in the middle of a send.
        # accept_before_holding: the held message is kept first, as a server that accepted it
        # and whose answer never reached the sender (the one window for a duplicate).
        self.hold_at: int | None = None
        self.accept_before_holding = False
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        if self.hold_at is not None and len(self.messages) >= self.hold_at:
            if self.accept_before_holding:
                self._keep(message)
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            self.hold_at = None
            if self.accept_before_holding:
                return "250 Message accepted for delivery"
            return "451 4.3.0 Connection lost before the message was accepted"
        self._keep(message)
        return "250 Message accepted for delivery"

    def _keep(self, message) -> None:
        with self._lock:
            self.messages.append(message)

    @property
    def recipients(self) -> list[str]:
        with self._lock:
            return [m["To"] for m in self.messages]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_sink() -> tuple[Controller, Collector, int]:
    collector = Collector()
    port = free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, collector, port
