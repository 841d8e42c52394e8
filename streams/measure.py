"""``wirefeed measure dedup|tagging``: figures of a stage on a corpus, in one process.

Each runs the same stage code as the worker and prints one JSON object.

- dedup: cleanup, then the three dedup steps through dict state, and, over the same
  MinHashes, datasketch's ``MinHashLSH`` (query, then insert) as the reference detector.
- tagging: items/s, gazetteer load time and memory, agreement of our leader tags with
  Reuters-21578's own PEOPLE field, and spaCy's PhraseMatcher over the same patterns.
"""

from __future__ import annotations

import contextlib
import random
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from datasketch import MinHashLSH

from streams import cleanup, ingest, language
from streams.dedup import NUM_PERM, Deduplicator, DedupParams, fingerprint
from streams.errors import Rejected
from streams.gazetteer import Gazetteer, fold
from streams.ingest import Skipped
from streams.records import CleanItem, DuplicateRecord, RawItem, UniqueItem
from streams.settings import Settings
from streams.tagging import Tagger, capitalised, fold_chars, item_date, tagged_text

__all__ = ["measure_dedup", "measure_tagging"]


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
        mh = fingerprint(item).minhash()
        key = f"{n}:{item.item_id}"
        best = max(
            (c for c in lsh.query(mh) if mh.jaccard(hashes[c]) >= params.threshold),
            key=lambda c: mh.jaccard(hashes[c]),
            default=None,
        )
        if best is not None:
            theirs[item.item_id] = best.split(":", 1)[1]
        else:
            lsh.insert(key, mh)
            hashes[key] = mh
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


# --- tagging -----------------------------------------------------------------------------


def _code_tokens(code: str) -> tuple[str, ...]:
    return tuple(fold(code.replace("-", " ")).split())


class _PeopleCodes:
    """Reuters-21578 PEOPLE codes ("reagan", "james-baker") to gazetteer persons.

    A code names a person when its words are the person's name or an alias, its last
    words (the surname), or its first and last words (name without middle names).
    """

    def __init__(self, g: Gazetteer) -> None:
        self.g = g
        self._names: list[tuple[str, tuple[str, ...]]] = []
        for person in g.persons.values():
            for name in dict.fromkeys([person.name, *person.aliases]):
                self._names.append((person.id, tuple(fold(name.replace("-", " ")).split())))
        self._cache: dict[tuple[str, ...], list[str]] = {}

    def candidates(self, code: str) -> list[str]:
        words = _code_tokens(code)
        found = self._cache.get(words)
        if found is None:
            n = len(words)
            found = sorted(
                {
                    pid
                    for pid, name in self._names
                    if name[-n:] == words
                    or (n > 1 and (name[0], name[-1]) == (words[0], words[-1]))
                }
            )
            self._cache[words] = found
        return found

    def leader_on(self, code: str, day: date) -> tuple[str | None, str]:
        """(person id, "leader"), or (None, why not): "not_leader", "ambiguous", "unknown"."""
        people = self.candidates(code)
        if not people:
            return None, "unknown"
        leaders = [p for p in people if self.g.role_on(p, day) is not None]
        if len(leaders) == 1:
            return leaders[0], "leader"
        return None, ("ambiguous" if leaders else "not_leader")


def _phrase_matcher(tagger: Tagger) -> tuple[Any, Any]:
    """spaCy's PhraseMatcher over the folded surface forms the tagger's automaton holds."""
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    patterns = [nlp.make_doc(form) for form in tagger.patterns()]
    for start in range(0, len(patterns), 5000):
        matcher.add("GAZ", patterns[start : start + 5000])
    return nlp, matcher


def _longest(spans: Sequence[tuple[int, int]]) -> set[tuple[int, int]]:
    """Longest first, then leftmost; what overlaps a kept span goes (the tagger's rule)."""
    kept: list[tuple[int, int]] = []
    for s, e in sorted(spans, key=lambda x: (x[0] - x[1], x[0])):
        if all(e <= ks or s >= ke for ks, ke in kept):
            kept.append((s, e))
    return set(kept)


def measure_tagging(
    targets: Sequence[str],
    *,
    settings: Settings | None = None,
    examples: int = 25,
    seed: int = 1987,
) -> dict[str, Any]:
    """Figures of the tagging stage; see ``wirefeed measure tagging --help``.

    Leader agreement counts, per item, the set of leaders we tag (people holding a
    leader role on the item's date) against the item's own PEOPLE codes that name a
    person who led a state on that date. Only items that carry PEOPLE codes are counted:
    the indexers listed the people a story is about, so items without codes say nothing.
    """
    settings = settings or Settings.from_env()
    raws = _raw_items(targets, settings)
    print(f"measure: {len(raws)} items read", file=sys.stderr)
    language.warm()
    items: list[UniqueItem] = []
    for raw in raws:
        with contextlib.suppress(Rejected):  # cleanup's dead letters are not tagged
            items.append(UniqueItem(**cleanup.clean(raw).asdict()))

    started = time.perf_counter()
    g = Gazetteer.load()
    load_s = time.perf_counter() - started
    tagger = Tagger(g)
    started = time.perf_counter()
    tagger.warm()
    build_s = time.perf_counter() - started
    # Memory on a second, traced load (tracing slows loading, so it is not timed).
    tracemalloc.start()
    traced = Tagger(Gazetteer.load())
    gazetteer_bytes = tracemalloc.get_traced_memory()[0]
    traced.warm()
    loaded_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del traced

    started = time.perf_counter()
    tagged = [tagger.tag(item) for item in items]
    tag_s = time.perf_counter() - started

    codes = _PeopleCodes(g)
    tp = fp = fn = 0
    gold_why: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    misses: list[dict[str, Any]] = []
    extras: list[dict[str, Any]] = []
    counted = 0
    for item in tagged:
        people_codes = item.metadata.get("people") or []
        if not people_codes:
            continue
        counted += 1
        day = item_date(item)
        gold: dict[str, str] = {}
        for code in people_codes:
            pid, why = codes.leader_on(code, day)
            gold_why[why] += 1
            if pid is not None:
                gold[pid] = code
            elif why == "unknown":
                unknown[code] += 1
        ours = {e.entity_id: e.text for e in item.entities if e.kind == "person" and e.role}
        tp += len(gold.keys() & ours.keys())
        for pid in gold.keys() - ours.keys():
            fn += 1
            misses.append({"item_id": item.item_id, "code": gold[pid], "person": pid})
        for pid in ours.keys() - gold.keys():
            fp += 1
            mention = next(e for e in item.entities if e.entity_id == pid)
            context = tagged_text(item)[max(0, mention.start - 60) : mention.end + 40]
            extras.append({"item_id": item.item_id, "person": pid, "context": context})

    result: dict[str, Any] = {
        "items": len(raws),
        "tagged": len(tagged),
        "entities": dict(Counter(e.kind for t in tagged for e in t.entities)),
        "leader_mentions_with_role": sum(
            1 for t in tagged for e in t.entities if e.kind == "person" and e.role
        ),
        "tagging_items_per_s": round(len(tagged) / tag_s),
        "gazetteer_load_ms": round(load_s * 1000),
        "automaton_build_ms": round(build_s * 1000),
        "gazetteer_mb": round(gazetteer_bytes / 2**20, 1),
        "gazetteer_and_automaton_mb": round(loaded_bytes / 2**20, 1),
        "patterns": len(tagger.patterns()),
        "people_agreement": {
            "items_with_people_codes": counted,
            "codes": dict(gold_why),
            "codes_unknown_to_gazetteer": unknown.most_common(),
            "true_positives": tp,
            "false_positives": fp,
            "false_negatives": fn,
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
            "missed": misses[:examples],
            # A seeded sample to read: leaders tagged that the PEOPLE field does not list.
            "extra_sample": random.Random(seed).sample(extras, min(examples, len(extras))),
        },
    }
    result["phrase_matcher"] = _compare_matchers(tagger, items, examples)
    return result


def _compare_matchers(tagger: Tagger, items: Sequence[UniqueItem], examples: int) -> Any:
    """Candidate spans of our automaton and of spaCy's PhraseMatcher, same patterns."""
    try:
        nlp, matcher = _phrase_matcher(tagger)
    except ImportError:
        return "spaCy is not installed (pip install spacy): comparison skipped"
    texts = [tagged_text(item) for item in items]
    started = time.perf_counter()
    ours = [_longest(tagger.candidate_spans(text)) for text in texts]
    ours_s = time.perf_counter() - started
    started = time.perf_counter()
    theirs: list[set[tuple[int, int]]] = []
    for text in texts:
        doc = nlp.make_doc(fold_chars(text))
        spans = [(doc[s:e].start_char, doc[s:e].end_char) for _, s, e in matcher(doc)]
        theirs.append(_longest([sp for sp in spans if capitalised(text, *sp)]))
    theirs_s = time.perf_counter() - started
    both = sum(len(a & b) for a, b in zip(ours, theirs, strict=True))
    only_ours = [(i, sp) for i, (a, b) in enumerate(zip(ours, theirs, strict=True)) for sp in a - b]
    only_theirs = [
        (i, sp) for i, (a, b) in enumerate(zip(ours, theirs, strict=True)) for sp in b - a
    ]

    def show(found: list[tuple[int, tuple[int, int]]]) -> list[str]:
        out = []
        for i, (s, e) in found[:examples]:
            context = texts[i][max(0, s - 20) : e + 20]
            out.append(f"{items[i].item_id}: {context!r} [{texts[i][s:e]}]")
        return out

    union = both + len(only_ours) + len(only_theirs)
    return {
        "spans_both": both,
        "spans_only_ours": len(only_ours),
        "spans_only_phrase_matcher": len(only_theirs),
        "agreement": round(both / union, 4) if union else None,
        "ours_items_per_s": round(len(texts) / ours_s),
        "phrase_matcher_items_per_s": round(len(texts) / theirs_s),
        "examples_only_ours": show(only_ours),
        "examples_only_phrase_matcher": show(only_theirs),
    }


# --- contacts ----------------------------------------------------------------------------


def _label_key(countries: Sequence[str]) -> tuple[str, ...]:
    # The Soviet Union's leaders are labelled under either code.
    return tuple(sorted("RUS" if c == "SUN" else c for c in countries))


def measure_contacts(
    targets: Sequence[str], labels: Path | Sequence[Path], *, settings: Settings | None = None
) -> dict[str, Any]:
    """Precision and recall of contacts against hand labels; see ``wirefeed measure contacts``.

    ``labels`` holds one JSON object per item: ``id``, ``contacts`` (each with
    ``countries``, ``type``, ``status``, ``date``). A found contact matches a labelled one
    of the same item with the same states taking part. Precision and recall count
    ``occurred`` contacts (a found one must be occurred, a labelled one must be occurred);
    type, status and date accuracy are over every matched pair, whatever the status.
    ``by_language`` splits the counts by the language each item was identified in.
    """
    from streams.contacts import ContactDetector

    settings = settings or Settings.from_env()
    files = [labels] if isinstance(labels, Path) else list(labels)
    read = [
        orjson.loads(line) for f in files for line in f.read_bytes().splitlines() if line.strip()
    ]
    gold = {r["id"]: r for r in read}
    raws = _raw_items(targets, settings)
    tagger = Tagger()
    detector = ContactDetector(tagger.gazetteer)
    tagger.warm()
    language.warm()  # the model loads once per process, not per item: keep it off the clock
    found: dict[str, list[Any]] = {}
    languages: dict[str, str] = {}
    started = time.perf_counter()
    tagged = []
    for raw in raws:
        with contextlib.suppress(Rejected):
            tagged.append(tagger.tag(UniqueItem(**cleanup.clean(raw).asdict())))
    tag_s = time.perf_counter() - started
    # Every item read goes through detection (for its speed); only labelled ones are scored.
    started = time.perf_counter()
    events_found = 0
    for item in tagged:
        events = detector.detect(item)
        events_found += len(events)
        if item.item_id in gold:
            found[item.item_id] = events
            languages[item.item_id] = item.language or "unknown"
    detect_s = time.perf_counter() - started

    tp = fp = fn = 0
    per: dict[str, list[int]] = {}  # language -> [items, tp, fp, fn]
    matched = right_type = right_status = right_date = 0
    errors: list[dict[str, Any]] = []
    for item_id, label in gold.items():
        if item_id not in found:
            errors.append({"item_id": item_id, "error": "item not found in the given paths"})
            continue
        events = found[item_id]
        counts = per.setdefault(languages[item_id], [0, 0, 0, 0])
        counts[0] += 1
        before = (tp, fp, fn)
        # Pair each found contact with a labelled one of the same states, the same status
        # first: an item may report a new contact and recall an earlier one of the pair.
        unmatched = list(label["contacts"])
        pairs: list[tuple[Any, dict[str, Any] | None]] = []
        for event in sorted(events, key=lambda e: e.status != "occurred"):
            key = _label_key([p.country for p in event.participants])
            same = [c for c in unmatched if _label_key(c["countries"]) == key]
            contact = next((c for c in same if c["status"] == event.status), None) or (
                same[0] if same else None
            )
            if contact is not None:
                unmatched.remove(contact)
            pairs.append((event, contact))
        for event, contact in pairs:
            key = _label_key([p.country for p in event.participants])
            if contact is not None:
                matched += 1
                right_type += event.type == contact["type"]
                right_status += event.status == contact["status"]
                right_date += event.date == contact["date"]
            if event.status == "occurred":
                if contact is not None and contact["status"] == "occurred":
                    tp += 1
                else:
                    fp += 1
            said = [contact["type"], contact["status"], contact["date"]] if contact else None
            if said != [event.type, event.status, event.date]:
                errors.append(
                    {
                        "item_id": item_id,
                        "found": [event.type, event.status, event.date, list(key)],
                        "labelled": said,
                        "evidence": event.evidence[0].text[:200] if event.evidence else "",
                    }
                )
        for contact in unmatched:
            if contact["status"] == "occurred":
                fn += 1
            errors.append(
                {
                    "item_id": item_id,
                    "found": None,
                    "labelled": [
                        contact["type"],
                        contact["status"],
                        contact["date"],
                        list(_label_key(contact["countries"])),
                    ],
                    "note": label.get("note", ""),
                }
            )
        counts[1] += tp - before[0]
        counts[2] += fp - before[1]
        counts[3] += fn - before[2]

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 3) if b else None

    return {
        "labelled_items": len(gold),
        "items_found": len(found),
        "labelled_contacts": sum(len(r["contacts"]) for r in read),
        "labelled_occurred": sum(c["status"] == "occurred" for r in read for c in r["contacts"]),
        "found_contacts": sum(len(v) for v in found.values()),
        "occurred": {
            "true_positives": tp,
            "false_positives": fp,
            "false_negatives": fn,
            "precision": ratio(tp, tp + fp),
            "recall": ratio(tp, tp + fn),
        },
        "by_language": {
            language: {
                "items": n,
                "true_positives": t,
                "false_positives": f,
                "false_negatives": m,
                "precision": ratio(t, t + f),
                "recall": ratio(t, t + m),
            }
            for language, (n, t, f, m) in sorted(per.items())
        },
        "matched_pairs": matched,
        "type_accuracy": ratio(right_type, matched),
        "status_accuracy": ratio(right_status, matched),
        "date_accuracy": ratio(right_date, matched),
        "items_read": len(raws),
        "contacts_in_all_items": events_found,
        "cleanup_and_tagging_items_per_s": round(len(tagged) / tag_s) if tag_s else None,
        "detection_items_per_s": round(len(tagged) / detect_s) if detect_s else None,
        "disagreements": errors,
    }
