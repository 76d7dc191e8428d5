//! End-to-end tests of the edge hub, its terminals and its sync to the
//! cloud: real hub processes, the real embedded broker over TCP, simulated
//! terminals and raw MQTT clients. One test binary per area, so the code
//! they share is compiled and linked once; each module is one former file
//! (`cargo test --test hub sync::` runs one).

mod bad_input;
mod config_down;
mod crash;
mod forgery;
mod gate;
mod pairing;
mod revocation;
mod roles_history;
mod sync;
mod sync_poison;
mod tls;
