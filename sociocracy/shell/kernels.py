"""The course server's kernel manager: a cap on kernels, and no kernel kept for a page nobody has.

Every visit to a page starts a kernel (about 100 MB). Two things went wrong in a room (issue 9):

* **Abandoned pages kept their kernels.** A phone that sleeps or a tab that crashes leaves its
  kernel without a connection. Jupyter's idle culler never removed them while a round's timer ran,
  because the timer's once-a-second update counts as activity. Here a kernel with no connection
  for :attr:`CourseKernelManager.cull_disconnected_timeout` seconds is shut down, whatever it is
  doing; that also stops its timer. The ordinary idle culling (``voila.json``) still applies.
* **Kernel creation was unbounded**, so 25 visits held 2.5 GB and a page on another site could
  start kernels in a visitor's browser. :attr:`CourseKernelManager.max_kernels` caps the live and
  starting kernels; beyond it :class:`RoomFull` becomes a friendly "try again in a minute" page
  (HTTP 503, see ``server.py``).

It also starts each kernel for the facilitator or for a visitor (issue 21, ``access.py``): a
visitor's kernel gets no record location and no token in its environment, and the facilitator's
kernels are remembered, so that a visitor can never connect to one.
"""

from __future__ import annotations

import asyncio
import os
import time

import tornado.web
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Bool, Integer

from sociocracy.shell.access import FACILITATOR, kernel_environment, kernels_started_for

__all__ = ["CourseKernelManager", "RoomFull"]


class RoomFull(tornado.web.HTTPError):
    """No kernel can start now: the server already runs :attr:`max_kernels` of them."""

    def __init__(self, limit: int) -> None:
        super().__init__(503, reason="The room is full")
        self.limit = limit


class CourseKernelManager(AsyncMappingKernelManager):
    """Jupyter's kernel manager with a cap and culling of kernels that lost their page."""

    max_kernels = Integer(
        40, config=True,
        help="Most kernels (one per open page) running at once; 0 means no limit. About 100 MB "
             "each: 40 fit a laptop with 8 GB.")
    cull_disconnected_timeout = Integer(
        300, config=True,
        help="Shut a kernel down when no page has been connected to it for this many seconds "
             "(0: never), even if a timer keeps it busy. Checked every cull_interval seconds.")
    visitors = Bool(
        True, config=True,
        help="Whether pages are opened by visitors as well as the facilitator (standalone "
             "course server). False under a Jupyter server (one user's, the course's "
             "extension): every kernel is then that user's, with the record.")
    first_connection_grace = Integer(
        120, config=True,
        help="Extra seconds a new kernel may wait for its page's first connection: the page "
             "connects only once the notebook has run, which takes long when many arrive.")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._starting = 0
        self._alone_since: dict[str, float] = {}
        self._shutdowns: set[asyncio.Future] = set()
        self._facilitators: set[str] = set()

    def is_facilitator_kernel(self, kernel_id: str) -> bool:
        """Whether this kernel was started for the facilitator (it may open the record)."""
        return kernel_id in self._facilitators

    # ---- the cap ------------------------------------------------------------------------------
    def room_full(self) -> bool:
        """Whether starting one more kernel would go over :attr:`max_kernels`."""
        return bool(self.max_kernels) and \
            len(self.list_kernel_ids()) + self._starting >= self.max_kernels

    async def start_kernel(self, *args, **kwargs) -> str:  # type: ignore[override]
        # Check and reserve in one step (no await in between), so 30 pages opened at the same
        # moment cannot all pass the check before the first kernel is counted.
        if self.room_full():
            self.log.warning("Refusing a new kernel: %d are running (max_kernels)",
                             len(self.list_kernel_ids()))
            raise RoomFull(self.max_kernels)
        role = kernels_started_for() if self.visitors else FACILITATOR
        kwargs["env"] = kernel_environment(kwargs.get("env") or dict(os.environ), role)
        self._starting += 1
        try:
            kernel_id = await super().start_kernel(*args, **kwargs)
        finally:
            self._starting -= 1
        if role == FACILITATOR:
            self._facilitators.add(kernel_id)
        # No page is connected yet: it connects once the notebook has run and the page arrived.
        self._alone_since[kernel_id] = time.monotonic() + self.first_connection_grace
        return kernel_id

    # ---- culling kernels nobody is connected to ------------------------------------------------
    def notify_connect(self, kernel_id: str) -> None:
        super().notify_connect(kernel_id)
        self._alone_since.pop(kernel_id, None)

    def notify_disconnect(self, kernel_id: str) -> None:
        super().notify_disconnect(kernel_id)
        if self._kernel_connections.get(kernel_id, 1) <= 0:
            self._alone_since[kernel_id] = time.monotonic()

    def remove_kernel(self, kernel_id: str):  # type: ignore[override]
        self._alone_since.pop(kernel_id, None)
        self._facilitators.discard(kernel_id)
        return super().remove_kernel(kernel_id)

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        since = self._alone_since.get(kernel_id)
        timeout = self.cull_disconnected_timeout
        if (timeout and since is not None and self._kernel_connections.get(kernel_id, 0) <= 0
                and time.monotonic() - since > timeout):
            self.log.warning("Culling kernel %s: no page connected for %d seconds", kernel_id,
                             time.monotonic() - since)
            self._alone_since.pop(kernel_id, None)
            # In the background: Jupyter's culler waits for each shutdown in turn (seconds each
            # on a busy laptop), and a room that leaves at once leaves thirty kernels.
            task = asyncio.ensure_future(self.shutdown_kernel(kernel_id))
            self._shutdowns.add(task)
            task.add_done_callback(self._shutdowns.discard)
            return
        await super().cull_kernel_if_idle(kernel_id)

    def initialize_culler(self) -> None:
        """Start the culler even when only the disconnected timeout is set, and often enough.

        The check runs every ``cull_interval`` seconds, or every half disconnected timeout when
        that is shorter, so a kernel goes at most half its timeout late.
        """
        if self.cull_disconnected_timeout:
            if not self.cull_idle_timeout:
                self.cull_idle_timeout = 10 ** 9  # the base culler only runs with a timeout
            self.cull_interval = max(1, min(self.cull_interval,
                                            self.cull_disconnected_timeout // 2))
        super().initialize_culler()
