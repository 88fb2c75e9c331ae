//! Requirement profiles on disk: TOML files, validated with the line and field of
//! every error, built-in ones shipped inside the binary (`server/profiles/`), and the
//! operator's (`--profiles DIR`) added or replacing them by id. What the verdict and
//! the page use is [`callready_common::profile::Profile`].

use std::collections::BTreeMap;
use std::path::Path;

use callready_common::api::MAX_CALLS;
use callready_common::i18n::Lang;
use callready_common::profile::{
    url_origin, ChecklistItem, Domain, MediaPolicy, Profile, ProfileTexts, TcpPort, UdpRange, DEFAULT_PROFILE,
    MAX_DOMAINS, MAX_TCP_PORTS, MAX_UDP_RANGES,
};
use callready_common::thresholds::Thresholds;
use serde::Deserialize;
use toml::Spanned;

/// The built-in profiles: (file name, text).
const BUILT_IN: [(&str, &str); 7] = [
    ("default.toml", include_str!("../profiles/default.toml")),
    ("browser-softphone.toml", include_str!("../profiles/browser-softphone.toml")),
    ("uc-pbx.toml", include_str!("../profiles/uc-pbx.toml")),
    ("onprem-uc.toml", include_str!("../profiles/onprem-uc.toml")),
    ("onprem-uc-443.toml", include_str!("../profiles/onprem-uc-443.toml")),
    ("hosted-pbx.toml", include_str!("../profiles/hosted-pbx.toml")),
    ("crm-integration.toml", include_str!("../profiles/crm-integration.toml")),
];

/// One thing wrong in a profile file, where it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {field}{message}")]
pub struct ProfileError {
    pub file: String,
    pub line: usize,
    /// "`tcp_ports[1].port`: ", or empty when the file itself is malformed.
    pub field: String,
    pub message: String,
}

/// Every error of every file, one per line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct ProfileErrors(pub Vec<ProfileError>);

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Codec {
    G711,
    Opus,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    id: Spanned<String>,
    name: String,
    description: String,
    #[serde(default)]
    thresholds: ThresholdsFile,
    calls: Option<Spanned<i64>>,
    per_call_kbps: Option<Spanned<f64>>,
    codec: Option<Spanned<Codec>>,
    #[serde(default)]
    media: MediaPolicy,
    /// The path MTU the platform asks for (1500): a smaller path warns.
    mtu: Option<Spanned<i64>>,
    #[serde(default)]
    tcp_ports: Vec<TcpPortFile>,
    #[serde(default)]
    udp_ranges: Vec<UdpRangeFile>,
    #[serde(default)]
    domains: Vec<DomainFile>,
    #[serde(default)]
    checklist: Vec<ChecklistItem>,
    /// `[translations.fr]`: the texts in another language.
    #[serde(default)]
    translations: BTreeMap<String, Spanned<ProfileTexts>>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThresholdsFile {
    rtt_pass_ms: Option<Spanned<f64>>,
    rtt_fail_ms: Option<Spanned<f64>>,
    jitter_pass_ms: Option<Spanned<f64>>,
    loss_pass_pct: Option<Spanned<f64>>,
    loss_fail_pct: Option<Spanned<f64>>,
    mos_pass: Option<Spanned<f64>>,
    mos_fail: Option<Spanned<f64>>,
    loaded_increase_warn_ms: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TcpPortFile {
    port: Spanned<i64>,
    purpose: String,
    #[serde(default)]
    tls: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UdpRangeFile {
    from: Spanned<i64>,
    to: Spanned<i64>,
    purpose: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DomainFile {
    url: Spanned<String>,
    purpose: String,
}

/// Collects errors with the line each span starts on.
struct Errors<'a> {
    file: &'a str,
    text: &'a str,
    found: Vec<ProfileError>,
}

impl Errors<'_> {
    fn line_of(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())].matches('\n').count() + 1
    }

    fn add(&mut self, span: std::ops::Range<usize>, field: &str, message: impl Into<String>) {
        let line = self.line_of(span.start);
        let field = if field.is_empty() { String::new() } else { format!("{field}: ") };
        self.found.push(ProfileError { file: self.file.to_string(), line, field, message: message.into() });
    }

    /// Checks that `value`, if given, lies in `range`.
    fn within(&mut self, value: &Option<Spanned<f64>>, field: &str, range: std::ops::RangeInclusive<f64>) {
        if let Some(v) = value {
            if !v.get_ref().is_finite() || !range.contains(v.get_ref()) {
                let (low, high) = range.into_inner();
                self.add(v.span(), field, format!("{} is out of range ({low} to {high})", v.get_ref()));
            }
        }
    }
}

fn port(errors: &mut Errors<'_>, value: &Spanned<i64>, field: &str) -> u16 {
    match u16::try_from(*value.get_ref()) {
        Ok(port) if port > 0 => port,
        _ => {
            errors.add(value.span(), field, format!("port {} is not between 1 and 65535", value.get_ref()));
            0
        }
    }
}

fn url_is_plain(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit_once(':').map(|(h, p)| if p.parse::<u16>().is_ok() { h } else { host }).unwrap_or(host);
    !host.is_empty()
        && host.chars().all(|c| c.is_ascii_alphanumeric() || ".-".contains(c))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
        && url.len() <= 300
        && url_origin(url).is_some()
}

/// Parses and validates one profile file (`file` names it in errors), starting from
/// `base` thresholds.
pub fn parse(file: &str, text: &str, base: &Thresholds) -> Result<Profile, ProfileErrors> {
    let mut errors = Errors { file, text, found: Vec::new() };
    let parsed: ProfileFile = match toml::from_str(text) {
        Ok(parsed) => parsed,
        Err(err) => {
            errors.add(err.span().unwrap_or(0..0), "", err.message().to_string());
            return Err(ProfileErrors(errors.found));
        }
    };
    let id = parsed.id.get_ref();
    if id.is_empty() || id.len() > 40 || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        errors.add(parsed.id.span(), "id", "use 1 to 40 lower-case letters, digits and dashes");
    }
    let t = &parsed.thresholds;
    errors.within(&t.rtt_pass_ms, "thresholds.rtt_pass_ms", 1.0..=10_000.0);
    errors.within(&t.rtt_fail_ms, "thresholds.rtt_fail_ms", 1.0..=10_000.0);
    errors.within(&t.jitter_pass_ms, "thresholds.jitter_pass_ms", 1.0..=1_000.0);
    errors.within(&t.loss_pass_pct, "thresholds.loss_pass_pct", 0.0..=100.0);
    errors.within(&t.loss_fail_pct, "thresholds.loss_fail_pct", 0.0..=100.0);
    errors.within(&t.mos_pass, "thresholds.mos_pass", 1.0..=4.5);
    errors.within(&t.mos_fail, "thresholds.mos_fail", 1.0..=4.5);
    errors.within(&t.loaded_increase_warn_ms, "thresholds.loaded_increase_warn_ms", 1.0..=10_000.0);
    errors.within(&parsed.per_call_kbps, "per_call_kbps", 8.0..=10_000.0);
    let get = |v: &Option<Spanned<f64>>, default: f64| v.as_ref().map(|v| *v.get_ref()).unwrap_or(default);
    let thresholds = Thresholds {
        rtt_pass_ms: get(&t.rtt_pass_ms, base.rtt_pass_ms),
        rtt_fail_ms: get(&t.rtt_fail_ms, base.rtt_fail_ms),
        jitter_pass_ms: get(&t.jitter_pass_ms, base.jitter_pass_ms),
        loss_pass_pct: get(&t.loss_pass_pct, base.loss_pass_pct),
        loss_fail_pct: get(&t.loss_fail_pct, base.loss_fail_pct),
        mos_pass: get(&t.mos_pass, base.mos_pass),
        mos_fail: get(&t.mos_fail, base.mos_fail),
        loaded_increase_warn_ms: get(&t.loaded_increase_warn_ms, base.loaded_increase_warn_ms),
        per_call_kbps: match (&parsed.per_call_kbps, &parsed.codec) {
            (Some(kbps), _) => *kbps.get_ref(),
            (None, Some(codec)) => match codec.get_ref() {
                Codec::G711 => 100.0,
                Codec::Opus => 50.0,
            },
            (None, None) => base.per_call_kbps,
        },
        media: parsed.media,
        required_mtu: parsed.mtu.as_ref().and_then(|mtu| u32::try_from(*mtu.get_ref()).ok()),
        ..base.clone()
    };
    if let Some(mtu) = &parsed.mtu {
        if !(576..=9000).contains(mtu.get_ref()) {
            errors.add(mtu.span(), "mtu", format!("{} is not between 576 and 9000", mtu.get_ref()));
        }
    }
    if let (Some(_), Some(codec)) = (&parsed.per_call_kbps, &parsed.codec) {
        errors.add(codec.span(), "codec", "give codec or per_call_kbps, not both");
    }
    if thresholds.rtt_pass_ms > thresholds.rtt_fail_ms {
        errors.add(
            t.rtt_pass_ms.as_ref().map(Spanned::span).unwrap_or(0..0),
            "thresholds.rtt_pass_ms",
            "above rtt_fail_ms",
        );
    }
    if thresholds.loss_pass_pct > thresholds.loss_fail_pct {
        let span = t.loss_pass_pct.as_ref().map(Spanned::span).unwrap_or(0..0);
        errors.add(span, "thresholds.loss_pass_pct", "above loss_fail_pct");
    }
    if thresholds.mos_fail > thresholds.mos_pass {
        errors.add(t.mos_fail.as_ref().map(Spanned::span).unwrap_or(0..0), "thresholds.mos_fail", "above mos_pass");
    }
    let calls = parsed.calls.as_ref().and_then(|calls| match u32::try_from(*calls.get_ref()) {
        Ok(n) if (1..=MAX_CALLS).contains(&n) => Some(n),
        _ => {
            errors.add(calls.span(), "calls", format!("{} is not between 1 and {MAX_CALLS}", calls.get_ref()));
            None
        }
    });
    let tcp_ports = parsed
        .tcp_ports
        .iter()
        .enumerate()
        .map(|(i, p)| TcpPort {
            port: port(&mut errors, &p.port, &format!("tcp_ports[{i}].port")),
            purpose: p.purpose.clone(),
            tls: p.tls,
        })
        .collect();
    // Too many entries: the error points at the first one past the limit.
    let first_extra = [
        (
            "tcp_ports",
            parsed.tcp_ports.len(),
            MAX_TCP_PORTS,
            parsed.tcp_ports.get(MAX_TCP_PORTS).map(|p| p.port.span()),
        ),
        (
            "udp_ranges",
            parsed.udp_ranges.len(),
            MAX_UDP_RANGES,
            parsed.udp_ranges.get(MAX_UDP_RANGES).map(|r| r.from.span()),
        ),
        ("domains", parsed.domains.len(), MAX_DOMAINS, parsed.domains.get(MAX_DOMAINS).map(|d| d.url.span())),
    ];
    for (field, count, most, span) in first_extra {
        if let Some(span) = span {
            errors.add(span, &format!("{field}[{most}]"), format!("{count} entries; at most {most}"));
        }
    }
    let mut udp_ranges = Vec::new();
    for (i, r) in parsed.udp_ranges.iter().enumerate() {
        let from = port(&mut errors, &r.from, &format!("udp_ranges[{i}].from"));
        let to = port(&mut errors, &r.to, &format!("udp_ranges[{i}].to"));
        if from > 0 && to > 0 && from > to {
            errors.add(
                r.from.span(),
                &format!("udp_ranges[{i}]"),
                format!("empty range: from {from} is above to {to}"),
            );
        }
        udp_ranges.push(UdpRange { from, to, purpose: r.purpose.clone() });
    }
    let mut domains = Vec::new();
    for (i, d) in parsed.domains.iter().enumerate() {
        if !url_is_plain(d.url.get_ref()) {
            errors.add(
                d.url.span(),
                &format!("domains[{i}].url"),
                format!("{:?} is not an http(s) URL", d.url.get_ref()),
            );
        }
        domains.push(Domain { url: d.url.get_ref().clone(), purpose: d.purpose.clone() });
    }
    let mut translations = BTreeMap::new();
    for (code, texts) in parsed.translations {
        let span = texts.span();
        let field = format!("translations.{code}");
        if !Lang::ALL.iter().any(|lang| lang.code() == code) {
            let known: Vec<&str> = Lang::ALL.iter().map(|lang| lang.code()).collect();
            errors.add(span.clone(), &field, format!("not a language of the page ({})", known.join(", ")));
        }
        let texts = texts.into_inner();
        for (list, given, own) in [
            ("tcp_ports", texts.tcp_ports.len(), parsed.tcp_ports.len()),
            ("udp_ranges", texts.udp_ranges.len(), parsed.udp_ranges.len()),
            ("domains", texts.domains.len(), parsed.domains.len()),
            ("checklist", texts.checklist.len(), parsed.checklist.len()),
        ] {
            if given != 0 && given != own {
                errors.add(
                    span.clone(),
                    &format!("{field}.{list}"),
                    format!("{given} entries for the profile's {own}"),
                );
            }
        }
        translations.insert(code, texts);
    }
    if !errors.found.is_empty() {
        return Err(ProfileErrors(errors.found));
    }
    Ok(Profile {
        id: id.clone(),
        name: parsed.name,
        description: parsed.description,
        thresholds,
        calls,
        tcp_ports,
        udp_ranges,
        domains,
        checklist: parsed.checklist,
        translations,
    })
}

/// Every profile the server knows, by id.
#[derive(Clone, Debug)]
pub struct Profiles {
    by_id: BTreeMap<String, Profile>,
}

impl Profiles {
    /// The built-in profiles over `base` thresholds (the server's flags).
    pub fn built_in(base: &Thresholds) -> Profiles {
        let mut by_id = BTreeMap::new();
        for (file, text) in BUILT_IN {
            let profile = parse(file, text, base).expect("the built-in profiles are valid (tested)");
            by_id.insert(profile.id.clone(), profile);
        }
        Profiles { by_id }
    }

    /// The built-in profiles, then every `*.toml` file of `dir` added or replacing
    /// them by id. Every error of every file is returned at once.
    pub fn load(base: &Thresholds, dir: Option<&Path>) -> Result<Profiles, ProfileErrors> {
        let mut profiles = Profiles::built_in(base);
        let Some(dir) = dir else { return Ok(profiles) };
        let unreadable = |message: String| {
            ProfileErrors(vec![ProfileError {
                file: dir.display().to_string(),
                line: 0,
                field: String::new(),
                message,
            }])
        };
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| unreadable(format!("cannot read the profiles folder: {e}")))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        let mut errors = Vec::new();
        for path in files {
            let name = path.display().to_string();
            match std::fs::read_to_string(&path) {
                Ok(text) => match parse(&name, &text, base) {
                    Ok(profile) => {
                        profiles.by_id.insert(profile.id.clone(), profile);
                    }
                    Err(ProfileErrors(found)) => errors.extend(found),
                },
                Err(e) => {
                    errors.push(ProfileError { file: name, line: 0, field: String::new(), message: e.to_string() })
                }
            }
        }
        if errors.is_empty() {
            Ok(profiles)
        } else {
            Err(ProfileErrors(errors))
        }
    }

    pub fn get(&self, id: &str) -> Option<&Profile> {
        self.by_id.get(id)
    }

    /// The profile sessions without one use.
    pub fn default_profile(&self) -> &Profile {
        self.by_id.get(DEFAULT_PROFILE).expect("the default profile is built in")
    }

    /// Every profile, sorted by id.
    pub fn all(&self) -> impl Iterator<Item = &Profile> {
        self.by_id.values()
    }

    /// Every id, sorted.
    pub fn ids(&self) -> Vec<String> {
        self.by_id.keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors_of(text: &str) -> Vec<String> {
        match parse("p.toml", text, &Thresholds::default()) {
            Ok(profile) => panic!("{text} should be refused, got {profile:?}"),
            Err(ProfileErrors(found)) => found.iter().map(ToString::to_string).collect(),
        }
    }

    const HEAD: &str = "id = \"x\"\nname = \"X\"\ndescription = \"d\"\n";

    #[test]
    fn every_built_in_profile_is_valid_and_named_by_its_file() {
        let profiles = Profiles::built_in(&Thresholds::default());
        for (file, _) in BUILT_IN {
            assert!(profiles.get(file.trim_end_matches(".toml")).is_some(), "{file}");
        }
        let uc = profiles.get("uc-pbx").unwrap();
        assert_eq!(uc.thresholds.media, MediaPolicy::UdpRequired);
        assert_eq!(uc.thresholds.per_call_kbps, 100.0, "G.711");
        assert_eq!(uc.thresholds.required_mtu, Some(1500), "P8");
        assert_eq!(uc.udp_ranges, vec![UdpRange { from: 16384, to: 32768, purpose: "RTP media".into() }]);
        assert_eq!(profiles.get("crm-integration").unwrap().thresholds.per_call_kbps, 50.0, "Opus");
        assert_eq!(profiles.default_profile().thresholds, Thresholds::default());
        // Built-in profiles read in every language of the page.
        for (file, _) in BUILT_IN {
            let profile = profiles.get(file.trim_end_matches(".toml")).unwrap();
            for lang in [Lang::Fr, Lang::It, Lang::Ru] {
                let texts = profile.translations.get(lang.code()).unwrap_or_else(|| panic!("{file}: no {lang:?}"));
                assert!(texts.name.is_some() && texts.description.is_some(), "{file} {lang:?}");
                assert_eq!(texts.checklist.len(), profile.checklist.len(), "{file} {lang:?}");
                assert_eq!(texts.tcp_ports.len(), profile.tcp_ports.len(), "{file} {lang:?}");
                assert_eq!(texts.udp_ranges.len(), profile.udp_ranges.len(), "{file} {lang:?}");
                assert_eq!(texts.domains.len(), profile.domains.len(), "{file} {lang:?}");
            }
        }
    }

    /// A hand-made run on which every port and address of `profile` answers; with
    /// `udp` false, UDP is blocked and only TURN over TCP works.
    fn run_for(profile: &Profile, udp: bool) -> callready_common::probes::RunResults {
        use callready_common::probes::platform::*;
        let ice = |transport: &str, url: &str, works: bool| {
            let wanted = if transport == "stun_udp" { "srflx" } else { "relay" };
            let types = if works { vec!["host", wanted] } else { vec!["host"] };
            serde_json::json!({"transport": transport, "url": url, "candidate_types": types,
                "first_candidate_ms": 5.0, "gathering_ms": 40.0, "failure": null})
        };
        let mut run: callready_common::probes::RunResults = serde_json::from_value(serde_json::json!({
            "duration_ms": 20000.0,
            "browser": {"ua": {"family": "chrome", "major": 131, "os": "windows"}, "has_rtc_peer_connection": true,
                "has_get_user_media": true, "has_websocket": true, "device_memory_gb": 8.0, "hardware_concurrency": 8},
            "https": {"rtt_ms": vec![20.0; 10], "attempts": 10, "failure": null},
            "websocket": {"connect_ms": 30.0, "echo_rtt_ms": vec![20.0; 10], "failure": null,
                "sip": {"rtt_ms": 20.0, "status": 200, "failure": null}},
            "ice": [
                ice("stun_udp", "stun:pbx.example.com:3478", udp),
                ice("turn_udp", "turn:pbx.example.com:3478?transport=udp", udp),
                ice("turn_tcp", "turn:pbx.example.com:3478?transport=tcp", true)
            ]
        }))
        .unwrap();
        run.platform = Some(PlatformReport {
            tcp_host: "pbx.example.com".into(),
            udp_host: "pbx.example.com".into(),
            tcp: profile
                .tcp_ports
                .iter()
                .map(|p| TcpPortReport { port: p.port, tls: p.tls, outcome: PortOutcome::Open, ms: Some(20.0) })
                .collect(),
            udp: profile
                .udp_ranges
                .iter()
                .map(|r| {
                    let sampled = r.sample(callready_common::profile::UDP_SAMPLE_PORTS);
                    let reached = if udp { sampled.clone() } else { Vec::new() };
                    UdpRangeReport { from: r.from, to: r.to, sampled, reached, not_offered: vec![], failure: None }
                })
                .collect(),
            domains: profile
                .domains
                .iter()
                .map(|d| DomainReport { url: d.url.clone(), outcome: DomainOutcome::Reachable, ms: Some(30.0) })
                .collect(),
        });
        run
    }

    #[test]
    fn every_built_in_profile_judges_a_healthy_run_ready_and_udp_blocked_by_its_media_policy() {
        use callready_common::verdict::{evaluate, overall, Verdict};
        let profiles = Profiles::built_in(&Thresholds::default());
        for profile in profiles.all() {
            let judge = |udp| {
                let checks = evaluate(&run_for(profile, udp), &profile.thresholds, profile.calls_needed(None));
                assert!(!checks
                    .iter()
                    .any(|c| c.status == callready_common::verdict::Status::NotRun && c.blocked_by.is_none()));
                overall(&checks)
            };
            assert_eq!(judge(true), Verdict::Ready, "{}", profile.id);
            let expected = match profile.thresholds.media {
                MediaPolicy::UdpRequired | MediaPolicy::DirectOnly => Verdict::NotReady,
                MediaPolicy::UdpPreferred => Verdict::ReadyWithWarnings,
                MediaPolicy::RelayAcceptable => Verdict::Ready,
            };
            assert_eq!(judge(false), expected, "{} with UDP blocked", profile.id);
        }
    }

    #[test]
    fn translations_replace_the_texts_of_their_language_and_must_match_the_profile() {
        let text = format!(
            "{HEAD}[[tcp_ports]]\nport = 443\npurpose = \"signalling\"\n[[checklist]]\nitem = \"SIP ALG off\"\n\
             vendor_says = \"Turn SIP ALG off.\"\nwhy = \"It rewrites SIP.\"\n\
             [translations.fr]\nname = \"Profil\"\ntcp_ports = [\"signalisation\"]\n\
             checklist = [{{ item = \"SIP ALG désactivé\", vendor_says = \"Désactivez le SIP ALG.\", why = \"Il réécrit le SIP.\" }}]\n"
        );
        let profile = parse("p.toml", &text, &Thresholds::default()).unwrap();
        let french = profile.in_language(Lang::Fr);
        assert_eq!((french.name.as_str(), french.tcp_ports[0].purpose.as_str()), ("Profil", "signalisation"));
        assert_eq!(french.checklist[0].item, "SIP ALG désactivé");
        assert_eq!(french.description, profile.description, "left out: as written");
        assert_eq!(profile.in_language(Lang::Ru), profile, "no Russian: as written");

        let found = errors_of(&format!("{HEAD}[translations.de]\nname = \"Profil\"\n"));
        assert!(found[0].starts_with("p.toml:4: translations.de: not a language of the page"), "{found:?}");
        let found = errors_of(&format!("{HEAD}[translations.fr]\ntcp_ports = [\"a\", \"b\"]\n"));
        assert!(
            found[0].starts_with("p.toml:4: translations.fr.tcp_ports: 2 entries for the profile's 0"),
            "{found:?}"
        );
    }

    #[test]
    fn unknown_keys_and_bad_syntax_name_their_line() {
        let found = errors_of(&format!("{HEAD}colour = \"red\"\n"));
        assert!(found[0].starts_with("p.toml:4: unknown field `colour`"), "{found:?}");
        let found = errors_of(&format!("{HEAD}[thresholds]\nrtt_pass = 100\n"));
        assert!(found[0].starts_with("p.toml:5: unknown field `rtt_pass`"), "{found:?}");
        let found = errors_of("id = \"x\"\nname = \n");
        assert!(found[0].starts_with("p.toml:2:"), "{found:?}");
    }

    #[test]
    fn ports_ranges_urls_and_thresholds_are_checked_with_line_and_field() {
        let text = format!(
            "{HEAD}calls = 0\n[thresholds]\nmos_pass = 9\n[[tcp_ports]]\nport = 0\npurpose = \"a\"\n\
             [[tcp_ports]]\nport = 70000\npurpose = \"b\"\n[[udp_ranges]]\nfrom = 32768\nto = 16384\npurpose = \"c\"\n\
             [[domains]]\nurl = \"ftp://x\"\npurpose = \"d\"\n"
        );
        let found = errors_of(&text);
        let expect = [
            "p.toml:6: thresholds.mos_pass: 9 is out of range (1 to 4.5)",
            "p.toml:4: calls: 0 is not between 1 and 1000",
            "p.toml:8: tcp_ports[0].port: port 0 is not between 1 and 65535",
            "p.toml:11: tcp_ports[1].port: port 70000 is not between 1 and 65535",
            "p.toml:14: udp_ranges[0]: empty range: from 32768 is above to 16384",
            "p.toml:18: domains[0].url: \"ftp://x\" is not an http(s) URL",
        ];
        for line in expect {
            assert!(found.iter().any(|f| f == line), "missing {line:?} in {found:#?}");
        }
    }

    #[test]
    fn too_many_ports_ranges_or_addresses_name_the_first_one_too_many() {
        let mut text = HEAD.to_string();
        for port in 1..=33 {
            text.push_str(&format!("[[tcp_ports]]\nport = {}\npurpose = \"p\"\n", 7000 + port));
        }
        for n in 0..9 {
            text.push_str(&format!("[[udp_ranges]]\nfrom = {0}\nto = {0}\npurpose = \"m\"\n", 20000 + n));
        }
        for n in 0..17 {
            text.push_str(&format!("[[domains]]\nurl = \"https://d{n}.example.com/\"\npurpose = \"x\"\n"));
        }
        let found = errors_of(&text);
        let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
        assert_eq!(
            found,
            [
                format!("p.toml:{}: tcp_ports[32]: 33 entries; at most 32", line_of("port = 7033")),
                format!("p.toml:{}: udp_ranges[8]: 9 entries; at most 8", line_of("from = 20008")),
                format!("p.toml:{}: domains[16]: 17 entries; at most 16", line_of("d16.example.com")),
            ]
        );
    }

    #[test]
    fn a_valid_file_overlays_the_base_thresholds() {
        let text = format!(
            "{HEAD}codec = \"opus\"\nmedia = \"relay_acceptable\"\ncalls = 12\n[thresholds]\nrtt_pass_ms = 100\n"
        );
        let profile = parse("p.toml", &text, &Thresholds::default()).unwrap();
        assert_eq!(profile.thresholds.rtt_pass_ms, 100.0);
        assert_eq!(profile.thresholds.rtt_fail_ms, 300.0, "the rest comes from the base");
        assert_eq!(profile.thresholds.per_call_kbps, 50.0);
        assert_eq!(profile.thresholds.media, MediaPolicy::RelayAcceptable);
        assert_eq!(profile.calls_needed(None), 12);
        assert_eq!(profile.calls_needed(Some(3)), 3, "the session's own figure wins");
    }

    #[test]
    fn a_folder_adds_and_replaces_profiles_and_reports_every_bad_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("mine.toml"), "id = \"uc-pbx\"\nname = \"Ours\"\ndescription = \"d\"\n")
            .unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not a profile").unwrap();
        let profiles = Profiles::load(&Thresholds::default(), Some(dir.path())).unwrap();
        assert_eq!(profiles.get("uc-pbx").unwrap().name, "Ours");
        std::fs::write(dir.path().join("bad.toml"), "id = \"B A D\"\nname = \"n\"\ndescription = \"d\"\n").unwrap();
        let err = Profiles::load(&Thresholds::default(), Some(dir.path())).unwrap_err().to_string();
        assert!(err.contains("bad.toml:1: id: use 1 to 40 lower-case letters"), "{err}");
    }
}
