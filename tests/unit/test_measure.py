"""`wirefeed measure dedup` counts what the dedup stage decides on the sample feed."""

from __future__ import annotations

from pathlib import Path

from streams.demo import SAMPLES
from streams.measure import measure_dedup, measure_tagging
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


def test_labels_give_the_precision_of_near_decisions(tmp_path: Path) -> None:
    """A labelled pair decided near counts right or wrong; unknown pairs are not counted."""
    labels = tmp_path / "labels.jsonl"
    labels.write_text(
        '{"item_id": "urn:wirefeed:sample:0002", "duplicate_of": "urn:wirefeed:sample:0001",'
        ' "label": "not", "why": "read as another story"}\n'
        '{"item_id": "x", "duplicate_of": "y", "label": "dup", "why": "not in this feed"}\n'
    )
    figures = measure_dedup([str(SAMPLES)], labels=labels, settings=Settings.from_env({}))
    precision = figures["near_precision"]
    assert precision["labelled_pairs"] == 2
    assert precision["still_decided_near"] == 1
    assert precision["precision"] == 0.0
    assert precision["wrong"] == [
        ("urn:wirefeed:sample:0002", "urn:wirefeed:sample:0001", "read as another story")
    ]


def test_tagging_figures_against_the_people_field() -> None:
    """Leaders tagged vs the PEOPLE codes naming a leader on the item's date.

    Our three items: Reagan and Nakasone both tagged; Thatcher tagged but Kohl (listed,
    not named in the text) missed, and Lawson is no leader; the third item has no codes,
    so its Mitterrand counts neither way.
    """
    fixture = Path(__file__).parent.parent / "fixtures" / "tagging" / "people-1987.sgm"
    figures = measure_tagging([str(fixture)], settings=Settings.from_env({}))
    agreement = figures["people_agreement"]
    assert agreement["items_with_people_codes"] == 2
    assert agreement["codes"] == {"leader": 4, "unknown": 1}
    assert agreement["codes_unknown_to_gazetteer"] == [("lawson", 1)]
    assert (agreement["true_positives"], agreement["false_positives"]) == (3, 0)
    assert agreement["false_negatives"] == 1
    assert agreement["precision"] == 1.0
    assert agreement["recall"] == 0.75
    assert [m["code"] for m in agreement["missed"]] == ["kohl"]
    assert figures["tagging_items_per_s"] > 0
    assert figures["gazetteer_mb"] > 0
    matcher = figures["phrase_matcher"]
    assert matcher["spans_both"] > 0
    assert 0 < matcher["agreement"] <= 1
