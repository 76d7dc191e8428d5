//! Files with secrets, and the data directory that holds them.
//!
//! The data directory is the owner's alone (0700): sled's files, the admin
//! token, the cloud credential and the technician passphrase live there. A
//! secret file is written whole to a fresh temporary file that only the owner
//! can read from the moment it exists (`create_new`, mode 0600: no window in
//! which another user could open it), synced, then renamed over the old one.

use std::io::Write as _;
use std::path::Path;

/// Creates `dir` (and its parents) if needed and makes it the owner's alone.
///
/// # Errors
/// The I/O error when it cannot be created or its mode cannot be set.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt as _, PermissionsExt as _};
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
        // An existing directory keeps its mode through `create`: tighten it.
        let mode = std::fs::metadata(dir)?.permissions().mode() & 0o777;
        if mode != 0o700 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)
    }
}

/// Writes `bytes` to `path` atomically, readable and writable by the owner
/// only from the first byte on.
///
/// # Errors
/// The I/O error; `path` is then unchanged.
pub fn write_secret(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(".tmp");
    let tmp = path.with_file_name(name);
    // A temporary left by a crash mid-write is ours to replace.
    match std::fs::remove_file(&tmp) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        open.mode(0o600);
    }
    let written = open.open(&tmp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        // The rename is durable once the directory is.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// The 32 random bytes kept hex-encoded in `path`, made and written (as
/// [`write_secret`] does) when the file does not exist yet. A file that is
/// there but holds something else is an error, never silently replaced:
/// it may be an identity terminals already trust.
///
/// # Errors
/// The I/O error, or [`std::io::ErrorKind::InvalidData`] for a damaged file.
pub fn secret_seed(path: &Path) -> std::io::Result<[u8; 32]> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let bytes = hex::decode(text.trim()).ok().and_then(|b| <[u8; 32]>::try_from(b).ok());
            bytes.ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{} does not hold 32 hex-encoded bytes", path.display()),
                )
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut seed = [0u8; 32];
            getrandom::fill(&mut seed).map_err(|e| std::io::Error::other(e.to_string()))?;
            write_secret(path, hex::encode(seed).as_bytes())?;
            Ok(seed)
        }
        Err(e) => Err(e),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).map(|m| m.permissions().mode() & 0o777).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn secrets_are_the_owners_alone() -> std::io::Result<()> {
        let root = tempfile::tempdir()?;
        let dir = root.path().join("hub");
        std::fs::create_dir(&dir)?;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755))?;
        private_dir(&dir)?;
        assert_eq!(mode(&dir), 0o700, "an existing directory is tightened");
        private_dir(&root.path().join("a/b"))?;
        assert_eq!(mode(&root.path().join("a/b")), 0o700);

        let file = dir.join("admin.token");
        // A stale temporary from a crash, readable by everyone.
        std::fs::write(dir.join("admin.token.tmp"), "old")?;
        std::fs::set_permissions(dir.join("admin.token.tmp"), std::fs::Permissions::from_mode(0o644))?;
        write_secret(&file, b"first")?;
        assert_eq!(mode(&file), 0o600);
        write_secret(&file, b"second")?;
        assert_eq!(std::fs::read(&file)?, b"second");
        assert_eq!(mode(&file), 0o600);
        assert!(!dir.join("admin.token.tmp").exists());

        let seed_file = dir.join("hub-identity.key");
        let seed = secret_seed(&seed_file)?;
        assert_eq!(mode(&seed_file), 0o600);
        assert_eq!(secret_seed(&seed_file)?, seed, "made once, then read back");
        std::fs::write(&seed_file, "damaged")?;
        assert_eq!(secret_seed(&seed_file).map_err(|e| e.kind()), Err(std::io::ErrorKind::InvalidData));
        assert_eq!(std::fs::read(&seed_file)?, b"damaged", "a damaged identity is not replaced");
        Ok(())
    }
}
