"""Alerting: one alert id per real-world event, new then updates, replay-safe."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from streams.alerting import Alerter, alert_id
from streams.records import ContactEvent, Evidence, Participant

T0 = datetime(2017, 1, 28, 18, 0, tzinfo=UTC)
PUTIN = Participant(name="Vladimir Putin", country="RUS", role="President", qid="Q7747")
TRUMP = Participant(name="Donald Trump", country="USA", role="President", qid="Q22686")


def _event(item_id: str, source: str, *, status: str = "occurred", order: int = 0) -> ContactEvent:
    people = [PUTIN, TRUMP] if order == 0 else [TRUMP, PUTIN]
    return ContactEvent(
        event_key="",
        item_id=item_id,
        source=source,
        type="phone_call",
        status=status,
        participants=people,
        evidence=[Evidence(item_id=item_id, source=source, text="They spoke by phone.")],
        received_at=T0,
        detected_at=T0,
        date="2017-01-28",
    )


class TestAlertIdentity:
    def test_order_of_participants_does_not_matter(self) -> None:
        """A contact is undirected: A-B and B-A are one event."""
        assert alert_id(_event("a", "x")) == alert_id(_event("b", "y", order=1))

    def test_other_date_is_another_event(self) -> None:
        """Two calls on two days are two events."""
        later = _event("c", "x")
        later = ContactEvent(**{**later.asdict(), "date": "2017-02-10"})
        assert alert_id(later) != alert_id(_event("a", "x"))


class TestAlerter:
    def test_first_report_is_new_then_updates_grow(self) -> None:
        """Later reports of the same event update it with the grown source count."""
        alerter = Alerter({})
        first = alerter.on_event(_event("a", "Xinhua"), T0)
        second = alerter.on_event(_event("b", "Reuters", order=1), T0 + timedelta(seconds=5))
        assert first is not None
        assert (first.kind, first.source_count) == ("new", 1)
        assert second is not None
        assert second.kind == "update"
        assert second.alert_id == first.alert_id
        assert second.source_count == 2
        assert second.sources == ["Xinhua", "Reuters"]
        assert second.first_received_at == T0

    def test_replaying_an_item_raises_nothing(self) -> None:
        """The same item again (restart, replay) gives no second new and no empty update."""
        state: dict[str, object] = {}
        assert Alerter(state).on_event(_event("a", "Xinhua"), T0) is not None
        assert Alerter(state).on_event(_event("a", "Xinhua"), T0) is None

    def test_past_references_never_alert(self) -> None:
        """A recalled contact is background, not news."""
        assert Alerter({}).on_event(_event("a", "x", status="past_reference"), T0) is None

    def test_planned_alerts_carry_their_status(self) -> None:
        """Subscribers can tell announcements from contacts that happened."""
        alert = Alerter({}).on_event(_event("a", "x", status="planned"), T0)
        assert alert is not None
        assert alert.status == "planned"
