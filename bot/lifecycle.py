"""Stopping on SIGTERM (``docker stop``) or SIGINT (Ctrl-C): cleanly, and within the time
``docker stop`` gives before it kills (10 s).

While the bot is still starting (waiting for the database or Discord), a signal cancels the
start-up at once. Once it serves, a signal runs the orderly shutdown — the Discord
connection, the scheduler, then the database — bounded by :data:`SHUTDOWN_SECONDS`.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from typing import Any

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
SHUTDOWN_SECONDS = 8.0  # docker stop sends SIGKILL 10 s after SIGTERM


class StopSignals:
    """SIGTERM and SIGINT handlers for the running loop (use :meth:`installed`)."""

    def __init__(self) -> None:
        self.requested = asyncio.Event()
        self.signal_name: str | None = None
        self._starting_task: asyncio.Task[Any] | None = None

    @contextlib.contextmanager
    def installed(self) -> Iterator[StopSignals]:
        """Handle the signals while inside; a signal cancels the current task until
        :meth:`serving` is called (start-up waits stop at once)."""
        loop = asyncio.get_running_loop()
        self._starting_task = asyncio.current_task()
        installed: list[signal.Signals] = []
        for sig in STOP_SIGNALS:
            try:
                loop.add_signal_handler(sig, self._on_signal, sig)
            except (NotImplementedError, RuntimeError):  # Windows, or not the main thread
                continue
            installed.append(sig)
        try:
            yield self
        finally:
            for sig in installed:
                loop.remove_signal_handler(sig)

    def serving(self) -> None:
        """From now on a signal asks for the orderly shutdown instead of cancelling."""
        self._starting_task = None

    def _on_signal(self, sig: signal.Signals) -> None:
        if self.requested.is_set():
            log.info("%s again: already stopping", sig.name)
            return
        self.signal_name = sig.name
        self.requested.set()
        log.info("received %s: stopping", sig.name)
        if self._starting_task is not None:
            self._starting_task.cancel()


async def serve(
    stop: StopSignals,
    run: Coroutine[Any, Any, object],
    shutdown: Callable[[], Awaitable[None]],
    *,
    grace: float = SHUTDOWN_SECONDS,
) -> int:
    """Run ``run`` (e.g. the client's login and gateway loop) until it ends or a stop signal
    arrives, then ``shutdown()`` and let ``run`` finish, all within ``grace`` seconds.

    Returns 0 after a clean stop and 1 when the shutdown overran ``grace`` (the process then
    exits anyway). An error of ``run`` before any signal is raised.
    """
    stop.serving()
    main = asyncio.create_task(run)
    signalled = asyncio.create_task(stop.requested.wait())
    try:
        await asyncio.wait({main, signalled}, return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        main.cancel()
        raise
    finally:
        signalled.cancel()
    if not stop.requested.is_set():
        await main  # it ended by itself: its result, or its error
        return 0
    try:
        async with asyncio.timeout(grace):
            await shutdown()
            done, _ = await asyncio.wait({main}, timeout=grace)
            if main in done and not main.cancelled() and main.exception() is not None:
                log.info("stopped while starting: %s", main.exception())
    except TimeoutError:
        log.error("could not stop cleanly within %.0f s; exiting anyway", grace)
        return 1
    finally:
        if not main.done():
            main.cancel()
            with contextlib.suppress(BaseException):
                await main
    log.info("stopped cleanly")
    return 0


def settle_start_up_objects() -> None:
    """Take what start-up made (the question bank, mappers, the libraries' tables) out of
    the garbage collector's view. Those objects live as long as the process, yet every full
    collection walked all of them again, on the clock of whichever answer was running.

    Call once the client is set up; collections then weigh only what was made since.
    """
    gc.collect()
    gc.freeze()


def release_start_up_objects() -> None:
    """Undo :func:`settle_start_up_objects` when the client closes, so that a process that
    goes on (tests start many clients) collects what the client left behind."""
    gc.unfreeze()
