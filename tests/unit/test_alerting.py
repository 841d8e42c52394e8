"""Alerting: one alert per real-world event, new then updates, replay-safe, with history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from streams.alerting import Alerter
from streams.records import ContactEvent, Evidence, Participant

T0 = datetime(2017, 1, 28, 18, 0, tzinfo=UTC)
PUTIN = Participant(name="Vladimir Putin", country="RUS", role="President", qid="Q7747")
TRUMP = Participant(name="Donald Trump", country="USA", role="President", qid="Q22686")
XI = Participant(name="Xi Jinping", country="CHN", role="President", qid="Q15031")


def _event(
    item_id: str,
    source: str = "Xinhua",
    *,
    status: str = "occurred",
    type: str = "phone_call",
    date: str | None = "2017-01-28",
    reported_on: str = "2017-01-28",
    people: tuple[Participant, ...] = (PUTIN, TRUMP),
) -> ContactEvent:
    return ContactEvent(
        event_key="",
        item_id=item_id,
        source=source,
        type=type,
        status=status,
        participants=list(people),
        evidence=[Evidence(item_id=item_id, source=source, text="They spoke by phone.")],
        received_at=T0,
        detected_at=T0,
        date=date,
        reported_on=reported_on,
    )


class TestOneAlertPerEvent:
    def test_first_report_is_new_then_updates_grow(self) -> None:
        """Later reports of the same event update it with the grown source count."""
        alerter = Alerter({})
        first = alerter.on_event(_event("a", "Xinhua"), T0)
        second = alerter.on_event(
            _event("b", "Reuters", people=(TRUMP, PUTIN)), T0 + timedelta(seconds=5)
        )
        assert first is not None
        assert (first.kind, first.source_count) == ("new", 1)
        assert second is not None
        assert second.kind == "update"
        assert second.alert_id == first.alert_id
        assert second.source_count == 2
        assert second.sources == ["Xinhua", "Reuters"]
        assert second.first_received_at == T0

    def test_other_date_is_another_event(self) -> None:
        """Two calls on two days are two events."""
        alerter = Alerter({})
        first = alerter.on_event(_event("a"), T0)
        later = alerter.on_event(_event("b", date="2017-02-10", reported_on="2017-02-10"), T0)
        assert first is not None
        assert later is not None
        assert later.kind == "new"
        assert later.alert_id != first.alert_id

    def test_other_pair_is_another_event(self) -> None:
        alerter = Alerter({})
        first = alerter.on_event(_event("a"), T0)
        other = alerter.on_event(_event("b", people=(PUTIN, XI)), T0)
        assert first is not None
        assert other is not None
        assert (other.kind, other.first_contact) == ("new", True)
        assert other.alert_id != first.alert_id

    def test_an_undated_report_joins_the_event_reported_days_before(self) -> None:
        """ "The two presidents spoke by phone" two days on is the same call."""
        alerter = Alerter({})
        first = alerter.on_event(_event("a"), T0)
        undated = alerter.on_event(_event("b", "AP", date=None, reported_on="2017-01-30"), T0)
        assert first is not None
        assert undated is not None
        assert (undated.kind, undated.alert_id, undated.date) == (
            "update",
            first.alert_id,
            "2017-01-28",
        )
        weeks_later = alerter.on_event(_event("c", date=None, reported_on="2017-02-20"), T0)
        assert weeks_later is not None
        assert weeks_later.kind == "new"

    def test_a_call_and_a_meeting_on_one_day_are_two_events(self) -> None:
        alerter = Alerter({})
        call = alerter.on_event(_event("a"), T0)
        meeting = alerter.on_event(_event("b", type="meeting"), T0)
        assert call is not None
        assert meeting is not None
        assert meeting.kind == "new"

    def test_a_visit_and_a_meeting_on_one_day_are_one_event(self) -> None:
        """Sources call one state visit a visit, talks or a meeting."""
        alerter = Alerter({})
        visit = alerter.on_event(_event("a", type="visit"), T0)
        talks = alerter.on_event(_event("b", "AP", type="meeting"), T0)
        assert visit is not None
        assert talks is not None
        assert (talks.kind, talks.type, talks.alert_id) == ("update", "visit", visit.alert_id)


class TestReplay:
    def test_replaying_an_item_raises_nothing(self) -> None:
        """The same item again (restart, replay) gives no second new and no empty update."""
        state: dict[str, object] = {}
        assert Alerter(state).on_event(_event("a"), T0) is not None
        assert Alerter(state).on_event(_event("a"), T0) is None

    def test_replaying_a_whole_feed_raises_nothing(self) -> None:
        state: dict[str, object] = {}
        feed = [_event("a"), _event("b", "AP"), _event("c", status="past_reference", date=None)]
        first = [Alerter(state).on_event(e, T0) for e in feed]
        again = [Alerter(state).on_event(e, T0) for e in feed]
        assert [a.kind for a in first if a] == ["new", "update"]
        assert again == [None, None, None]


class TestStatus:
    def test_past_references_never_alert(self) -> None:
        """A recalled contact is background, not news."""
        assert Alerter({}).on_event(_event("a", status="past_reference"), T0) is None

    def test_planned_alerts_carry_their_status(self) -> None:
        """Subscribers can tell announcements from contacts that happened."""
        alert = Alerter({}).on_event(_event("a", status="planned"), T0)
        assert alert is not None
        assert alert.status == "planned"

    def test_a_held_contact_names_the_announcement_it_fulfils(self) -> None:
        alerter = Alerter({})
        planned = alerter.on_event(
            _event(
                "a", type="meeting", status="planned", date="2018-06-06", reported_on="2018-05-09"
            ),
            T0,
        )
        held = alerter.on_event(
            _event("b", type="meeting", date="2018-06-06", reported_on="2018-06-06"), T0
        )
        assert planned is not None
        assert held is not None
        assert (held.kind, held.fulfils) == ("new", planned.alert_id)
        # Another report of the held meeting is an update of it, still fulfilling.
        again = alerter.on_event(_event("c", "AP", type="meeting", date="2018-06-06"), T0)
        assert again is not None
        assert (again.kind, again.fulfils) == ("update", planned.alert_id)

    def test_an_undated_announcement_is_fulfilled_within_weeks(self) -> None:
        alerter = Alerter({})
        planned = alerter.on_event(
            _event("a", type="visit", status="planned", date=None, reported_on="2018-05-09"), T0
        )
        held = alerter.on_event(_event("b", type="meeting", date="2018-06-06"), T0)
        assert planned is not None
        assert held is not None
        assert held.fulfils == planned.alert_id
        # Nothing fulfils what was held already.
        another = alerter.on_event(_event("c", type="meeting", date="2018-06-20"), T0)
        assert another is not None
        assert another.fulfils is None


class TestHistory:
    def test_first_contact_then_the_previous_one(self) -> None:
        alerter = Alerter({})
        first = alerter.on_event(_event("a", date="2017-01-28"), T0)
        second = alerter.on_event(_event("b", date="2017-05-02", reported_on="2017-05-02"), T0)
        assert first is not None
        assert second is not None
        assert (first.first_contact, first.previous_contact) == (True, None)
        assert (second.first_contact, second.previous_contact) == (False, "2017-01-28")

    def test_a_recalled_contact_is_history(self) -> None:
        """ "They last met in Tehran on Sept. 7": the next contact is not their first."""
        alerter = Alerter({})
        recalled = _event("a", type="summit", status="past_reference", date="2016-11-14")
        assert alerter.on_event(recalled, T0) is None
        alert = alerter.on_event(_event("a"), T0)
        assert alert is not None
        assert (alert.kind, alert.first_contact, alert.previous_contact) == (
            "new",
            False,
            "2016-11-14",
        )
