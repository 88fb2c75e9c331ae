//! Session codes: 60 random bits written as 12 Crockford base32 characters in three
//! dash-separated groups (`7KQ2-M9XD-4TPA`), easy to read out over the phone.
//!
//! Parsing is forgiving the way Crockford intended: any case, dashes and spaces
//! optional, `I`/`L` read as `1` and `O` as `0`. The random bits come from the
//! caller (the server uses the OS CSPRNG), which keeps this module pure.

use std::fmt;
use std::str::FromStr;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Number of base32 symbols in a code.
pub const SYMBOLS: usize = 12;
/// Entropy carried by a code.
pub const BITS: u32 = 60;
const GROUP: usize = 4;

/// A valid session code, stored in canonical form (12 upper-case symbols, no dashes).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SessionCode(String);

/// Why a string is not a session code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Not [`SYMBOLS`] symbols once dashes and spaces are dropped; carries the count.
    #[error("a session code has {SYMBOLS} letters or digits, this one has {0}")]
    WrongLength(usize),
    /// A character that is not a Crockford base32 symbol (nor `I`, `L` or `O`).
    #[error("'{0}' cannot appear in a session code")]
    BadCharacter(char),
}

impl SessionCode {
    /// Builds a code from random bytes; only the low 60 bits are used.
    pub fn from_random(random: [u8; 8]) -> Self {
        let bits = u64::from_le_bytes(random) & ((1u64 << BITS) - 1);
        let canonical = (0..SYMBOLS).rev().map(|i| ALPHABET[((bits >> (5 * i)) & 31) as usize] as char).collect();
        SessionCode(canonical)
    }

    /// The canonical form: 12 symbols without dashes (what storage keys on).
    pub fn canonical(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SessionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, chunk) in self.0.as_bytes().chunks(GROUP).enumerate() {
            if i > 0 {
                f.write_str("-")?;
            }
            f.write_str(std::str::from_utf8(chunk).map_err(|_| fmt::Error)?)?;
        }
        Ok(())
    }
}

fn decode_symbol(c: char) -> Option<char> {
    let upper = c.to_ascii_uppercase();
    let mapped = match upper {
        'I' | 'L' => '1',
        'O' => '0',
        other => other,
    };
    ALPHABET.contains(&(mapped as u8)).then_some(mapped).filter(|c| c.is_ascii())
}

impl FromStr for SessionCode {
    type Err = CodeError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let mut canonical = String::with_capacity(SYMBOLS);
        for c in input.trim().chars().filter(|c| *c != '-' && *c != ' ') {
            canonical.push(decode_symbol(c).ok_or(CodeError::BadCharacter(c))?);
        }
        if canonical.len() != SYMBOLS {
            return Err(CodeError::WrongLength(canonical.chars().count()));
        }
        Ok(SessionCode(canonical))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_three_dashed_groups_of_four() {
        let code = SessionCode::from_random([0xff; 8]);
        let shown = code.to_string();
        assert_eq!(shown.len(), 14);
        assert_eq!(shown, "ZZZZ-ZZZZ-ZZZZ");
        assert_eq!(SessionCode::from_random([0; 8]).to_string(), "0000-0000-0000");
    }

    #[test]
    fn code_keeps_exactly_sixty_random_bits() {
        let mut one = [0u8; 8];
        one[0] = 1;
        assert_eq!(SessionCode::from_random(one).canonical(), "000000000001");
        let mut top = [0u8; 8];
        top[7] = 0xf0; // bits 60..64 are dropped
        assert_eq!(SessionCode::from_random(top).canonical(), "000000000000");
        top[7] = 0x08; // bit 59 is the top bit of the first symbol
        assert_eq!(SessionCode::from_random(top).canonical(), "G00000000000");
    }

    #[test]
    fn parse_accepts_any_case_with_or_without_dashes() {
        let code: SessionCode = "7KQ2-M9XD-4TPA".parse().unwrap();
        assert_eq!(code.canonical(), "7KQ2M9XD4TPA");
        assert_eq!("7kq2m9xd4tpa".parse::<SessionCode>().unwrap(), code);
        assert_eq!(" 7kq2 m9xd-4tpa ".parse::<SessionCode>().unwrap(), code);
    }

    #[test]
    fn parse_reads_ambiguous_letters_like_crockford() {
        let code: SessionCode = "oooo-iiii-llll".parse().unwrap();
        assert_eq!(code.canonical(), "000011111111");
    }

    #[test]
    fn parse_rejects_wrong_length_and_foreign_characters() {
        assert_eq!("7KQ2-M9XD".parse::<SessionCode>(), Err(CodeError::WrongLength(8)));
        assert_eq!("7KQ2-M9XD-4TPU".parse::<SessionCode>(), Err(CodeError::BadCharacter('U')));
        assert_eq!("7KQ2-M9XD-4TP\u{e9}".parse::<SessionCode>(), Err(CodeError::BadCharacter('\u{e9}')));
        assert!("".parse::<SessionCode>().is_err());
    }

    #[test]
    fn display_then_parse_round_trips() {
        for seed in 0u64..200 {
            let code = SessionCode::from_random(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).to_le_bytes());
            assert_eq!(code.to_string().parse::<SessionCode>().unwrap(), code);
        }
    }
}
