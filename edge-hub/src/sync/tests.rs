//! Unit tests of the sync client.

use super::*;

#[test]
fn plan_table() {
    use OutboxEnd::{Newest, Oldest};
    let cases = [
        (true, 0, 10, None, Plan::Resend),
        (true, 50, 10, Some(Oldest), Plan::Resend),
        (false, 0, 10, Some(Oldest), Plan::Heartbeat),
        (false, 5, 10, None, Plan::New(Oldest)),
        (false, 10, 10, Some(Oldest), Plan::New(Oldest)),
        (false, 11, 10, None, Plan::New(Oldest)),
        (false, 11, 10, Some(Oldest), Plan::New(Newest)),
        (false, 500, 10, Some(Newest), Plan::New(Oldest)),
    ];
    for (inflight, depth, limit, last, want) in cases {
        assert_eq!(plan(inflight, depth, limit, last), want, "{inflight} {depth} {limit} {last:?}");
    }
}

#[test]
fn backoff_grows_caps_and_jitters() {
    assert_eq!(backoff(1, 500, 60_000, 1.0), Duration::from_millis(500));
    assert_eq!(backoff(3, 500, 60_000, 1.0), Duration::from_millis(2_000));
    assert_eq!(backoff(30, 500, 60_000, 1.0), Duration::from_millis(60_000));
    assert_eq!(backoff(u32::MAX, 500, 60_000, 1.0), Duration::from_millis(60_000));
    assert_eq!(backoff(10, 500, 60_000, 0.5), Duration::from_millis(30_000));
    assert_eq!(backoff(10, 500, 60_000, 0.0), Duration::from_millis(250), "never a busy loop");
}

#[test]
fn a_batch_carries_every_order_revision_and_the_newest_of_the_rest() {
    use protocol::{EmployeeId, EventBody, Money, Order, OrderId, OrderStatus, Place, PlaceId, TerminalId};
    let order = |id: OrderId, revision: u32| {
        EventBody::Order(Order {
            id,
            revision,
            number: 1,
            place: None,
            employee: EmployeeId::from_name("e"),
            items: vec![],
            service_charge: Money::ZERO,
            status: OrderStatus::Open,
            created_at: Timestamp(1),
            closed_at: None,
            updated_at: Timestamp(i64::from(revision)),
        })
    };
    let place = |revision: u32| {
        EventBody::Place(Place {
            id: PlaceId::from_name("p"),
            revision,
            name: "Stol 1".into(),
            service_bp: 0,
            active: true,
            updated_at: Timestamp(i64::from(revision)),
        })
    };
    let (a, b) = (OrderId::from_name("a"), OrderId::from_name("b"));
    let t = TerminalId::from_name("t");
    let entry = |seq: u64, event: EventBody| OutboxEntry { terminal: t, seq, received_at: Timestamp(0), event };
    // a@1, p@1, b@1 | a@2, p@3, p@2 (late), b@2
    let entries = vec![
        Segment { first: 10, entries: vec![entry(1, order(a, 1)), entry(2, place(1)), entry(3, order(b, 1))] },
        Segment {
            first: 13,
            entries: vec![entry(4, order(a, 2)), entry(5, place(3)), entry(6, place(2)), entry(7, order(b, 2))],
        },
    ];
    let sent = batch_events(&entries);
    let got: Vec<(u64, u32)> = sent.iter().map(|e| (e.seq, e.event.version().revision)).collect();
    assert_eq!(got, vec![(1, 1), (3, 1), (4, 2), (5, 3), (7, 2)]);
    assert_eq!(batch_events(&entries), sent, "deterministic: a retry carries the same events");
    assert!(batch_events(&[]).is_empty());
}

#[test]
fn watch_restarts_at_most_four_times_a_second() {
    // A change after a long quiet call: a fresh call after a breath.
    assert_eq!(restart_pause(Duration::from_secs(20)), Duration::from_millis(20));
    assert_eq!(restart_pause(Duration::from_millis(250)), Duration::from_millis(20));
    // A flood: each new call waits for its quarter second to pass.
    assert_eq!(restart_pause(Duration::from_millis(20)), Duration::from_millis(230));
    assert_eq!(restart_pause(Duration::ZERO), Duration::from_millis(250));
    assert_eq!(restart_pause(Duration::from_millis(240)), Duration::from_millis(20));
}
