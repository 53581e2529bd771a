"""A set of 64-bit hashes that grows chunk by chunk, for the duplicate-respondent-id check.

Memory is 8 bytes per distinct id (10 million ids: 80 MB) and nothing is ever re-sorted as a whole:
the hashes live in 256 sorted buckets chosen by their top byte (the hashes are uniform, so the
buckets stay about equally large); a chunk's new hashes are merged into each bucket with
``np.searchsorted`` + ``np.insert``, which copies only that bucket. Per chunk this costs a pass
over the stored hashes (a memory copy, milliseconds even at 10 million) and a temporary of one
bucket (1/256 of the set), instead of the sort of everything (``np.union1d``) and the
concatenate-and-sort of ``np.isin`` against a growing array, which slowed large files to a crawl
and made their peak memory grow by several times the set.

Why not a hash table: an open-addressing table needs a load factor below about 0.7, so at least
1.5x the memory of the sorted buckets, and a vectorised insert has to resolve collisions within
a chunk in rounds; the buckets are simpler and smaller.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

_BUCKET_BITS = 8


def hash_texts(texts: np.ndarray) -> np.ndarray:
    """64-bit hashes (pandas' SipHash of the UTF-8 text) of an object array of str."""
    return pd.util.hash_array(texts, categorize=False)


class HashSet:
    """Sorted buckets of uint64 hashes; see the module docstring."""

    def __init__(self) -> None:
        self._buckets = [np.empty(0, dtype=np.uint64) for _ in range(1 << _BUCKET_BITS)]
        self.size = 0

    def add(self, keys: np.ndarray) -> np.ndarray:
        """Add sorted, distinct ``keys`` (uint64); return, per key, whether it was already present."""
        found = np.zeros(len(keys), dtype=bool)
        if not len(keys):
            return found
        top = (keys >> np.uint64(64 - _BUCKET_BITS)).astype(np.int64)
        bounds = np.searchsorted(top, np.arange((1 << _BUCKET_BITS) + 1))
        for b in np.nonzero(np.diff(bounds))[0]:
            lo, hi = bounds[b], bounds[b + 1]
            part, bucket = keys[lo:hi], self._buckets[b]
            pos = np.searchsorted(bucket, part)
            hit = pos < len(bucket)
            hit[hit] = bucket[pos[hit]] == part[hit]
            found[lo:hi] = hit
            if not hit.all():
                self._buckets[b] = np.insert(bucket, pos[~hit], part[~hit])
        self.size += int(len(keys) - found.sum())
        return found

    def __len__(self) -> int:
        return self.size
