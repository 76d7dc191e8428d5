//! The cloud service. It will aggregate every hub of every business and host
//! the owner portal, the cargo cabinet and billing. Only the crate exists so
//! far; the cloud foundation issue fills it in.
