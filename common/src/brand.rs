//! A brand: the product name, colour, logo and support line an admin gives the agent
//! page, the report, the console and the PDF, for the whole deployment (the brand
//! named [`DEFAULT_BRAND`]) or for the invites that name another one.
//!
//! The colour is the background of the page's buttons, under white text, and the
//! colour of its links on white: it must reach WCAG 2.x AA for normal text against
//! white ([`MIN_CONTRAST`]), or it is refused.

use serde::{Deserialize, Serialize};

use crate::validate::Invalid;

/// The brand every page wears when its invite names none.
pub const DEFAULT_BRAND: &str = "default";
/// Most brands a deployment keeps (the default one included).
pub const MAX_BRANDS: usize = 50;
/// Longest product name, in characters.
pub const MAX_NAME_CHARS: usize = 60;
/// Longest support line, in characters.
pub const MAX_SUPPORT_CHARS: usize = 200;
/// Largest logo file, in bytes.
pub const MAX_LOGO_BYTES: usize = 64 * 1024;
/// Contrast a brand colour needs against white: WCAG 2.x AA for normal-size text.
pub const MIN_CONTRAST: f64 = 4.5;

/// `GET /api/brand`, `GET /api/brands` and a session's brand: what a page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BrandView {
    /// The brand's id ([`DEFAULT_BRAND`] for the deployment's).
    pub id: String,
    /// The product name, in place of "CallReady".
    pub name: String,
    /// The primary colour, `#rrggbb` (lower case).
    pub colour: String,
    /// Who to call for help ("IT helpdesk: +33 1 23 45 67 89"), when given.
    #[serde(default)]
    pub support: Option<String>,
    /// Where the logo is served (`/brand/<id>/logo?v=…`), when there is one.
    #[serde(default)]
    pub logo_url: Option<String>,
}

/// `PUT /api/brands/<id>`: the brand's texts and colour (its logo has its own route,
/// `PUT /api/brands/<id>/logo`, with the file as the body).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrandSettings {
    /// The product name.
    pub name: String,
    /// The primary colour, `#rrggbb` or `#rgb`.
    pub colour: String,
    /// The support line.
    #[serde(default)]
    pub support: Option<String>,
}

impl BrandSettings {
    /// The settings trimmed and checked: name and support line without control
    /// characters and within their lengths, the colour readable under white text.
    pub fn validated(self) -> Result<BrandSettings, Invalid> {
        let name = self.name.trim().to_string();
        let name_chars = name.chars().count();
        if name.is_empty() || name_chars > MAX_NAME_CHARS || name.chars().any(char::is_control) {
            return Err(Invalid {
                field: "name".into(),
                reason: format!("1 to {MAX_NAME_CHARS} characters without control characters"),
            });
        }
        let colour = Colour::parse(&self.colour)
            .ok_or_else(|| Invalid { field: "colour".into(), reason: format!("#rrggbb, got {:?}", self.colour) })?;
        let ratio = colour.contrast_with(Colour::WHITE);
        if ratio < MIN_CONTRAST {
            return Err(Invalid {
                field: "colour".into(),
                reason: format!(
                    "white text on {colour} has a contrast of {ratio:.2}:1, under the {MIN_CONTRAST}:1 WCAG AA needs: \
                     choose a darker colour"
                ),
            });
        }
        let support = match self.support.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(line) if line.chars().count() > MAX_SUPPORT_CHARS || line.chars().any(char::is_control) => {
                return Err(Invalid {
                    field: "support".into(),
                    reason: format!("at most {MAX_SUPPORT_CHARS} characters on one line"),
                })
            }
            line => line.map(str::to_string),
        };
        Ok(BrandSettings { name, colour: colour.to_string(), support })
    }
}

/// A brand id: 1 to 40 of `a-z`, `0-9` and `-`, as invites and URLs name it.
pub fn brand_id(field: &str, raw: &str) -> Result<String, Invalid> {
    let id = raw.trim().to_ascii_lowercase();
    if id.is_empty() || id.len() > 40 || !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(Invalid { field: field.into(), reason: format!("1 to 40 of a-z, 0-9 and -, got {raw:?}") });
    }
    Ok(id)
}

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colour {
    /// Red, 0–255.
    pub r: u8,
    /// Green, 0–255.
    pub g: u8,
    /// Blue, 0–255.
    pub b: u8,
}

impl Colour {
    /// White, the page's background and the buttons' text.
    pub const WHITE: Colour = Colour { r: 255, g: 255, b: 255 };

    /// `#rrggbb` or `#rgb`, either case.
    pub fn parse(raw: &str) -> Option<Colour> {
        let hex = raw.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |s: &str| u8::from_str_radix(s, 16).ok();
        match hex.len() {
            6 => Some(Colour { r: channel(&hex[0..2])?, g: channel(&hex[2..4])?, b: channel(&hex[4..6])? }),
            3 => {
                let short = |i: usize| channel(&hex[i..=i]).map(|v| v * 17);
                Some(Colour { r: short(0)?, g: short(1)?, b: short(2)? })
            }
            _ => None,
        }
    }

    /// WCAG 2.x relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        let linear = |channel: u8| {
            let c = f64::from(channel) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b)
    }

    /// WCAG 2.x contrast ratio with `other`, 1 to 21.
    pub fn contrast_with(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

impl std::fmt::Display for Colour {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(colour: &str) -> BrandSettings {
        BrandSettings { name: " Acme Voice ".into(), colour: colour.into(), support: Some(" IT: 555 ".into()) }
    }

    #[test]
    fn contrast_matches_the_wcag_reference_values() {
        assert!((Colour::WHITE.contrast_with(Colour { r: 0, g: 0, b: 0 }) - 21.0).abs() < 1e-9);
        assert!((Colour::WHITE.contrast_with(Colour::WHITE) - 1.0).abs() < 1e-9);
        // #767676 is the lightest grey that passes AA on white (4.54:1); #777777 fails (4.48:1).
        let passing = Colour::parse("#767676").unwrap().contrast_with(Colour::WHITE);
        let failing = Colour::parse("#777").unwrap().contrast_with(Colour::WHITE);
        assert!((passing - 4.54).abs() < 0.01, "{passing}");
        assert!((failing - 4.48).abs() < 0.01, "{failing}");
        // The page's own blue.
        assert!(Colour::parse("#1f5eff").unwrap().contrast_with(Colour::WHITE) >= MIN_CONTRAST);
    }

    #[test]
    fn a_colour_white_text_cannot_be_read_on_is_refused_with_its_ratio() {
        let err = settings("#ffcc00").validated().unwrap_err();
        assert_eq!(err.field, "colour");
        assert!(err.reason.contains("1.51:1"), "{}", err.reason);
        assert!(settings("#777777").validated().is_err());
        let ok = settings("#0B57D0").validated().unwrap();
        assert_eq!(
            (ok.name.as_str(), ok.colour.as_str(), ok.support.as_deref()),
            ("Acme Voice", "#0b57d0", Some("IT: 555"))
        );
    }

    #[test]
    fn colours_parse_long_and_short_forms_only() {
        assert_eq!(Colour::parse("#abc"), Some(Colour { r: 0xaa, g: 0xbb, b: 0xcc }));
        assert_eq!(Colour::parse("#0B57D0").unwrap().to_string(), "#0b57d0");
        for bad in ["0b57d0", "#0b57d", "#0b57d0ff", "#ggg", "red", "#", "#+1+2+3"] {
            assert_eq!(Colour::parse(bad), None, "{bad}");
        }
    }

    /// The stylesheet's own colours, read from its `:root`: every pair the pages put
    /// text on reaches WCAG AA (4.5:1 for normal text).
    #[test]
    fn the_page_s_text_colours_reach_aa_on_their_backgrounds() {
        let css = include_str!("../../static/app.css");
        let root = &css[css.find(":root {").unwrap()..];
        let root = &root[..root.find('}').unwrap()];
        let colour = |name: &str| {
            let at = root.find(&format!("--{name}:")).unwrap_or_else(|| panic!("--{name} in :root"));
            let value = root[at..].split(':').nth(1).unwrap().split(';').next().unwrap();
            Colour::parse(value).unwrap_or_else(|| panic!("--{name}: {value}"))
        };
        let pairs = [
            ("ink", "bg"),
            ("ink", "card"),
            ("muted", "card"),
            ("muted", "bg"),
            ("muted", "unknown-bg"),
            ("pass", "pass-bg"),
            ("warn", "warn-bg"),
            ("fail", "fail-bg"),
            ("unknown", "unknown-bg"),
            ("ink", "pass-bg"),
            ("ink", "warn-bg"),
            ("ink", "fail-bg"),
            ("brand", "card"),
        ];
        for (text, background) in pairs {
            let ratio = colour(text).contrast_with(colour(background));
            assert!(ratio >= MIN_CONTRAST, "--{text} on --{background}: {ratio:.2}:1");
        }
        // White marks and button text on the status colours and the brand colour.
        for background in ["pass", "warn", "fail", "unknown", "brand"] {
            let ratio = Colour::WHITE.contrast_with(colour(background));
            assert!(ratio >= MIN_CONTRAST, "white on --{background}: {ratio:.2}:1");
        }
    }

    #[test]
    fn names_support_lines_and_ids_are_bounded() {
        let long = BrandSettings { name: "x".repeat(MAX_NAME_CHARS + 1), ..settings("#000000") };
        assert_eq!(long.validated().unwrap_err().field, "name");
        let blank = BrandSettings { name: "  ".into(), ..settings("#000000") };
        assert_eq!(blank.validated().unwrap_err().field, "name");
        let two_lines = BrandSettings { support: Some("a\nb".into()), ..settings("#000000") };
        assert_eq!(two_lines.validated().unwrap_err().field, "support");
        assert_eq!(brand_id("brand", " Acme-2 ").unwrap(), "acme-2");
        for bad in ["", "a b", "a/b", "é", &"a".repeat(41)] {
            assert!(brand_id("brand", bad).is_err(), "{bad}");
        }
    }
}
