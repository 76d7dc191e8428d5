//! Taking a mobile payment (Multicard) at a terminal, as a cashier sees it:
//! ask the hub, show the checkout URL as a QR code, wait for the
//! confirmation; "unavailable" means another method must be chosen.

use std::time::Duration;

use protocol::mobile::{MobilePaymentRequest, MobilePaymentState};
use protocol::{Money, OrderId, PaymentId};

use crate::terminal::Terminal;

/// How long the terminal waits for the hub's first answer.
pub const ASK_WITHIN: Duration = Duration::from_secs(12);

/// Takes one mobile payment of `amount` for `order` on `terminal`, telling
/// `show` each line a cashier's screen would show (`QR: <checkout_url>`,
/// then `PAID`, `FAILED`, `UNAVAILABLE: …` or `NOT CONFIRMED …`). Waits up
/// to `confirm_within` for the payer. Returns the last state known.
pub async fn take_mobile_payment(
    terminal: &Terminal,
    order: OrderId,
    amount: Money,
    confirm_within: Duration,
    show: &mut (dyn FnMut(&str) + Send),
) -> MobilePaymentState {
    let request = MobilePaymentRequest { order, payment: PaymentId::new(), amount };
    let first = terminal.ask_mobile_payment(request, ASK_WITHIN).await;
    let state = match first {
        MobilePaymentState::Checkout { checkout_url } => {
            show(&format!("QR: {checkout_url}"));
            match terminal.mobile_outcome(request.payment, confirm_within).await {
                Some(outcome) => outcome,
                None => {
                    show(&format!("NOT CONFIRMED within {} s", confirm_within.as_secs()));
                    return MobilePaymentState::Checkout { checkout_url };
                }
            }
        }
        other => other,
    };
    match &state {
        MobilePaymentState::Paid => show("PAID"),
        MobilePaymentState::Failed => show("FAILED"),
        MobilePaymentState::Unavailable => {
            show("UNAVAILABLE: mobile payment cannot be taken now; choose another method")
        }
        MobilePaymentState::Checkout { .. } => {}
    }
    state
}
