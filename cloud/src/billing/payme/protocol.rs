//! Payme's protocol values: transaction states, the stored transaction, and
//! the published error codes with their texts in Russian, Uzbek and English.

use super::*;

/// A Payme transaction's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// 1: created, waiting for PerformTransaction.
    Created,
    /// 2: performed, the invoice paid.
    Performed,
    /// -1: cancelled before it was performed.
    Cancelled,
    /// -2: cancelled after it was performed (never made here: see the
    /// module's doc on refunds; kept for the protocol's completeness).
    CancelledAfterPerform,
}

impl State {
    /// Payme's number for it.
    #[must_use]
    pub const fn code(self) -> i64 {
        match self {
            State::Created => 1,
            State::Performed => 2,
            State::Cancelled => -1,
            State::CancelledAfterPerform => -2,
        }
    }

    /// A state from Payme's number.
    #[must_use]
    pub fn from_code(code: i64) -> Option<State> {
        [State::Created, State::Performed, State::Cancelled, State::CancelledAfterPerform]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// Payme's cancel reasons (PROVIDERS.md).
pub const REASONS: [i64; 6] = [1, 2, 3, 4, 5, 10];

/// Reason 4: the transaction timed out.
pub const REASON_TIMEOUT: i64 = 4;

/// A Payme transaction as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    /// Payme's id (24 hex digits in practice).
    pub id: String,
    /// Our id for it (`transaction` in the answers).
    pub transaction: String,
    /// The invoice it pays.
    pub invoice_id: InvoiceId,
    /// Payme's `time` (UTC ms): the timeout and GetStatement count from it.
    pub time: i64,
    /// Tiyin.
    pub amount: i64,
    /// Where it is.
    pub state: State,
    /// When we created it; 0 never.
    pub create_time: i64,
    /// When it was performed; 0 when not.
    pub perform_time: i64,
    /// When it was cancelled; 0 when not.
    pub cancel_time: i64,
    /// Payme's cancel reason, when cancelled.
    pub reason: Option<i64>,
}

/// Every error we answer Payme with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RpcError {
    /// -32400: our fault (storage); Payme retries.
    System,
    /// -32300: not a POST.
    NotPost,
    /// -32504: wrong or missing credentials.
    Auth,
    /// -32700: the body is not JSON.
    Parse,
    /// -32600: not a JSON-RPC request, or parameters missing or mistyped.
    InvalidRequest,
    /// -32601: no such method.
    Method,
    /// -31001: the amount is not the invoice's.
    Amount,
    /// -31003: no such transaction.
    TransactionNotFound,
    /// -31007: a performed transaction cannot be cancelled here.
    CannotCancel,
    /// -31008: the operation cannot be done in this state.
    CannotPerform,
    /// -31050: no such invoice.
    NoInvoice,
    /// -31051: the invoice is already paid.
    InvoicePaid,
    /// -31052: the invoice was withdrawn.
    InvoiceCancelled,
}

impl RpcError {
    /// Payme's code.
    #[must_use]
    pub const fn code(self) -> i64 {
        match self {
            RpcError::System => -32400,
            RpcError::NotPost => -32300,
            RpcError::Auth => -32504,
            RpcError::Parse => -32700,
            RpcError::InvalidRequest => -32600,
            RpcError::Method => -32601,
            RpcError::Amount => -31001,
            RpcError::TransactionNotFound => -31003,
            RpcError::CannotCancel => -31007,
            RpcError::CannotPerform => -31008,
            RpcError::NoInvoice => -31050,
            RpcError::InvoicePaid => -31051,
            RpcError::InvoiceCancelled => -31052,
        }
    }

    /// The text Payme may show the payer: (ru, uz, en).
    #[must_use]
    pub const fn message(self) -> (&'static str, &'static str, &'static str) {
        match self {
            RpcError::System => ("Системная ошибка", "Tizim xatosi", "System error"),
            RpcError::NotPost => ("Метод запроса не POST", "So'rov usuli POST emas", "The request method is not POST"),
            RpcError::Auth => ("Недостаточно привилегий", "Ruxsat yetarli emas", "Insufficient privileges"),
            RpcError::Parse => ("Ошибка разбора JSON", "JSON tahlil xatosi", "JSON parse error"),
            RpcError::InvalidRequest => ("Неверный RPC-запрос", "Noto'g'ri RPC so'rovi", "Invalid RPC request"),
            RpcError::Method => ("Метод не найден", "Usul topilmadi", "Method not found"),
            RpcError::Amount => ("Неверная сумма", "Noto'g'ri summa", "Incorrect amount"),
            RpcError::TransactionNotFound => {
                ("Транзакция не найдена", "Tranzaksiya topilmadi", "Transaction not found")
            }
            RpcError::CannotCancel => (
                "Невозможно отменить транзакцию: услуга предоставлена",
                "Tranzaksiyani bekor qilib bo'lmaydi: xizmat ko'rsatilgan",
                "The transaction cannot be cancelled: the service was delivered",
            ),
            RpcError::CannotPerform => {
                ("Невозможно выполнить операцию", "Amalni bajarib bo'lmaydi", "The operation cannot be performed")
            }
            RpcError::NoInvoice => ("Счёт не найден", "Hisob topilmadi", "Invoice not found"),
            RpcError::InvoicePaid => ("Счёт уже оплачен", "Hisob allaqachon to'langan", "The invoice is already paid"),
            RpcError::InvoiceCancelled => ("Счёт отменён", "Hisob bekor qilingan", "The invoice was cancelled"),
        }
    }

    /// Whether `data` names the account field.
    pub(super) const fn about_account(self) -> bool {
        matches!(self, RpcError::NoInvoice | RpcError::InvoicePaid | RpcError::InvoiceCancelled)
    }
}

impl From<DbError> for RpcError {
    fn from(e: DbError) -> Self {
        tracing::error!(error = %e, "payme: storage failed");
        RpcError::System
    }
}
