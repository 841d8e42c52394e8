"""Duplicate removal (``wire.clean`` -> ``wire.unique`` / ``wire.duplicates``).

An item is fingerprinted (an exact hash of the normalised text, a hash of its lead, and
16 LSH band keys of a 128-permutation MinHash over word 4-shingles), looked up in a bucket
index of the earlier items, and compared with its candidates through their compact
sketches: exact, near, a fuller version of an earlier story, or unique. Same-``uri``
versions are decided from a table keyed by item id.

The work is written as three steps (:meth:`Deduplicator.probe` by item id,
:meth:`Deduplicator.bucket` by bucket key, :meth:`Deduplicator.decide` by item id) that
:meth:`Deduplicator.check` runs in one call over a bucket index held whole: a dict in
``wirefeed process``, a replica in every worker, kept whole by :meth:`Deduplicator.register`
of the probe every worker publishes for each item it checks (``wire.dedup-index``). An
item therefore costs one message and its two table writes instead of a round trip
through bucket partitions.

"First seen" is the smallest (time dedup first saw it, item id); a candidate must be
strictly earlier, so two items can never be each other's duplicate. Each step keeps its
state in a mapping: Faust tables (versions, decisions) and the replica in the worker, dicts
in ``wirefeed process``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
import zlib
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from datasketch import MinHash

from streams.codec import to_json_dict
from streams.records import (
    CleanItem,
    DedupAnswer,
    DedupEntry,
    DedupMatch,
    DedupProbe,
    DuplicateRecord,
    UniqueItem,
)

__all__ = [
    "BANDS",
    "NUM_PERM",
    "ROWS",
    "Decision",
    "DedupParams",
    "Deduplicator",
    "Fingerprint",
    "SplitPending",
    "fingerprint",
    "normalise",
    "route",
    "sketch_similarity",
]

NUM_PERM = 128
#: 16 bands of 8 rows: items with Jaccard 0.8 share a band 95% of the time, 0.5 only 6%.
BANDS, ROWS = 16, 8
SHINGLE = 4
#: Words of the lead that identify a story across a short first take and its full text.
LEAD_WORDS = 30
#: An item this much longer than an earlier one that shares its lead is a fuller version.
VERSION_GROWTH = 1.3

#: Publication time between two sweeps of a partition of versions or buckets.
_SWEEP_EVERY_S = 86400.0
#: Processing time an entry lives at least, whatever its publication time.
_GRACE_S = 3600.0
#: Processing time between two sweeps of a partition of unfinished answers.
_SWEEP_PENDING_EVERY_S = 3600.0

_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> list[str]:
    """Lower-cased words without accents: spacing, case and punctuation do not count."""
    folded = text.casefold()
    if not folded.isascii():  # most English wire text: nothing to decompose
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _WORD.findall(folded)


def _hash32(data: bytes) -> int:
    return zlib.crc32(data) & 0xFFFFFFFF


#: One fixed set of permutations: every worker must hash alike.
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=20170128, hashfunc=_hash32)
_EMPTY = _TEMPLATE.hashvalues.copy()
#: Reused for every item (update_batch assigns a new array, so results are never shared):
#: copying a MinHash per item re-parses its permutations, a fifth of fingerprinting.
_SCRATCH = _TEMPLATE.copy()


def _minhash_values(shingles: set[str]) -> np.ndarray:
    _SCRATCH.hashvalues = _EMPTY
    _SCRATCH.update_batch([s.encode() for s in shingles])
    values: np.ndarray = _SCRATCH.hashvalues
    _SCRATCH.hashvalues = _EMPTY
    return values


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """Everything dedup derives from an item's text."""

    exact: str
    lead: str | None
    bands: tuple[str, ...]
    shingles: int
    words: int
    sketch: str
    values: np.ndarray

    def minhash(self) -> MinHash:
        """The item's MinHash, for datasketch's own LSH (``wirefeed measure dedup``)."""
        mh = _TEMPLATE.copy()
        mh.hashvalues = self.values
        return mh


def fingerprint(item: CleanItem) -> Fingerprint:
    """Exact hash, lead hash, LSH band keys and sketch of an item's body (headline if none)."""
    words = normalise(item.body) or normalise(item.headline)
    exact = hashlib.blake2b(" ".join(words).encode(), digest_size=16).hexdigest()
    lead = None
    if len(words) >= LEAD_WORDS:
        lead = hashlib.blake2b(" ".join(words[:LEAD_WORDS]).encode(), digest_size=12).hexdigest()
    if len(words) >= SHINGLE:
        shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    else:
        shingles = {" ".join(words)}
    values = _minhash_values(shingles)
    bands = tuple(
        f"b{b}:"
        + hashlib.blake2b(values[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=8).hexdigest()
        for b in range(BANDS)
    )
    # Two low bits of every MinHash value: 32 bytes that still estimate Jaccard well.
    low = (values & 3).astype(np.uint8)
    packed = (low[0::4] << 6) | (low[1::4] << 4) | (low[2::4] << 2) | low[3::4]
    return Fingerprint(
        exact=exact,
        lead=lead,
        bands=bands,
        shingles=len(shingles),
        words=len(words),
        sketch=packed.tobytes().hex(),
        values=values,
    )


def sketch_similarity(a: str, b: str) -> float:
    """Jaccard estimate from two 2-bit sketches (equal bits by chance 1 time in 4)."""
    x = np.frombuffer(bytes.fromhex(a), dtype=np.uint8)
    y = np.frombuffer(bytes.fromhex(b), dtype=np.uint8)
    diff = x ^ y
    same = int(
        np.count_nonzero((diff & 0xC0) == 0)
        + np.count_nonzero((diff & 0x30) == 0)
        + np.count_nonzero((diff & 0x0C) == 0)
        + np.count_nonzero((diff & 0x03) == 0)
    )
    p = same / (len(x) * 4)
    return max(0.0, (p - 0.25) / 0.75)


def route(key: str, partitions: int) -> int:
    """The partition that owns a bucket key: stable across processes and restarts."""
    digest = hashlib.blake2b(key.encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") % partitions


def _order(item_id: str, now: datetime) -> str:
    """When dedup first saw an item: the total order that decides who came first.

    Processing order, not receipt time: in one worker an item's probes are sent before
    those of every item processed after it, so it is registered first in every bucket.
    """
    micros = int(now.timestamp() * 1_000_000)
    return f"{micros:017d}|{item_id}"


def _published(item: CleanItem) -> float:
    when: datetime = item.published_at or item.received_at
    return when.timestamp()


@dataclass(frozen=True, slots=True)
class DedupParams:
    """The knobs of dedup (from Settings)."""

    partitions: int = 4
    threshold: float = 0.8
    window_s: float = 7 * 86400.0
    match_s: float = 72 * 3600.0
    bucket_cap: int = 32


@dataclass(frozen=True, slots=True)
class Decision:
    """What dedup says of one item: pass it on (unique), hold it back, or both (version)."""

    unique: UniqueItem | None
    duplicate: DuplicateRecord | None


class Deduplicator:
    """The three dedup steps over their state mappings (see the module docstring)."""

    def __init__(
        self,
        params: DedupParams,
        *,
        versions: MutableMapping[str, Any],
        buckets: MutableMapping[str, Any],
        pending: MutableMapping[str, Any],
    ) -> None:
        self.params = params
        self.versions = versions
        self.buckets = buckets
        self.pending = pending
        #: The latest publication time seen: the stream's clock for expiry (not wall time,
        #: so that replaying 1987 news expires nothing before its time).
        self.watermark = 0.0
        #: Names this process in the probes it publishes, so it skips them coming back.
        self.origin = uuid.uuid4().hex
        self._swept: dict[tuple[str, int | None], float] = {}

    # -- step 1: by item id ------------------------------------------------------------

    def probe(
        self, item: CleanItem, now: datetime
    ) -> tuple[Decision | None, DedupAnswer | None, list[tuple[int, DedupProbe]]]:
        """Fingerprint an item; a same-uri version is decided here, at once."""
        fp = fingerprint(item)
        self.watermark = max(self.watermark, _published(item))
        seen = self.versions.get(item.item_id)
        replayed = seen is not None and seen["exact"] == fp.exact
        entry = DedupEntry(
            item_id=item.item_id,
            # A replayed item keeps the place it had, so it gets the same decision again.
            order=seen["order"] if replayed and seen else _order(item.item_id, now),
            published=_published(item),
            shingles=fp.shingles,
            sketch=fp.sketch,
            tags=fp.exact[:8] + (fp.lead[:8] if fp.lead else ""),
        )
        version_of: DuplicateRecord | None = None
        if seen is not None and not replayed:
            newer = (item.version or 0) > (seen["version"] or 0) or (
                item.version is None and seen["version"] is None
            )
            version_of = DuplicateRecord(
                item_id=item.item_id,
                duplicate_of=item.item_id,
                kind="version",
                similarity=round(sketch_similarity(seen["sketch"], fp.sketch), 3),
                detected_at=now,
            )
            if not newer:  # an older version arriving late: the fuller one is out already
                return Decision(unique=None, duplicate=version_of), None, []
        if not replayed:
            self.versions[item.item_id] = {
                "exact": fp.exact,
                "version": item.version,
                "sketch": fp.sketch,
                "published": entry.published,
                "order": entry.order,
            }
        keys = [f"x:{fp.exact}", *fp.bands]
        if fp.lead:
            keys.append(f"l:{fp.lead}")
        by_partition: dict[int, list[str]] = {}
        for key in keys:
            by_partition.setdefault(route(key, self.params.partitions), []).append(key)
        expected = len(by_partition)
        probes = [
            (
                partition,
                DedupProbe(
                    entry=entry,
                    keys=part_keys,
                    probe=index,
                    expected=expected,
                    register_only=version_of is not None,
                ),
            )
            for index, (partition, part_keys) in enumerate(sorted(by_partition.items()))
        ]
        if version_of is not None:
            unique = UniqueItem(**item.asdict(), fingerprint=fp.exact, version_of=item.item_id)
            return Decision(unique=unique, duplicate=version_of), None, probes
        own = DedupAnswer(
            item_id=item.item_id,
            probe=-1,
            expected=expected,
            item=item,
            entry=entry,
            fingerprint=fp.exact,
        )
        return None, own, probes

    def check(self, item: CleanItem, now: datetime) -> tuple[Decision, DedupProbe | None]:
        """All three steps at once, over a bucket index held whole.

        Returns the decision and the probe that other replicas of the index must
        :meth:`register` (None for an older version arriving late: nothing to remember).
        """
        decision, own, probes = self.probe(item, now)
        answers = [own] if own is not None else []
        for _, probe in probes:
            answer = self.bucket(probe)
            if answer is not None:
                answers.append(answer)
        for answer in answers:
            result = self.decide(answer, now)
            if result is not None:
                decision = result
        if decision is None:  # every answer is in by now, so decide() has decided
            raise AssertionError(f"dedup left {item.item_id} undecided")
        if not probes:
            return decision, None
        first = probes[0][1]
        keys = [key for _, probe in probes for key in probe.keys]
        return decision, DedupProbe(
            entry=first.entry,
            keys=keys,
            probe=0,
            expected=1,
            register_only=True,
            origin=self.origin,
        )

    def register(self, probe: DedupProbe) -> None:
        """An item another replica checked, into this one's index (again is harmless)."""
        if not probe.register_only:
            raise ValueError("only register-only probes go into a replica")
        if probe.origin != self.origin:
            self.bucket(probe)

    # -- step 2: by bucket key ---------------------------------------------------------

    def bucket(self, probe: DedupProbe) -> DedupAnswer | None:
        """Earlier items in the probe's buckets; remembers the probing item."""
        me = probe.entry
        self.watermark = max(self.watermark, me.published)
        oldest = me.published - self.params.window_s
        matches: list[DedupMatch] = []
        unregistered: list[str] = []
        mine: dict[str, Any] | None = None  # one dict for every key: a replica holds many
        for key in probe.keys:
            entries: list[dict[str, Any]] = self.buckets.get(key) or []
            kept = [e for e in entries if e["published"] >= oldest]
            # Every other item already here, earlier or later in order: decide() needs to
            # know who reached which bucket first to settle races between copies.
            for e in kept:
                if (
                    not _same_text(e, me)
                    and abs(e["published"] - me.published) <= self.params.match_s
                ):
                    matches.append(DedupMatch(key=key, entry=DedupEntry(**e)))
            if not any(_same_text(e, me) for e in kept):
                if len(kept) < self.params.bucket_cap:
                    mine = mine or me.asdict()
                    kept.append(mine)
                    kept.sort(key=lambda e: e["order"])
                else:
                    unregistered.append(key)
            if kept != entries:
                self.buckets[key] = kept
        if probe.register_only:
            return None
        return DedupAnswer(
            item_id=me.item_id,
            probe=probe.probe,
            expected=probe.expected,
            matches=matches,
            unregistered=unregistered,
            order=me.order,
        )

    def maintain(
        self, table: str, partition: int | None, owns: Callable[[str], bool], now: datetime
    ) -> int:
        """Sweep one state table now and then; called after each record, cheap unless due.

        Versions and buckets expire by publication time (the stream's clock), once it moved
        on a day; unfinished answers by processing time, once an hour. Returns keys dropped.
        """
        clock = now.timestamp() if table == "pending" else self.watermark
        every = _SWEEP_PENDING_EVERY_S if table == "pending" else _SWEEP_EVERY_S
        mark = (table, partition)
        last = self._swept.get(mark)
        if last is None:
            self._swept[mark] = clock
            return 0
        if clock - last < every:
            return 0
        self._swept[mark] = clock
        if table == "buckets":
            return self.sweep(self.watermark, owns, now.timestamp())
        if table == "pending":
            return self.sweep_pending(now, owns)
        return self.sweep_versions(self.watermark, owns, now.timestamp())

    def sweep(
        self, watermark: float, owns: Callable[[str], bool] | None = None, now: float | None = None
    ) -> int:
        """Drop bucket keys whose newest item is older than the window; returns how many.

        ``owns(key)`` limits the sweep to keys this caller may delete (a worker deletes only
        keys of the partition it is processing, so each delete reaches the right changelog).
        With ``now`` (processing time), entries also live at least ``_GRACE_S`` after dedup
        saw them.
        """
        oldest = watermark - self.params.window_s
        return _drop(
            self.buckets,
            owns,
            lambda entries: all(_stale(e, oldest, now) for e in entries),
        )

    # -- step 3: by item id ------------------------------------------------------------

    def decide(self, answer: DedupAnswer, now: datetime) -> Decision | None:
        """Collect an item's answers; once all are in, the decision (else None)."""
        slot = answer.order or (answer.entry.order if answer.entry else answer.item_id)
        state: dict[str, Any] = self.pending.get(slot) or {
            "answers": {},
            # Processing time, not publication time: answers for a 1987 item replayed after
            # today's news must wait as long as they need, yet not for ever.
            "since": now.timestamp(),
        }
        if answer.probe < 0:
            if answer.item is None or answer.entry is None:
                raise ValueError("the item's own answer carries the item and its entry")
            # Answers live in memory only (see SplitPending): the item itself, not its JSON.
            state["item"] = answer.item
            state["entry"] = answer.entry.asdict()
            state["fingerprint"] = answer.fingerprint
        else:
            state["answers"][str(answer.probe)] = [to_json_dict(m) for m in answer.matches]
            if answer.unregistered:
                state.setdefault("unregistered", []).extend(answer.unregistered)
        state["expected"] = answer.expected
        if "item" not in state or len(state["answers"]) < answer.expected:
            self.pending[slot] = state
            return None
        if slot in self.pending:
            del self.pending[slot]
        item: CleanItem = state["item"]
        fp = state["fingerprint"]
        # A replayed item (restart, at-least-once) gets the decision it had, whatever the
        # buckets hold since: its copies have met it there and must not turn it around.
        done_slot = f"done|{item.item_id}"
        done = self.pending.get(done_slot)
        if done is not None and done["fingerprint"] == fp:
            return _redecide(item, fp, done, now)
        me = DedupEntry(**state["entry"])
        matches = [m for ms in state["answers"].values() for m in ms]
        earlier = _earlier(me, matches, set(state.get("unregistered", ())))
        decision = self._judge(item, me, fp, earlier, now)
        dup = decision.duplicate
        self.pending[done_slot] = {
            "fingerprint": fp,
            "since": now.timestamp(),
            "kind": dup.kind if dup else "unique",
            "of": dup.duplicate_of if dup else None,
            "similarity": dup.similarity if dup else None,
        }
        return decision

    def _judge(
        self,
        item: CleanItem,
        me: DedupEntry,
        fp: str,
        matches: list[dict[str, Any]],
        now: datetime,
    ) -> Decision:
        candidates: dict[str, dict[str, Any]] = {}
        for m in matches:
            entry = m["entry"]
            c = candidates.setdefault(
                entry["item_id"], {"entry": entry, "exact": False, "lead": False}
            )
            if m["key"].startswith("x:"):
                c["exact"] = True
            elif m["key"].startswith("l:"):
                c["lead"] = True

        def earliest(pool: list[dict[str, Any]]) -> dict[str, Any]:
            return min(pool, key=lambda c: c["entry"]["order"])

        exact = [c for c in candidates.values() if c["exact"]]
        if exact:
            first = earliest(exact)
            return self._duplicate(item, first["entry"]["item_id"], "exact", 1.0, now)
        for c in candidates.values():
            e = c["entry"]
            c["sim"] = sim = sketch_similarity(me.sketch, e["sketch"])
            grown = me.shingles >= VERSION_GROWTH * e["shingles"]
            if grown and (c["lead"] or _containment(sim, e["shingles"], me.shingles) >= 0.8):
                c["version"] = True
        versions = [c for c in candidates.values() if c.get("version")]
        if versions:
            first = earliest(versions)
            record = DuplicateRecord(
                item_id=item.item_id,
                duplicate_of=first["entry"]["item_id"],
                kind="version",
                similarity=round(first["sim"], 3),
                detected_at=now,
            )
            unique = UniqueItem(
                **item.asdict(), fingerprint=fp, version_of=first["entry"]["item_id"]
            )
            return Decision(unique=unique, duplicate=record)
        if candidates:
            # The most similar candidate; of equals, the first seen (max keeps the first).
            by_order = sorted(candidates.values(), key=lambda c: c["entry"]["order"])
            best = max(by_order, key=lambda c: c["sim"])
            e = best["entry"]
            inside = _containment(best["sim"], me.shingles, e["shingles"])
            if best["sim"] >= self.params.threshold or (best["lead"] and inside >= 0.9):
                return self._duplicate(item, e["item_id"], "near", best["sim"], now)
        return Decision(unique=UniqueItem(**item.asdict(), fingerprint=fp), duplicate=None)

    def _duplicate(
        self, item: CleanItem, of: str, kind: str, sim: float, now: datetime
    ) -> Decision:
        record = DuplicateRecord(
            item_id=item.item_id,
            duplicate_of=of,
            kind=kind,
            similarity=round(sim, 3),
            detected_at=now,
        )
        return Decision(unique=None, duplicate=record)

    def sweep_versions(
        self, watermark: float, owns: Callable[[str], bool] | None = None, now: float | None = None
    ) -> int:
        """Forget items published longer than the window before the stream's clock."""
        oldest = watermark - self.params.window_s
        return _drop(self.versions, owns, lambda value: _stale(value, oldest, now))

    def sweep_pending(self, now: datetime, owns: Callable[[str], bool] | None = None) -> int:
        """Forget answers (and decisions kept for replays) a window of processing time on."""
        oldest = now.timestamp() - self.params.window_s
        return _drop(self.pending, owns, lambda value: value.get("since", 0.0) < oldest)


class SplitPending(MutableMapping[str, Any]):
    """Pending answers in memory, decisions (``done|<item id>``) in a durable table.

    When the three steps run in one call, answers never outlive the call: only the
    decision must survive a restart, so that a replayed item is decided as before.
    """

    def __init__(self, decisions: MutableMapping[str, Any]) -> None:
        self.decisions = decisions
        self.answers: dict[str, Any] = {}

    def _where(self, key: str) -> MutableMapping[str, Any]:
        return self.decisions if key.startswith("done|") else self.answers

    def __getitem__(self, key: str) -> Any:
        return self._where(key)[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._where(key)[key] = value

    def __delitem__(self, key: str) -> None:
        del self._where(key)[key]

    def __iter__(self) -> Iterator[str]:
        yield from self.answers
        yield from self.decisions

    def __len__(self) -> int:
        return len(self.answers) + len(self.decisions)


def _drop(
    table: MutableMapping[str, Any],
    owns: Callable[[str], bool] | None,
    stale: Callable[[Any], bool],
) -> int:
    """Delete the keys this caller owns whose value is stale; returns how many."""
    gone = []
    for key in list(table):
        if owns is not None and not owns(key):
            continue
        # A Faust table lists every local partition's keys but reads only the current
        # event's partition: a key it cannot read belongs to another partition.
        value = table.get(key)
        if value is not None and stale(value):
            gone.append(key)
    for key in gone:
        del table[key]
    return len(gone)


def _redecide(item: CleanItem, fp: str, done: dict[str, Any], now: datetime) -> Decision:
    """The decision an item had before, rebuilt for its replay."""
    kind, of = done["kind"], done["of"]
    if kind == "unique":
        return Decision(unique=UniqueItem(**item.asdict(), fingerprint=fp), duplicate=None)
    record = DuplicateRecord(
        item_id=item.item_id,
        duplicate_of=of,
        kind=kind,
        similarity=done["similarity"],
        detected_at=now,
    )
    if kind == "version":
        unique = UniqueItem(**item.asdict(), fingerprint=fp, version_of=of)
        return Decision(unique=unique, duplicate=record)
    return Decision(unique=None, duplicate=record)


def _stale(entry: dict[str, Any], oldest: float, now: float | None) -> bool:
    """Published before ``oldest`` and, given ``now``, seen more than the grace ago.

    The grace keeps a replay that mixes years of news from expiring an old item's state
    before its copies, processed seconds later, could meet it.
    """
    if entry["published"] >= oldest:
        return False
    if now is None:
        return True
    seen = int(entry["order"].split("|", 1)[0]) / 1_000_000
    return seen < now - _GRACE_S


def _same_text(entry: dict[str, Any], me: DedupEntry) -> bool:
    """The same item again (a replay), not another version under its id."""
    return bool(entry["item_id"] == me.item_id and entry.get("tags", "")[:8] == me.tags[:8])


def _shared_keys(a: DedupEntry, b: dict[str, Any]) -> set[str]:
    """The bucket keys two items share, from their sketches and tags.

    A band is shared when its 8 MinHash rows are equal; the sketch keeps 2 bits of each,
    so equal sketch bytes mean a shared band (wrong 1 time in 65,536, which can only let a
    racing copy pass, never drop both).
    """
    x, y = bytes.fromhex(a.sketch), bytes.fromhex(b["sketch"])
    keys = {
        f"b{band}"
        for band in range(BANDS)
        if x[2 * band : 2 * band + 2] == y[2 * band : 2 * band + 2]
    }
    tags_b = b.get("tags", "")
    if a.tags[:8] and a.tags[:8] == tags_b[:8]:
        keys.add("x")
    if len(a.tags) > 8 and a.tags[8:] == tags_b[8:]:
        keys.add("l")
    return keys


def _key_kind(key: str) -> str:
    """``b3:...`` -> ``b3``, ``x:...`` -> ``x``, ``l:...`` -> ``l``."""
    return key.split(":", 1)[0]


def _earlier(
    me: DedupEntry, matches: list[dict[str, Any]], unregistered: set[str]
) -> list[dict[str, Any]]:
    """The matches with items that count as before this one.

    Buckets live on several partitions, so two copies processed at nearly the same time
    can reach them in different orders. A candidate that reached every shared bucket
    first never met this item and was decided without it: it came first. Where each met
    the other somewhere, the smaller ``order`` is first. The two items always agree on
    who is first, so a pair of copies is never both dropped, nor both let through.
    """
    found: dict[str, set[str]] = {}
    entries: dict[str, dict[str, Any]] = {}
    for m in matches:
        item_id = m["entry"]["item_id"]
        found.setdefault(item_id, set()).add(_key_kind(m["key"]))
        entries[item_id] = m["entry"]
    skipped = {_key_kind(k) for k in unregistered}
    before = set()
    for item_id, entry in entries.items():
        # Shared buckets where this item got first (and stayed): there the other met it.
        met_me = _shared_keys(me, entry) - found[item_id] - skipped
        if not met_me or entry["order"] < me.order:
            before.add(item_id)
    return [m for m in matches if m["entry"]["item_id"] in before]


def _containment(jaccard: float, size_a: int, size_b: int) -> float:
    """Share of set A inside set B, from their Jaccard similarity and sizes."""
    if size_a <= 0:
        return 0.0
    inter = jaccard * (size_a + size_b) / (1 + jaccard)
    return min(1.0, inter / size_a)
