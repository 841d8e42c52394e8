"""The worker's HTTP endpoints: ninjs ingest (``POST /items``) and a health check.

``POST /items`` takes one ninjs object or a JSON array of them. It answers 202 with the
accepted item ids once they are on ``wire.raw``; 400 with the reason when the body or any
item is unusable (nothing of that request is published); 413 when the request or an item
is too large.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
from faust import web as faust_web

from streams import codec, ingest, topics
from streams.errors import Rejected
from streams.pipeline import utcnow

if TYPE_CHECKING:
    from streams.app import Wiring

__all__ = ["register"]

#: Items per request; a batch beyond this is refused rather than half-published.
MAX_BATCH = 1000


def register(wiring: Wiring) -> None:
    """Add the views to ``wiring.app``."""
    app, settings, metrics = wiring.app, wiring.settings, wiring.metrics
    raw_topic = wiring.topics[topics.RAW]

    class Items(faust_web.View):
        async def post(self, request: Any) -> Any:
            if (request.content_length or 0) > settings.max_request_bytes:
                return self._refuse(413, "too_large", "request body over the size limit")
            try:
                body = await request.read()
            except Exception as exc:  # aiohttp raises its own 413 type past client_max_size
                if getattr(exc, "status", None) == 413:
                    return self._refuse(413, "too_large", "request body over the size limit")
                raise
            try:
                value = orjson.loads(body)
            except orjson.JSONDecodeError as exc:
                return self._refuse(400, "bad_json", str(exc))
            batch = value if isinstance(value, list) else [value]
            if not batch:
                return self._refuse(400, "empty", "an empty batch")
            if len(batch) > MAX_BATCH:
                return self._refuse(413, "too_large", f"more than {MAX_BATCH} items")
            received_at = utcnow()
            items = []
            for index, obj in enumerate(batch):
                try:
                    items.append(
                        ingest.ninjs_item(
                            obj,
                            received_at=received_at,
                            max_item_bytes=settings.max_item_bytes,
                        )
                    )
                except Rejected as exc:
                    status = 413 if exc.reason == "too_large" else 400
                    where = f"item {index}" if isinstance(value, list) else "item"
                    return self._refuse(status, exc.reason, f"{where}: {exc.detail}")
            for item in items:
                await raw_topic.send(key=item.item_id.encode("utf-8"), value=codec.dumps(item))
            metrics.ingested.labels("http", "accepted").inc(len(items))
            return self.json(
                {"accepted": len(items), "item_ids": [i.item_id for i in items]}, status=202
            )

        def _refuse(self, status: int, reason: str, detail: str) -> Any:
            metrics.ingested.labels("http", "rejected").inc()
            return self.json({"error": reason, "detail": detail}, status=status)

    class Health(faust_web.View):
        async def get(self, request: Any) -> Any:
            return self.json({"status": "ok", "app": settings.app_id})

    app.page("/items")(Items)
    app.page("/health")(Health)
