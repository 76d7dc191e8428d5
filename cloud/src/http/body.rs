//! Request bodies that cannot hold a connection for ever: a body that
//! pauses longer than [`HttpLimits::body_idle_timeout_s`] between two
//! pieces, or is not whole within [`HttpLimits::body_timeout_s`], ends in an
//! error, so whatever reads it (a form, a sync batch, an upload) gives up
//! and the connection closes. Slow clients drip-feeding bytes are cut off.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use hyper::body::{Body as HttpBody, Frame, SizeHint};
use tokio::time::{Instant, Sleep};

use super::AppState;
use super::serve::HttpLimits;

/// Why a body was cut off.
#[derive(Debug, thiserror::Error)]
pub enum BodyTimeout {
    /// No piece of the body arrived for too long.
    #[error("the request body paused too long")]
    Idle,
    /// The body did not arrive whole in time.
    #[error("the request body took too long")]
    Total,
}

/// A body with an idle and a total deadline.
pub struct DeadlineBody {
    inner: Body,
    idle: Duration,
    idle_timer: Pin<Box<Sleep>>,
    total_timer: Pin<Box<Sleep>>,
}

impl DeadlineBody {
    /// `inner` with these limits, counted from now.
    #[must_use]
    pub fn new(inner: Body, limits: &HttpLimits) -> Self {
        let idle = Duration::from_secs(limits.body_idle_timeout_s.max(1));
        Self::with_deadlines(inner, idle, Duration::from_secs(limits.body_timeout_s.max(1)))
    }

    /// `inner` with an `idle` and a `total` deadline, counted from now.
    #[must_use]
    pub fn with_deadlines(inner: Body, idle: Duration, total: Duration) -> Self {
        let now = Instant::now();
        Self {
            inner,
            idle,
            idle_timer: Box::pin(tokio::time::sleep_until(now + idle)),
            total_timer: Box::pin(tokio::time::sleep_until(now + total)),
        }
    }
}

impl HttpBody for DeadlineBody {
    type Data = axum::body::Bytes;
    type Error = axum::BoxError;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(frame) => {
                let idle = this.idle;
                this.idle_timer.as_mut().reset(Instant::now() + idle);
                Poll::Ready(frame.map(|f| f.map_err(Into::into)))
            }
            Poll::Pending => {
                if this.total_timer.as_mut().poll(cx).is_ready() {
                    return Poll::Ready(Some(Err(BodyTimeout::Total.into())));
                }
                if this.idle_timer.as_mut().poll(cx).is_ready() {
                    return Poll::Ready(Some(Err(BodyTimeout::Idle.into())));
                }
                Poll::Pending
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// The layer: every request body gets the deadlines of the settings.
pub async fn deadlines(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limits = state.settings.http;
    next.run(req.map(|b| Body::new(DeadlineBody::new(b, &limits)))).await
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test: a failure here is a failed test
mod tests {
    use super::*;

    type Piece = Result<Frame<axum::body::Bytes>, std::io::Error>;

    /// A body fed by a channel, as a client sends it.
    struct Fed(tokio::sync::mpsc::Receiver<Piece>);

    impl HttpBody for Fed {
        type Data = axum::body::Bytes;
        type Error = std::io::Error;

        fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Piece>> {
            self.get_mut().0.poll_recv(cx)
        }
    }

    /// Deadlines in milliseconds, on the real clock: the tests only ask
    /// whether a deadline passed, never how precisely.
    fn fed(idle_ms: u64, total_ms: u64) -> (tokio::sync::mpsc::Sender<Piece>, DeadlineBody) {
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        let (idle, total) = (Duration::from_millis(idle_ms), Duration::from_millis(total_ms));
        (tx, DeadlineBody::with_deadlines(Body::new(Fed(rx)), idle, total))
    }

    #[tokio::test]
    async fn the_settings_are_whole_seconds_at_least_one() {
        let limits = HttpLimits { body_idle_timeout_s: 0, body_timeout_s: 7, ..HttpLimits::default() };
        assert_eq!(DeadlineBody::new(Body::empty(), &limits).idle, Duration::from_secs(1));
    }

    async fn next(body: &mut DeadlineBody) -> Option<Result<Frame<axum::body::Bytes>, axum::BoxError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *body).poll_frame(cx)).await
    }

    #[tokio::test]
    async fn a_paused_body_is_cut_off() {
        let (tx, mut slow) = fed(200, 60_000);
        tx.send(Ok(Frame::data("a".into()))).await.unwrap();
        assert!(next(&mut slow).await.is_some_and(|f| f.is_ok()));
        // Nothing more for longer than the idle limit.
        let cut = next(&mut slow).await;
        assert!(matches!(cut, Some(Err(e)) if e.to_string().contains("paused")));
        drop(tx);
    }

    #[tokio::test]
    async fn a_dripping_body_meets_the_total_deadline() {
        // A piece every 20 ms never pauses a whole second, but 400 ms end it.
        let (tx, mut slow) = fed(1_000, 400);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(20)).await;
                if tx.send(Ok(Frame::data("x".into()))).await.is_err() {
                    break;
                }
            }
        });
        let mut pieces = 0;
        loop {
            match next(&mut slow).await {
                Some(Ok(_)) => pieces += 1,
                Some(Err(e)) => {
                    assert!(e.to_string().contains("too long"), "{e}");
                    break;
                }
                None => panic!("the body never ends"),
            }
        }
        assert!(pieces >= 1, "{pieces} pieces before the deadline");
    }

    #[tokio::test]
    async fn a_prompt_body_passes_whole() {
        let (tx, mut body) = fed(2_000, 5_000);
        for piece in ["a", "b", "c"] {
            tx.send(Ok(Frame::data(piece.into()))).await.unwrap();
        }
        drop(tx);
        let mut got = Vec::new();
        while let Some(frame) = next(&mut body).await {
            got.extend_from_slice(&frame.unwrap().into_data().unwrap());
        }
        assert_eq!(got, b"abc");
    }
}
