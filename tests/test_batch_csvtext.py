"""engine.survey.csvtext writes what pyarrow's CSV writer writes (quoting_style "needed"), byte for byte,
and engine.survey.pipeline keeps the order of the chunks and hands every exception to the caller."""
from __future__ import annotations

import io
import threading
import time

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from engine.survey import csvtext
from engine.survey.pipeline import BackgroundWriter, prefetch


def _arrow(table: pa.Table, delimiter: str) -> bytes:
    sink = io.BytesIO()
    pacsv.write_csv(table, sink, write_options=pacsv.WriteOptions(delimiter=delimiter, quoting_style="needed"))
    return sink.getvalue()


def _ours(table: pa.Table, delimiter: str) -> bytes:
    sink = io.BytesIO()
    sink.write(csvtext.header(table.column_names, delimiter))
    csvtext.write_rows(table, delimiter, sink.write)
    return sink.getvalue()


def _awkward_table(n: int, seed: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    texts = ["", "a", 'say "hi"', "x,y", "tab\there", "line\nbreak", "=1+1", "Zeer mee eens", "é ü 😀", '"', "'"]
    mask = rng.random(n) < 0.2
    fit = np.round(rng.uniform(0, 100, n), 1)
    share = np.round(rng.uniform(0, 1, n), 4)
    wild = rng.choice([0.1 + 0.2, -0.0, 1e300, 5e-324, np.inf, -np.inf, np.nan, 123456.789, -3.5, 2.0 ** 60], n)
    return pa.table({
        'the "row"': pa.array(np.arange(n, dtype=np.int64) * 7919 - 5000),
        "text": pa.array([texts[k] for k in rng.integers(0, len(texts), n)], mask=mask),
        "status": pa.DictionaryArray.from_arrays(pa.array(rng.integers(0, 3, n).astype(np.int32), mask=mask[::-1]),
                                                 pa.array(["ok", "in,valid", 'a "b"'])),
        "fit": pa.array(fit, mask=rng.random(n) < 0.3),
        "share": pa.array(share),
        "negative": pa.array(-fit),
        "wild": pa.array(wild),
        "stage": pa.array(rng.integers(1, 6, n), mask=mask),
        "flag": pa.array(rng.random(n) < 0.5, mask=rng.random(n) < 0.1),
        "small": pa.array(rng.integers(-3, 3, n).astype(np.int8)),
        "f32": pa.array(fit.astype(np.float32)),
        "none": pa.nulls(n, pa.string()),
        "last": pa.array([texts[k] for k in rng.integers(0, len(texts), n)]),
    })


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("seed", [1, 2])
def test_the_same_bytes_as_pyarrows_writer(delimiter, seed):
    table = _awkward_table(3000, seed)
    assert _ours(table, delimiter) == _arrow(table, delimiter)
    for name in table.column_names:  # each column alone, the last one too (it carries the newline)
        one = table.select([name])
        assert _ours(one, delimiter) == _arrow(one, delimiter), name


def test_one_row_an_empty_table_and_a_type_left_to_pyarrow():
    table = _awkward_table(1, 3)
    assert _ours(table, ",") == _arrow(table, ",")
    assert _ours(table.slice(0, 0), ",") == _arrow(table.slice(0, 0), ",")
    dates = pa.table({"day": pa.array(np.array(["2024-01-02"] * 3, dtype="datetime64[D]")), "n": [1, 2, 3]})
    assert _ours(dates, ",") == _arrow(dates, ",")


def test_floats_that_are_not_short_decimals_are_formatted_by_pyarrow():
    values = pa.array([0.1 + 0.2, 1 / 3, 54.3, 100.0])
    assert csvtext._floats(values).__class__ is not csvtext._Coded
    assert _ours(pa.table({"x": values}), ",") == _arrow(pa.table({"x": values}), ",")
    assert isinstance(csvtext._floats(pa.array([54.3, 100.0, 0.0, 12.5])), csvtext._Coded)


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
