//! Unit tests of the embedded broker bridge.

use super::*;

#[test]
fn a_byte_budget_refuses_or_waits_beyond_its_limit() {
    let budget = Arc::new(ByteBudget::new(100));
    assert!(budget.try_take(60));
    assert!(!budget.try_take(50), "over the limit");
    assert!(budget.try_take(40));
    budget.give(100);
    assert!(budget.try_take(500), "one message alone always fits");
    let waiter = {
        let budget = Arc::clone(&budget);
        std::thread::spawn(move || budget.take(10))
    };
    std::thread::sleep(Duration::from_millis(50));
    assert!(!waiter.is_finished(), "waits while 500 bytes are queued");
    drop(Permit { budget: Arc::clone(&budget), bytes: 500 });
    assert!(waiter.join().is_ok());
    assert_eq!(budget.used(), 10);
}
