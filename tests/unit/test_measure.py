"""`wirefeed measure dedup` counts what the dedup stage decides on the sample feed."""

from __future__ import annotations

from streams.demo import SAMPLES
from streams.measure import measure_dedup
from streams.settings import Settings


def test_sample_feed_figures() -> None:
    """The sample feed plants one exact copy, one near copy and one newer version."""
    figures = measure_dedup([str(SAMPLES)], settings=Settings.from_env({}))
    assert figures["items"] == 17
    assert figures["duplicates"] == {"exact": 1, "near": 1, "version": 1}
    assert figures["cleanup_items_per_s"] > 0
    assert figures["dedup_state_bytes_at_end"] > 0
    reference = figures["datasketch"]
    # The near pair sits at the threshold (0.81 by our sketch): datasketch's full MinHash
    # estimate puts it just under, so it finds only the exact copy.
    assert reference["near_or_exact"] == 1
    assert reference["agreement"] == round(16 / 17, 4)
