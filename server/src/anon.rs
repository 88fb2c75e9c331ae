//! Anonymisation at ingest: a client address is kept only as its network prefix
//! (IPv4 /24, IPv6 /48) and a keyed hash that tells support "same public address"
//! without revealing it. The key lives outside the database, so a leaked database
//! cannot be brute-forced back to addresses.

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
            let bytes = decode_hex(text.trim()).filter(|b| b.len() == KEY_BYTES).ok_or_else(|| {
                StartError::Config(format!("{} does not hold a {KEY_BYTES}-byte hex key", path.display()))
            })?;
            let mut key = [0u8; KEY_BYTES];
            key.copy_from_slice(&bytes);
            return Ok(Anonymiser::new(key));
        }
        let mut key = [0u8; KEY_BYTES];
        getrandom::fill(&mut key).map_err(|e| StartError::Random(e.to_string()))?;
        write_private(path, &encode_hex(&key))?;
        tracing::info!(path = %path.display(), "created a new anonymisation key");
        Ok(Anonymiser::new(key))
    }

    pub fn anonymise(&self, addr: IpAddr) -> AnonymisedAddr {
        let addr = match addr {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(IpAddr::V6(v6)),
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
        match addr {
            IpAddr::V4(v4) => mac.update(&v4.octets()),
            IpAddr::V6(v6) => mac.update(&v6.octets()),
        }
        let digest = mac.finalize().into_bytes();
        AnonymisedAddr { prefix, id: encode_hex(&digest[..8]) }
    }
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
        let a = anonymiser(1).anonymise("203.0.113.77".parse().unwrap());
        assert_eq!(a.prefix, "203.0.113.0/24");
        assert!(!a.id.contains("77"));
        assert_eq!(a.id.len(), 16);
    }

    #[test]
    fn ipv6_keeps_only_the_slash_48() {
        let a = anonymiser(1).anonymise("2001:db8:abcd:12:34::5".parse().unwrap());
        assert_eq!(a.prefix, "2001:db8:abcd::/48");
    }

    #[test]
    fn ipv4_mapped_ipv6_is_treated_as_ipv4() {
        let an = anonymiser(1);
        assert_eq!(an.anonymise("::ffff:198.51.100.9".parse().unwrap()), an.anonymise("198.51.100.9".parse().unwrap()));
    }

    #[test]
    fn same_address_same_id_other_address_other_id() {
        let an = anonymiser(1);
        let a = an.anonymise("198.51.100.9".parse().unwrap());
        let b = an.anonymise("198.51.100.10".parse().unwrap());
        assert_eq!(a.prefix, b.prefix);
        assert_ne!(a.id, b.id);
        assert_eq!(a, an.anonymise("198.51.100.9".parse().unwrap()));
    }

    #[test]
    fn id_depends_on_the_secret_key() {
        let addr = "198.51.100.9".parse().unwrap();
        assert_ne!(anonymiser(1).anonymise(addr).id, anonymiser(2).anonymise(addr).id);
    }

    #[test]
    fn key_file_is_created_once_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.secret");
        let addr = "198.51.100.9".parse().unwrap();
        let first = Anonymiser::load_or_create(&path).unwrap().anonymise(addr);
        let second = Anonymiser::load_or_create(&path).unwrap().anonymise(addr);
        assert_eq!(first, second);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn corrupt_key_file_is_an_error_not_a_new_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.secret");
        std::fs::write(&path, "not hex").unwrap();
        assert!(Anonymiser::load_or_create(&path).is_err());
    }
}
