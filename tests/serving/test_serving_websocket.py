"""The course server turns Nagle's algorithm off on kernel websockets (about 40 ms per click)."""

from __future__ import annotations

import pytest
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from sociocracy.shell.server import CourseKernelWebsocket


def test_kernel_websocket_sets_nodelay_before_voila_opens_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list = []

    async def voila_open(self, *args, **kwargs):
        calls.append(("open", args))

    monkeypatch.setattr(VoilaKernelWebsocketHandler, "open", voila_open)
    handler = object.__new__(CourseKernelWebsocket)  # no server needed to check the order
    handler.set_nodelay = lambda value: calls.append(("nodelay", value))
    # Drive the coroutine by hand: asyncio.run() refuses to run where another test (Playwright's
    # sync API in the same worker) already runs an event loop.
    coroutine = handler.open("kernel-id")
    with pytest.raises(StopIteration):
        coroutine.send(None)
    assert calls == [("nodelay", True), ("open", ("kernel-id",))]
