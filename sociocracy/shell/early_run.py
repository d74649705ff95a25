"""A progressive page's cells run while the browser is still loading Voila's script.

Voila's progressive rendering (``progressive_rendering``) sends a lesson's text at once, but runs
its cells only when the page's script has loaded and asks over ``/voila/execution/<kernel>``: the
widgets then wait for the script *and* for the cells, one after the other (lesson 02: 1.44x the
one-slider page until its last widget was drawn). Here the cells start as soon as the page is
sent (its kernel is ready), while the browser reads the text and loads the script:

* the page's kernel socket (its widget manager) is let in once the cells have run, so the manager
  finds every widget when it starts, as on a page sent whole (a widget made while the manager was
  connecting was missed: "Could not process update msg for model id", widgets not drawn);
* the page's execution socket replays each cell's result, the messages Voila's own handler sends
  (``execution_result``, the same error handling), so Voila's page script shows them unchanged.

``benchmarks/voila_load.py`` prints the figures ("until last widget drawn", "text readable").
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
import traceback
from typing import Any

import nbformat
from jupyter_core.utils import ensure_async
from nbclient.exceptions import CellExecutionError
from voila.execute import VoilaExecutor, strip_code_cell_warnings

__all__ = ["EarlyRun", "EarlyRuns"]

#: Seconds a run's results are kept for a page that never asked for them (it was closed first).
KEEP_FOR = 600
#: Longest a page's kernel socket waits for its cells before it is let in anyway.
SOCKET_WAITS_AT_MOST = 120


class EarlyRun:
    """One page's cells running in its kernel, and their results so far."""

    def __init__(self, kernel_id: str, data: dict[str, Any], kernel_manager: Any) -> None:
        self.kernel_id = kernel_id
        self.results: list[dict[str, Any]] = []
        self.started = time.monotonic()
        self.finished = asyncio.Event()
        self._changed = asyncio.Event()
        self.task = asyncio.ensure_future(self._run(data, kernel_manager))

    @property
    def done(self) -> bool:
        return self.finished.is_set()

    async def _run(self, data: dict[str, Any], kernel_manager: Any) -> None:
        executor: VoilaExecutor | None = None
        try:
            km = await ensure_async(kernel_manager.get_kernel(self.kernel_id))
            nb = data["nb"]
            executor = VoilaExecutor(nb, km=km, config=data["config"],
                                     show_tracebacks=data["show_tracebacks"])
            executor.kc = await executor.async_start_new_kernel_client()
            total = len(nb.cells)
            for index, cell in enumerate(nb.cells):
                output = await self._run_cell(executor, cell, index)
                output.pop("source", None)
                self._publish({"action": "execution_result",
                               "payload": {"output_cell": output, "cell_index": index,
                                           "total_cell": total}})
        except Exception as error:  # the kernel went away: said as Voila's handler says it
            self._publish({"action": "execution_error", "payload": {"error": str(error)}})
        finally:
            self.finished.set()
            self._changed.set()
            if executor is not None and executor.kc is not None:
                await ensure_async(executor.kc.stop_channels())

    @staticmethod
    async def _run_cell(executor: VoilaExecutor, cell: Any, index: int) -> Any:
        """The cell with its outputs, errors handled as Voila's ``ExecutionRequestHandler``."""
        try:
            return await executor.execute_cell(cell, None, index, store_history=False)
        except TimeoutError:
            return cell
        except CellExecutionError:
            if executor.should_strip_error():
                strip_code_cell_warnings(cell)
                executor.strip_code_cell_errors(cell)
            return cell
        except Exception as error:
            output = nbformat.v4.new_code_cell()
            if executor.should_strip_error():
                output.outputs = [{"output_type": "stream", "name": "stderr",
                                   "text": "An exception occurred at the server (not the "
                                           f"notebook). {executor.cell_error_instruction}"}]
            else:
                output.outputs = [{"output_type": "error", "ename": type(error).__name__,
                                   "evalue": str(error),
                                   "traceback": traceback.format_exception(*sys.exc_info())}]
            return output

    def _publish(self, message: dict[str, Any]) -> None:
        self.results.append(message)
        self._changed.set()

    async def messages(self):
        """Every result, those already there first, until the last cell has run."""
        sent = 0
        while True:
            while sent < len(self.results):
                yield self.results[sent]
                sent += 1
            if self.done:
                return
            self._changed.clear()
            if sent == len(self.results) and not self.done:
                await self._changed.wait()


class EarlyRuns(dict):
    """Voila's table of pages waiting to run (``ExecutionRequestHandler._execution_data``).

    Voila files a progressive page here when it has started the page's kernel, then sends the
    page; :meth:`start` (called by the page's handler once the page is sent, so the kernel's
    first client is done with it) starts the page's cells.
    """

    kernel_manager: Any = None

    def __init__(self) -> None:
        super().__init__()
        self.runs: dict[str, EarlyRun] = {}
        self._filed_by: dict[Any, str] = {}

    def __setitem__(self, kernel_id: str, data: dict[str, Any]) -> None:
        super().__setitem__(kernel_id, data)
        task = asyncio.current_task()
        if task is not None:
            self._filed_by[task] = kernel_id

    def start(self) -> None:
        """Start the cells of the page the current request filed, if it filed one."""
        kernel_id = self._filed_by.pop(asyncio.current_task(), None)
        if kernel_id is None or self.kernel_manager is None:
            return
        data = self.pop(kernel_id, None)
        if data is None:
            return
        self._forget_old()
        self.runs[kernel_id] = EarlyRun(kernel_id, data, self.kernel_manager)

    def forget(self) -> None:
        """Drop the page the current request filed (it was not sent whole: nothing will ask)."""
        kernel_id = self._filed_by.pop(asyncio.current_task(), None)
        if kernel_id is not None:
            self.pop(kernel_id, None)

    def take(self, kernel_id: str) -> EarlyRun | None:
        """The run of ``kernel_id``'s page, once (a second socket gets nothing)."""
        return self.runs.pop(kernel_id, None)

    async def wait_for(self, kernel_id: str) -> None:
        """Until ``kernel_id``'s page has run its cells (at once if it has no early run)."""
        run = self.runs.get(kernel_id)
        if run is not None:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(run.finished.wait(), SOCKET_WAITS_AT_MOST)

    def _forget_old(self) -> None:
        now = time.monotonic()
        for kernel_id, run in list(self.runs.items()):
            if run.done and now - run.started > KEEP_FOR:
                del self.runs[kernel_id]
