//! Local payment providers that speak each provider's published protocol
//! to the byte (PROVIDERS.md), for development, tests and the demo:
//! `cloud provider-sim payme|click|multicard`. They play the provider's
//! side against the same settings the cloud uses (the shared keys and
//! secrets), so the cloud's code path is the one that talks to the real
//! provider in production.

pub mod click;
pub mod multicard;
pub mod payme;
pub mod payme_subscribe;
