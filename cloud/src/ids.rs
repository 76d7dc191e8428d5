//! Ids the cloud makes for its own rows, as types of their own, so a
//! business id cannot be passed where a branch id is expected (many calls
//! take both). They are UUIDv7 text in SQL and bind and read back as TEXT on
//! both databases.

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::{Any, Database, Decode, Encode, Type};

macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// A fresh id (UUIDv7: ordered by creation time).
            #[must_use]
            pub fn new() -> Self {
                Self(uuid::Uuid::now_v7().to_string())
            }

            /// An id as typed in a path or a form; `None` unless it is a
            /// UUID (the canonical lower-case form is kept).
            #[must_use]
            pub fn parse(text: &str) -> Option<Self> {
                uuid::Uuid::parse_str(text.trim()).ok().map(|u| Self(u.to_string()))
            }

            /// The text stored in SQL.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        /// Reads as its text wherever a `&str` is taken (SQL, pages); the
        /// other way round needs [`Self::parse`].
        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl Type<Any> for $name {
            fn type_info() -> <Any as Database>::TypeInfo {
                <String as Type<Any>>::type_info()
            }
        }

        impl Encode<'_, Any> for $name {
            fn encode_by_ref(&self, buf: &mut <Any as Database>::ArgumentBuffer) -> Result<IsNull, BoxDynError> {
                <String as Encode<'_, Any>>::encode_by_ref(&self.0, buf)
            }
        }

        impl<'r> Decode<'r, Any> for $name {
            fn decode(value: <Any as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
                <String as Decode<'r, Any>>::decode(value).map(Self)
            }
        }
    };
}

text_id!(
    /// A business (a tenant): an owner's shops, cafés or courier company.
    BusinessId
);
text_id!(
    /// One branch of a business: a shop, a café, a courier office.
    BranchId
);
text_id!(
    /// An invoice for a tariff and a period (billing).
    InvoiceId
);
text_id!(
    /// The payment that settled an invoice (its receipt's number).
    PaymentId
);
text_id!(
    /// A client of a courier company (cargo cabinet account).
    ClientId
);
text_id!(
    /// A client's contract with a courier company (an office it ships through).
    ContractId
);
text_id!(
    /// An entry of a cargo client's ledger.
    LedgerEntryId
);
text_id!(
    /// A shipment of a courier company.
    ShipmentId
);
text_id!(
    /// A cargo client's online payment of a shipment (Click's
    /// `merchant_trans_id`).
    CargoPayId
);
text_id!(
    /// An upload of shipments from a spreadsheet (a "folder").
    UploadId
);
text_id!(
    /// An appeal to a courier company.
    AppealId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_only_uuids_and_keep_the_canonical_form() {
        let id = BranchId::new();
        assert_eq!(BranchId::parse(id.as_str()), Some(id.clone()));
        assert_eq!(BranchId::parse(&id.as_str().to_uppercase()), Some(id.clone()), "canonical lower case");
        assert_eq!(BranchId::parse("not-an-id"), None);
        assert_eq!(BranchId::parse(""), None);
        assert_ne!(BusinessId::new().as_str(), BusinessId::new().as_str());
    }
}
