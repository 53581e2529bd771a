"""Reading, scoring and writing a batch at the same time: a background thread reads the next chunk
while the current one is scored, and another writes the previous one's results.

Why threads pay here: pyarrow parses CSV, encodes text and writes CSV and Parquet without holding
the GIL, so on two cores the reading and the writing hide behind the scoring (a third of the run each
when done one after the other). The order of the chunks is kept (one reader, one writer, FIFO
queues), and at most ``depth`` chunks wait in each queue, so memory stays bounded.

An exception in a background thread (a ragged row, a bad byte, a full disk) is raised again in the
caller's thread at its next step, as if it had happened there; Ctrl-C in the caller stops both
threads before the temporary output is removed (they finish the chunk at hand, then see the stop).
"""
from __future__ import annotations

import queue
import threading
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")
_END = object()
_POLL = 0.1  # seconds between looks at the stop flag while a queue is full


class _Failure:
    def __init__(self, exc: BaseException):
        self.exc = exc


def _put(q: queue.Queue, item, stop: threading.Event) -> bool:
    """Put ``item`` unless asked to stop first; False when stopped."""
    while not stop.is_set():
        try:
            q.put(item, timeout=_POLL)
            return True
        except queue.Full:
            continue
    return False


def prefetch(items: Iterator[T], depth: int = 1, prepare: Callable[[T], T] | None = None) -> Iterator[T]:
    """``items``, produced by a background thread up to ``depth`` ahead of the consumer; that
    thread also calls ``prepare`` on each (in order) before handing it on."""
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                if prepare is not None:
                    item = prepare(item)
                if not _put(q, item, stop):
                    return
            _put(q, _END, stop)
        except BaseException as exc:  # handed to the consumer, which raises it as its own
            _put(q, _Failure(exc), stop)

    thread = threading.Thread(target=produce, name="socialfit-read", daemon=True)
    thread.start()
    try:
        while True:
            item = q.get()
            if item is _END:
                return
            if isinstance(item, _Failure):
                raise item.exc
            yield item
    finally:
        stop.set()
        thread.join()
        close = getattr(items, "close", None)
        if close is not None:  # the generator's own clean-up (files it opened), now that no thread runs it
            close()


class BackgroundWriter:
    """Calls ``write(item)`` for every ``put(item)`` in a background thread, in order; ``close()``
    waits for the last one. The first exception of ``write`` is raised by the next ``put`` or by
    ``close``; the items after it are dropped (the output is discarded anyway)."""

    def __init__(self, write: Callable[[object], None], depth: int = 1):
        self._write = write
        self._q: queue.Queue = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="socialfit-write", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            item = self._q.get()
            if item is _END:
                return
            if self._error is None and not self._stop.is_set():
                try:
                    self._write(item)
                except BaseException as exc:
                    self._error = exc

    def _raise(self) -> None:
        if self._error is not None:
            exc, self._error = self._error, None
            raise exc

    def put(self, item) -> None:
        self._raise()
        while True:  # blocking without a timeout would keep Ctrl-C waiting for a slow disk
            try:
                self._q.put(item, timeout=_POLL)
                return
            except queue.Full:
                self._raise()

    def close(self, *, abort: bool = False) -> None:
        """Wait for every item to be written (``abort``: only the one being written) and raise the
        writer's exception, if any (not when aborting: another exception is on its way)."""
        if abort:
            self._stop.set()
        while True:
            try:
                self._q.put(_END, timeout=_POLL)
                break
            except queue.Full:
                if abort or self._error is not None:  # nothing more will be written: make room
                    self._stop.set()
                    try:
                        self._q.get_nowait()
                    except queue.Empty:
                        pass
        self._thread.join()
        if not abort:
            self._raise()
