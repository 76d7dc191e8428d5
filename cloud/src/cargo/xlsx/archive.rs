//! The zip container of an xlsx file, checked before any parser sees it.
//!
//! An xlsx file is a zip archive of XML parts; the parser (calamine) inflates
//! them, and keeps the shared strings in memory. A few kilobytes can inflate
//! to gigabytes (a zip bomb), and the sizes in the central directory are
//! whatever the sender wrote. So [`check`] reads the central directory
//! (entry count, declared sizes), then inflates every entry into a counter,
//! stopping at the cap: what the parser will inflate next is then known to
//! fit, whatever the headers claimed.

use std::io::{Cursor, Read};

use thiserror::Error;
use zip::ZipArchive;

/// What an archive may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArchiveLimits {
    /// Most entries (an xlsx of one data sheet has about a dozen).
    pub max_entries: usize,
    /// Most bytes all entries inflate to, together.
    pub max_uncompressed: u64,
    /// Most inflated bytes per compressed byte of an entry larger than
    /// [`ArchiveLimits::ratio_floor`] (sheet XML compresses 10 to 30 times;
    /// deflate's ceiling is about 1 030).
    pub max_ratio: u64,
    /// Entries inflating to at most this many bytes are exempt from the ratio.
    pub ratio_floor: u64,
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        ArchiveLimits {
            max_entries: 1_000,
            max_uncompressed: 64 * 1024 * 1024,
            max_ratio: 200,
            ratio_floor: 1024 * 1024,
        }
    }
}

/// Why an archive was refused.
#[derive(Debug, Error)]
pub enum ArchiveError {
    /// It does not start with a zip local header.
    #[error("not a zip archive (bad magic)")]
    BadMagic,
    /// The zip is unreadable (directory, compression method, encryption, CRC).
    #[error("unreadable zip: {0}")]
    Corrupt(String),
    /// More entries than allowed.
    #[error("{count} entries in the archive (at most {limit})")]
    TooManyEntries {
        /// Entries found.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// The entries inflate, or claim to, to more than allowed.
    #[error("the archive inflates to more than {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: u64,
    },
    /// An entry inflates more per compressed byte than allowed.
    #[error("entry {name:?} inflates {ratio} times (at most {limit})")]
    Ratio {
        /// The entry.
        name: String,
        /// Its ratio.
        ratio: u64,
        /// The limit.
        limit: u64,
    },
}

impl ArchiveError {
    /// Whether the archive looks like a zip bomb (as opposed to not a zip).
    #[must_use]
    pub fn is_bomb(&self) -> bool {
        matches!(self, ArchiveError::TooManyEntries { .. } | ArchiveError::TooLarge { .. } | ArchiveError::Ratio { .. })
    }
}

/// The local file header's signature, the first four bytes of any zip.
const ZIP_MAGIC: [u8; 4] = *b"PK\x03\x04";

/// Checks an archive against `limits`; returns the bytes its entries inflate to.
///
/// # Errors
/// [`ArchiveError`] saying what is wrong, the first thing found.
pub fn check(bytes: &[u8], limits: &ArchiveLimits) -> Result<u64, ArchiveError> {
    if !bytes.starts_with(&ZIP_MAGIC) {
        return Err(ArchiveError::BadMagic);
    }
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| ArchiveError::Corrupt(e.to_string()))?;
    if zip.len() > limits.max_entries {
        return Err(ArchiveError::TooManyEntries { count: zip.len(), limit: limits.max_entries });
    }
    // What the central directory claims, before inflating anything.
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| ArchiveError::Corrupt(e.to_string()))?;
        declared = declared.saturating_add(entry.size());
        if declared > limits.max_uncompressed {
            return Err(ArchiveError::TooLarge { limit: limits.max_uncompressed });
        }
    }
    // What the entries really inflate to: the headers may lie.
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| ArchiveError::Corrupt(e.to_string()))?;
        let compressed = entry.compressed_size().max(1);
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let mut inflated: u64 = 0;
        loop {
            let n = entry.read(&mut buf).map_err(|e| ArchiveError::Corrupt(e.to_string()))?;
            if n == 0 {
                break;
            }
            inflated = inflated.saturating_add(n as u64);
            if total.saturating_add(inflated) > limits.max_uncompressed {
                return Err(ArchiveError::TooLarge { limit: limits.max_uncompressed });
            }
            if inflated > limits.ratio_floor && inflated / compressed > limits.max_ratio {
                return Err(ArchiveError::Ratio { name, ratio: inflated / compressed, limit: limits.max_ratio });
            }
        }
        total = total.saturating_add(inflated);
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::cargo::xlsx::fixtures;

    #[test]
    fn refuses_what_is_not_a_zip() {
        let limits = ArchiveLimits::default();
        assert!(matches!(check(b"", &limits), Err(ArchiveError::BadMagic)));
        assert!(matches!(check(b"%PDF-1.7 hello", &limits), Err(ArchiveError::BadMagic)));
        // The magic, then garbage: no central directory.
        let mut fake = b"PK\x03\x04".to_vec();
        fake.extend_from_slice(&[0x55; 300]);
        assert!(matches!(check(&fake, &limits), Err(ArchiveError::Corrupt(_))));
    }

    #[test]
    fn counts_what_a_small_archive_inflates_to() {
        let bytes = fixtures::zip_of(&[("a.xml", vec![b'a'; 5000]), ("b.xml", b"hello".to_vec())]);
        assert_eq!(check(&bytes, &ArchiveLimits::default()).unwrap(), 5005);
    }

    #[test]
    fn refuses_a_zip_bomb_of_zeros() {
        // 120 MiB of zeros deflate to about 120 KB.
        let bytes = fixtures::zip_of_zeros("xl/sharedStrings.xml", 120 * 1024 * 1024);
        assert!(bytes.len() < 200 * 1024, "{}", bytes.len());
        let err = check(&bytes, &ArchiveLimits::default()).unwrap_err();
        assert!(matches!(err, ArchiveError::TooLarge { .. }), "{err}");
        assert!(err.is_bomb());
    }

    #[test]
    fn refuses_an_entry_that_inflates_too_much_even_under_the_total() {
        let bytes = fixtures::zip_of_zeros("xl/worksheets/sheet1.xml", 8 * 1024 * 1024);
        let err = check(&bytes, &ArchiveLimits::default()).unwrap_err();
        assert!(matches!(err, ArchiveError::Ratio { .. }), "{err}");
    }

    #[test]
    fn refuses_too_many_entries() {
        let entries: Vec<(String, Vec<u8>)> = (0..1_001).map(|i| (format!("e{i}.xml"), vec![b'x'])).collect();
        let entries: Vec<(&str, Vec<u8>)> = entries.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
        let bytes = fixtures::zip_of(&entries);
        let err = check(&bytes, &ArchiveLimits::default()).unwrap_err();
        assert!(matches!(err, ArchiveError::TooManyEntries { count: 1_001, limit: 1_000 }), "{err}");
    }

    #[test]
    fn refuses_an_archive_whose_directory_claims_too_much() {
        // A stored entry whose central directory record claims 4 GiB.
        let mut bytes = fixtures::zip_stored("a.xml", b"tiny");
        fixtures::patch_central_uncompressed_size(&mut bytes, u32::MAX);
        let err = check(&bytes, &ArchiveLimits::default()).unwrap_err();
        assert!(matches!(err, ArchiveError::TooLarge { .. }), "{err}");
    }
}
