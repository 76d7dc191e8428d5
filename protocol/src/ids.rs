//! Identifiers. Every entity gets its id where it is born (on the terminal, or
//! in the cloud for things made there) as a UUIDv7, so ids sort by creation
//! time and two devices never need to agree on a counter.
//!
//! On the wire (postcard) an id is 16 raw bytes behind a length byte; in text
//! it is the usual hyphenated form.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A string was not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid id: {0:?}")]
pub struct IdError(pub String);

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh, time-ordered id (UUIDv7).
            #[must_use]
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// Wraps an existing UUID (read back from storage, for example).
            #[must_use]
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// Rebuilds an id from its 16 bytes.
            #[must_use]
            pub const fn from_bytes(bytes: [u8; 16]) -> Self {
                Self(Uuid::from_bytes(bytes))
            }

            /// The underlying UUID.
            #[must_use]
            pub const fn as_uuid(&self) -> &Uuid {
                &self.0
            }

            /// The 16 bytes of the id, big-endian as UUIDs are.
            #[must_use]
            pub const fn as_bytes(&self) -> &[u8; 16] {
                self.0.as_bytes()
            }

            /// An id derived from a name, always the same for the same name
            /// (UUIDv5). Used for fixed catalogs in simulators and demos.
            #[must_use]
            pub fn from_name(name: &str) -> Self {
                Self(Uuid::new_v5(&Uuid::NAMESPACE_OID, name.as_bytes()))
            }

            /// Parses the hyphenated or simple text form.
            ///
            /// # Errors
            /// [`IdError`] when the text is not a UUID.
            pub fn parse(text: &str) -> Result<Self, IdError> {
                Uuid::parse_str(text.trim()).map(Self).map_err(|_| IdError(text.to_owned()))
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0.hyphenated())
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
    };
}

id_type!(
    /// A POS terminal (device). Its text form is also its MQTT client id and username.
    TerminalId
);
id_type!(
    /// An order, made on the terminal that opened it.
    OrderId
);
id_type!(
    /// A payment transaction.
    PaymentId
);
id_type!(
    /// A product in the catalog.
    ProductId
);
id_type!(
    /// An employee of a business.
    EmployeeId
);
id_type!(
    /// A place or table in a branch.
    PlaceId
);
id_type!(
    /// An edge hub enrolled with the cloud (one per branch).
    HubId
);
id_type!(
    /// One scan of a parcel at a desk (made on the terminal).
    ScanId
);
id_type!(
    /// A shipment (made by the cloud for online ones, by the desk for walk-ins).
    ShipmentId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trip() {
        let id = OrderId::new();
        assert_eq!(OrderId::parse(&id.to_string()), Ok(id));
    }

    #[test]
    fn rejects_garbage() {
        assert!(TerminalId::parse("not-an-id").is_err());
        assert!(TerminalId::parse("").is_err());
    }

    #[test]
    fn v7_ids_sort_by_creation() {
        let a = OrderId::new();
        let b = OrderId::new();
        assert!(a < b);
    }

    #[test]
    fn named_ids_are_stable() {
        assert_eq!(ProductId::from_name("osh"), ProductId::from_name("osh"));
        assert_ne!(ProductId::from_name("osh"), ProductId::from_name("somsa"));
    }
}
