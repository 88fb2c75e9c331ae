//! Anonymisation at ingest: a client address is kept only as its network prefix
//! (IPv4 /24, IPv6 /48; a 6to4 address as the /24 of the IPv4 address it carries)
//! and a keyed hash that tells support "same public address" within one session
//! without revealing it, and without linking one person's runs across sessions (the
//! hash is keyed by the session too). The key lives outside the database, by
//! default not even in its directory, so a leaked database or its backup cannot be
//! brute-forced back to addresses; a key file others may read is refused.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::Path;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::StartError;

const KEY_BYTES: usize = 32;

#[derive(Clone)]
pub struct Anonymiser {
    key: [u8; KEY_BYTES],
}

/// An address reduced to what may be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnonymisedAddr {
    pub prefix: String,
    pub id: String,
}

impl Anonymiser {
    pub fn new(key: [u8; KEY_BYTES]) -> Self {
        Anonymiser { key }
    }

    /// Loads the key from `path`, creating it with fresh random bytes when missing.
    pub fn load_or_create(path: &Path) -> Result<Self, StartError> {
        if let Ok(text) = std::fs::read_to_string(path) {
            refuse_if_shared(path)?;
            let bytes = decode_hex(text.trim()).filter(|b| b.len() == KEY_BYTES).ok_or_else(|| {
                StartError::Config(format!("{} does not hold a {KEY_BYTES}-byte hex key", path.display()))
            })?;
            let mut key = [0u8; KEY_BYTES];
            key.copy_from_slice(&bytes);
            return Ok(Anonymiser::new(key));
        }
        let mut key = [0u8; KEY_BYTES];
        getrandom::fill(&mut key).map_err(|e| StartError::Random(e.to_string()))?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let failed = |source| StartError::File { path: dir.display().to_string(), source };
            std::fs::create_dir_all(dir).map_err(failed)?;
        }
        match write_private(path, &encode_hex(&key)) {
            // Another process started at the same moment made it first: use theirs.
            Err(StartError::File { source, .. }) if source.kind() == std::io::ErrorKind::AlreadyExists => {
                return Anonymiser::load_or_create(path);
            }
            other => other?,
        }
        tracing::info!(path = %path.display(), "created a new anonymisation key");
        Ok(Anonymiser::new(key))
    }

    /// `addr` as it may be stored: its prefix, and its id within `scope` (the
    /// session, or the probe token before a run is saved): the same address has
    /// another id in another scope.
    pub fn anonymise(&self, addr: IpAddr, scope: &str) -> AnonymisedAddr {
        let addr = match addr {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().or_else(|| six_to_four(v6)).map(IpAddr::V4).unwrap_or(IpAddr::V6(v6)),
            v4 => v4,
        };
        let prefix = match addr {
            IpAddr::V4(v4) => {
                let [a, b, c, _] = v4.octets();
                format!("{}/24", Ipv4Addr::new(a, b, c, 0))
            }
            IpAddr::V6(v6) => {
                let s = v6.segments();
                format!("{}/48", Ipv6Addr::new(s[0], s[1], s[2], 0, 0, 0, 0, 0))
            }
        };
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key).expect("HMAC takes any key length");
        // Length-prefixed, so no scope and address can pass for another pair.
        mac.update(&(scope.len() as u64).to_be_bytes());
        mac.update(scope.as_bytes());
        match addr {
            IpAddr::V4(v4) => mac.update(&v4.octets()),
            IpAddr::V6(v6) => mac.update(&v6.octets()),
        }
        let digest = mac.finalize().into_bytes();
        AnonymisedAddr { prefix, id: encode_hex(&digest[..8]) }
    }
}

/// The IPv4 address a 6to4 address (2002::/16) carries in its bits 16 to 48: its
/// /48 would hold the whole IPv4 address.
fn six_to_four(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = v6.segments();
    (s[0] == 0x2002).then(|| Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8))
}

/// A key file that anyone but its owner may read or write is refused: whoever
/// reads it can turn stored ids back into addresses.
fn refuse_if_shared(path: &Path) -> Result<(), StartError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let failed = |source| StartError::File { path: path.display().to_string(), source };
        let mode = std::fs::metadata(path).map_err(failed)?.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(StartError::Config(format!(
                "{} may be read by others (mode {mode:03o}): run `chmod 600 {}`",
                path.display(),
                path.display()
            )));
        }
    }
    Ok(())
}

fn write_private(path: &Path, contents: &str) -> Result<(), StartError> {
    use std::io::Write;
    let failed = |source| StartError::File { path: path.display().to_string(), source };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(failed)?;
    file.write_all(contents.as_bytes()).map_err(failed)?;
    file.sync_all().map_err(failed)?;
    Ok(())
}

pub fn encode_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anonymiser(seed: u8) -> Anonymiser {
        Anonymiser::new([seed; KEY_BYTES])
    }

    #[test]
    fn ipv4_keeps_only_the_slash_24() {
        let a = anonymiser(1).anonymise("203.0.113.77".parse().unwrap(), "S");
        assert_eq!(a.prefix, "203.0.113.0/24");
        assert!(!a.id.contains("77"));
        assert_eq!(a.id.len(), 16);
    }

    #[test]
    fn ipv6_keeps_only_the_slash_48() {
        let a = anonymiser(1).anonymise("2001:db8:abcd:12:34::5".parse().unwrap(), "S");
        assert_eq!(a.prefix, "2001:db8:abcd::/48");
    }

    #[test]
    fn ipv4_mapped_ipv6_is_treated_as_ipv4() {
        let an = anonymiser(1);
        assert_eq!(
            an.anonymise("::ffff:198.51.100.9".parse().unwrap(), "S"),
            an.anonymise("198.51.100.9".parse().unwrap(), "S")
        );
    }

    #[test]
    fn same_address_same_id_other_address_other_id() {
        let an = anonymiser(1);
        let a = an.anonymise("198.51.100.9".parse().unwrap(), "S");
        let b = an.anonymise("198.51.100.10".parse().unwrap(), "S");
        assert_eq!(a.prefix, b.prefix);
        assert_ne!(a.id, b.id);
        assert_eq!(a, an.anonymise("198.51.100.9".parse().unwrap(), "S"));
    }

    #[test]
    fn id_depends_on_the_secret_key() {
        let addr = "198.51.100.9".parse().unwrap();
        assert_ne!(anonymiser(1).anonymise(addr, "S").id, anonymiser(2).anonymise(addr, "S").id);
    }

    #[test]
    fn key_file_is_created_once_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.secret");
        let addr = "198.51.100.9".parse().unwrap();
        let first = Anonymiser::load_or_create(&path).unwrap().anonymise(addr, "S");
        let second = Anonymiser::load_or_create(&path).unwrap().anonymise(addr, "S");
        assert_eq!(first, second);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_6to4_address_keeps_only_the_slash_24_of_its_ipv4_address() {
        let an = anonymiser(1);
        // 2002:cb00:714d::/48 is 203.0.113.77 written in hex.
        let a = an.anonymise("2002:cb00:714d:1::5".parse().unwrap(), "S");
        assert_eq!(a.prefix, "203.0.113.0/24");
        assert_eq!(a, an.anonymise("203.0.113.77".parse().unwrap(), "S"));
    }

    #[test]
    fn one_address_has_another_id_in_another_session() {
        let an = anonymiser(1);
        let addr = "198.51.100.9".parse().unwrap();
        assert_ne!(an.anonymise(addr, "K7P-4MX").id, an.anonymise(addr, "Q2W-8ZT").id);
        assert_eq!(an.anonymise(addr, "K7P-4MX").prefix, an.anonymise(addr, "Q2W-8ZT").prefix);
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_others_may_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.secret");
        Anonymiser::load_or_create(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let refused = Anonymiser::load_or_create(&path).err().expect("a readable key is refused");
        assert!(refused.to_string().contains("chmod 600"), "{refused}");
    }

    #[test]
    fn corrupt_key_file_is_an_error_not_a_new_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.secret");
        std::fs::write(&path, "not hex").unwrap();
        assert!(Anonymiser::load_or_create(&path).is_err());
    }
}
