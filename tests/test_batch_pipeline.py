"""engine.survey.pipeline keeps the order of the chunks and hands every exception to the caller; the one-pass
scan says UTF-8 exactly as Python's decoder does."""
from __future__ import annotations

import threading
import time

import pytest

from engine.survey.pipeline import BackgroundWriter, prefetch


def test_prefetch_keeps_the_order_and_raises_the_readers_exception():
    def items():
        yield from range(5)
        raise ValueError("bad row 7")

    got = []
    with pytest.raises(ValueError, match="bad row 7"):
        for item in prefetch(items()):
            got.append(item)
    assert got == [0, 1, 2, 3, 4]


def test_prefetch_stops_its_thread_when_left_early():
    closed = threading.Event()

    def items():
        try:
            yield from range(1000)
        finally:
            closed.set()

    it = prefetch(items())
    assert next(it) == 0
    it.close()
    assert closed.is_set()
    assert not [t for t in threading.enumerate() if t.name == "socialfit-read"]


def test_the_background_writer_writes_in_order_and_raises_its_exception():
    seen = []
    w = BackgroundWriter(lambda item: (time.sleep(0.001), seen.append(item)))
    for k in range(20):
        w.put(k)
    w.close()
    assert seen == list(range(20))

    def full(item):
        raise OSError(28, "No space left on device")

    w = BackgroundWriter(full)
    with pytest.raises(OSError, match="No space"):
        for k in range(50):
            w.put(k)
            time.sleep(0.01)
        w.close()
    w.close(abort=True)  # after a failure: returns, the thread is gone
    assert not [t for t in threading.enumerate() if t.name == "socialfit-write"]


@pytest.mark.parametrize("tail", ["é", "€", "😀", "\udcff", "x"])
def test_the_scan_says_utf8_as_pythons_decoder_does_at_every_block_boundary(tmp_path, monkeypatch, tail):
    """Multi-byte characters cut by the block boundary, a stray byte, a character cut off at the end."""
    from engine.survey import scan

    monkeypatch.setattr(scan, "_BLOCK", 7)
    for text in ('a"b,' + tail * 5 + '"\n', "ab" + tail, tail * 3 + "é"):
        raw = text.encode("utf-8", "surrogateescape")
        for variant in (raw, raw[:-1], raw + b"\xff", b"\xef\xbb\xbf" + raw):
            path = tmp_path / "x.csv"
            path.write_bytes(variant)
            skip = 3 if variant.startswith(b"\xef\xbb\xbf") else 0
            try:
                variant[skip:].decode("utf-8")
                expected = True
            except UnicodeDecodeError:
                expected = False
            assert scan.scan(path, skip) == (expected, variant.count(b'"')), variant
            assert scan.quote_count(path) == variant.count(b'"')
