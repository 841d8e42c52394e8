"""``wirefeed measure dedup``: figures of cleanup and dedup on a corpus, in one process.

Runs the same stage code as the worker over the items (cleanup, then the three dedup
steps through dict state), and, over the same MinHashes, datasketch's ``MinHashLSH``
(query, then insert) as the reference near-duplicate detector. Prints one JSON object.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from datasketch import MinHashLSH

from streams import cleanup, ingest
from streams.dedup import NUM_PERM, Deduplicator, DedupParams, fingerprint
from streams.errors import Rejected
from streams.ingest import Skipped
from streams.records import CleanItem, DuplicateRecord, RawItem
from streams.settings import Settings

__all__ = ["measure_dedup"]


def _raw_items(targets: Sequence[str], settings: Settings) -> list[RawItem]:
    items = []
    for path in ingest.expand_targets(targets):
        for item in ingest.read_items(path, "auto", max_item_bytes=settings.max_item_bytes):
            if not isinstance(item, Skipped):
                items.append(item)
    return items


def _state_bytes(dedup: Deduplicator) -> int:
    """What the state would take as the worker stores it (JSON values, UTF-8 keys)."""
    total = 0
    for table in (dedup.versions, dedup.buckets, dedup.pending):
        for key, value in table.items():
            total += len(key.encode()) + len(orjson.dumps(value))
    return total


def measure_dedup(
    targets: Sequence[str],
    *,
    sample: int = 0,
    seed: int = 1987,
    labels: Path | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """The figures (see the module docstring).

    ``sample`` near pairs are added for reading; ``labels`` (JSON Lines of pairs read by
    a person, each with ``label`` "dup" or "not") gives the precision of near decisions
    on the labelled pairs that this run still decides the same way.
    """
    settings = settings or Settings.from_env()
    raws = _raw_items(targets, settings)
    print(f"measure: {len(raws)} items read", file=sys.stderr)

    started = time.perf_counter()
    cleaned: list[CleanItem] = []
    rejected = 0
    for raw in raws:
        try:
            cleaned.append(cleanup.clean(raw))
        except Rejected:
            rejected += 1
    cleanup_s = time.perf_counter() - started

    params = DedupParams(
        partitions=settings.partitions,
        threshold=settings.dedup_threshold,
        window_s=settings.dedup_window_days * 86400,
        match_s=settings.dedup_match_hours * 3600,
        bucket_cap=settings.dedup_bucket_cap,
    )
    dedup = Deduplicator(params, versions={}, buckets={}, pending={})
    now = datetime(2026, 1, 1, tzinfo=UTC)
    duplicates: list[DuplicateRecord] = []
    most_kept = 0
    started = time.perf_counter()
    for n, item in enumerate(cleaned):
        if n % 1000 == 999:  # the worker's housekeeping: expire by publication time
            dedup.sweep(dedup.watermark)
            dedup.sweep_versions(dedup.watermark)
            most_kept = max(most_kept, len(dedup.versions))
        now += timedelta(milliseconds=1)
        decision, own, probes = dedup.probe(item, now)
        answers = [own] if own is not None else []
        answers += [a for _, p in probes if (a := dedup.bucket(p)) is not None]
        for answer in answers:
            decided = dedup.decide(answer, now)
            if decided is not None:
                decision = decided
        if decision is not None and decision.duplicate is not None:
            duplicates.append(decision.duplicate)
    dedup_s = time.perf_counter() - started
    kept = len(dedup.versions)
    state = _state_bytes(dedup)

    ours = {d.item_id: d for d in duplicates if d.kind in ("exact", "near")}
    # datasketch over the same MinHashes: an item is a near duplicate of an earlier one
    # when MinHashLSH returns a candidate whose estimated Jaccard reaches the threshold.
    lsh = MinHashLSH(threshold=params.threshold, num_perm=NUM_PERM)
    theirs: dict[str, str] = {}
    hashes: dict[str, Any] = {}
    started = time.perf_counter()
    for n, item in enumerate(cleaned):
        fp = fingerprint(item)
        key = f"{n}:{item.item_id}"
        best = max(
            (c for c in lsh.query(fp.minhash) if fp.minhash.jaccard(hashes[c]) >= params.threshold),
            key=lambda c: fp.minhash.jaccard(hashes[c]),
            default=None,
        )
        if best is not None:
            theirs[item.item_id] = best.split(":", 1)[1]
        else:
            lsh.insert(key, fp.minhash)
            hashes[key] = fp.minhash
    reference_s = time.perf_counter() - started

    ids = [item.item_id for item in cleaned]
    both = sum(1 for i in ids if (i in ours) == (i in theirs))
    kinds = Counter(d.kind for d in duplicates)
    groups = {kind: len({d.duplicate_of for d in duplicates if d.kind == kind}) for kind in kinds}
    per_item_ms = 1000 / max(len(cleaned), 1)
    result: dict[str, Any] = {
        "items": len(raws),
        "cleaned": len(cleaned),
        "rejected_by_cleanup": rejected,
        "duplicates": dict(kinds),
        "groups": groups,
        "threshold": params.threshold,
        "cleanup_items_per_s": round(len(raws) / cleanup_s),
        "dedup_items_per_s": round(len(cleaned) / dedup_s),
        "dedup_window_days": settings.dedup_window_days,
        "dedup_items_in_state_at_end": kept,
        "dedup_items_in_state_most": max(most_kept, kept),
        "dedup_state_bytes_at_end": state,
        # Per 100k items held in the window (JSON values as the worker's tables keep them).
        "dedup_state_mb_per_100k_items": round(state / max(kept, 1) * 100_000 / 2**20, 1),
        "datasketch": {
            "near_or_exact": len(theirs),
            "agreement": round(both / max(len(ids), 1), 4),
            "ours_only": sorted(set(ours) - set(theirs))[:20],
            "theirs_only": sorted(set(theirs) - set(ours))[:20],
            "ours_ms_per_item": round(dedup_s * per_item_ms, 3),
            "datasketch_ms_per_item": round(reference_s * per_item_ms, 3),
        },
    }
    near = [d for d in duplicates if d.kind == "near"]
    if labels is not None:
        read = [orjson.loads(line) for line in labels.read_bytes().splitlines() if line.strip()]
        near_pairs = {(d.item_id, d.duplicate_of) for d in near}
        judged = [r for r in read if (r["item_id"], r["duplicate_of"]) in near_pairs]
        right = sum(r["label"] == "dup" for r in judged)
        result["near_precision"] = {
            "labelled_pairs": len(read),
            "still_decided_near": len(judged),
            "precision": round(right / len(judged), 3) if judged else None,
            "wrong": [
                (r["item_id"], r["duplicate_of"], r["why"]) for r in judged if r["label"] != "dup"
            ],
        }
    if sample:
        rng = random.Random(seed)
        picked = rng.sample(near, min(sample, len(near)))
        result["near_sample"] = [
            {"item_id": d.item_id, "duplicate_of": d.duplicate_of, "similarity": d.similarity}
            for d in picked
        ]
    return result
