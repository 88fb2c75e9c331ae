//! Range checks for what a browser sends. Serde already rejects unknown fields and
//! wrong types; this rejects values no real measurement can produce, so a stored
//! run is always something the report can show.

use crate::api::{
    CreateSessionRequest, RunSubmission, LANGUAGES, MAX_CALLS, MAX_EMBED_ORIGINS, MAX_FIELDS, MAX_LABEL_CHARS,
};
use crate::code::SessionCode;
use crate::probes::bandwidth::TransferReport;
use crate::probes::ice::IceUrl;
use crate::probes::platform::PlatformReport;
use crate::probes::RunResults;
use crate::profile::{url_origin, MAX_DOMAINS, MAX_TCP_PORTS, MAX_UDP_RANGES, UDP_SAMPLE_PORTS};

/// Longest time any single figure may claim (two minutes).
const MAX_MS: f64 = 120_000.0;
/// Most samples per series; the page sends 10 to 20.
const MAX_SAMPLES: usize = 200;

/// A refused value: which field, and why. Displays as `field: reason`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct Invalid {
    /// Dotted path of the field, e.g. `results.https.rtt_ms`.
    pub field: String,
    /// Why it is refused, in words.
    pub reason: String,
}

fn invalid(field: &str, reason: impl Into<String>) -> Invalid {
    Invalid { field: field.to_string(), reason: reason.into() }
}

fn millis(field: &str, value: f64) -> Result<(), Invalid> {
    if !value.is_finite() {
        return Err(invalid(field, "must be a finite number"));
    }
    if !(0.0..=MAX_MS).contains(&value) {
        return Err(invalid(field, format!("must be between 0 and {MAX_MS} ms, got {value}")));
    }
    Ok(())
}

fn series(field: &str, values: &[f64]) -> Result<(), Invalid> {
    if values.len() > MAX_SAMPLES {
        return Err(invalid(field, format!("at most {MAX_SAMPLES} samples")));
    }
    values.iter().try_for_each(|v| millis(field, *v))
}

/// A label trimmed and checked, `None` when empty.
pub fn label(raw: Option<&str>) -> Result<Option<String>, Invalid> {
    text("label", raw)
}

/// Free text trimmed and checked (at most [`MAX_LABEL_CHARS`], no control
/// characters), `None` when empty.
fn text(field: &str, raw: Option<&str>) -> Result<Option<String>, Invalid> {
    let Some(trimmed) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let chars = trimmed.chars().count();
    if chars > MAX_LABEL_CHARS {
        return Err(invalid(field, format!("at most {MAX_LABEL_CHARS} characters, got {chars}")));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(invalid(field, "must not contain control characters"));
    }
    Ok(Some(trimmed.to_string()))
}

/// `30d`, `12h` or `90m` in milliseconds: 1 minute to 366 days.
pub fn duration_ms(field: &str, raw: &str) -> Result<i64, Invalid> {
    let refused = || invalid(field, format!("a duration such as 30d, 12h or 90m (1 minute to 366 days), got {raw:?}"));
    let raw = raw.trim();
    // The unit is the last character, which may take more than one byte.
    let split = raw.char_indices().last().map(|(i, _)| i).ok_or_else(refused)?;
    let (number, unit) = raw.split_at(split);
    let number: i64 = number.parse().map_err(|_| refused())?;
    let unit_ms = match unit {
        "d" => 86_400_000,
        "h" => 3_600_000,
        "m" => 60_000,
        _ => return Err(refused()),
    };
    let ms = number.checked_mul(unit_ms).ok_or_else(refused)?;
    if !(60_000..=366 * 86_400_000).contains(&ms) {
        return Err(refused());
    }
    Ok(ms)
}

/// A web origin, `https://host[:port]` (or `http://`), lower-cased and without a
/// trailing `/`: what a page that frames CallReady is served from.
pub fn origin(field: &str, raw: &str) -> Result<String, Invalid> {
    let refused = || invalid(field, format!("an origin such as https://desk.example.com[:port], got {raw:?}"));
    let lower = raw.trim().trim_end_matches('/').to_ascii_lowercase();
    let (scheme, authority) = lower.split_once("://").ok_or_else(refused)?;
    if !matches!(scheme, "http" | "https") || authority.is_empty() || lower.len() > 200 {
        return Err(refused());
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (address, rest) = v6.split_once(']').ok_or_else(refused)?;
            address.parse::<std::net::Ipv6Addr>().map_err(|_| refused())?;
            (address, rest.strip_prefix(':'))
        }
        None => match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    let host_ok = authority.starts_with('[')
        || (!host.is_empty()
            && host.split('.').all(|label| {
                !label.is_empty() && label.len() <= 63 && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            }));
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|p| p > 0) && !p.starts_with('0'));
    if !host_ok || !port_ok {
        return Err(refused());
    }
    Ok(lower)
}

/// A region's name (`eu-west`, `us`): 1 to 40 lowercase letters, digits and dashes.
pub fn region_name(field: &str, raw: &str) -> Result<String, Invalid> {
    let name = raw.trim().to_ascii_lowercase();
    let plain = !name.is_empty() && name.len() <= 40 && !name.starts_with('-');
    if plain && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        Ok(name)
    } else {
        Err(invalid(field, "a region name: 1 to 40 letters, digits and dashes"))
    }
}

impl CreateSessionRequest {
    /// The request with its label normalised, or why it is refused.
    pub fn validated(&self) -> Result<CreateSessionRequest, Invalid> {
        if let Some(calls) = self.calls {
            if !(1..=MAX_CALLS).contains(&calls) {
                return Err(invalid("calls", format!("must be between 1 and {MAX_CALLS}, got {calls}")));
            }
        }
        let profile = match self.profile.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(id) if id.len() <= 40 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') => {
                Some(id.to_ascii_lowercase())
            }
            Some(_) => return Err(invalid("profile", "a profile id: letters, digits and dashes")),
        };
        if let Some(expires_in) = &self.expires_in {
            duration_ms("expires_in", expires_in)?;
        }
        if let Some(max_runs) = self.max_runs {
            if !(1..=500).contains(&max_runs) {
                return Err(invalid("max_runs", format!("must be between 1 and 500, got {max_runs}")));
            }
        }
        let language = match self.language.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(l) if LANGUAGES.contains(&l.to_ascii_lowercase().as_str()) => Some(l.to_ascii_lowercase()),
            Some(_) => return Err(invalid("language", format!("one of {}", LANGUAGES.join(", ")))),
        };
        if self.fields.len() > MAX_FIELDS {
            return Err(invalid("fields", format!("at most {MAX_FIELDS} custom fields, got {}", self.fields.len())));
        }
        let mut fields = std::collections::BTreeMap::new();
        for (key, value) in &self.fields {
            let plain = !key.is_empty() && key.len() <= 40;
            if !plain || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                return Err(invalid("fields", "keys have 1 to 40 letters, digits, - or _"));
            }
            if let Some(value) = text(&format!("fields.{key}"), Some(value))? {
                fields.insert(key.clone(), value);
            }
        }
        if self.embed_origins.len() > MAX_EMBED_ORIGINS {
            return Err(invalid("embed_origins", format!("at most {MAX_EMBED_ORIGINS} origins")));
        }
        let mut embed_origins = Vec::new();
        for raw in &self.embed_origins {
            let origin = origin("embed_origins", raw)?;
            if !embed_origins.contains(&origin) {
                embed_origins.push(origin);
            }
        }
        Ok(CreateSessionRequest {
            label: label(self.label.as_deref())?,
            calls: self.calls,
            profile,
            site: text("site", self.site.as_deref())?,
            agent: text("agent", self.agent.as_deref())?,
            language,
            expires_in: self.expires_in.as_ref().map(|e| e.trim().to_string()),
            max_runs: self.max_runs,
            fields,
            embed_origins,
            brand: self.brand.as_deref().map(|raw| crate::brand::brand_id("brand", raw)).transpose()?,
            region: match self.region.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(raw) => Some(region_name("region", raw)?),
            },
        })
    }
}

impl RunSubmission {
    /// The probe token, when it is one the server could have issued (32 hex digits).
    pub fn probe_token(&self) -> Option<&str> {
        self.probe_token.as_deref().filter(|t| crate::api::is_probe_token(t))
    }

    /// Checks the run id (8 to 64 letters, digits or dashes), then the results.
    pub fn validate(&self) -> Result<(), Invalid> {
        let id = &self.client_run_id;
        if !(8..=64).contains(&id.len()) || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(invalid("client_run_id", "8 to 64 letters, digits or dashes"));
        }
        self.results.validate()
    }
}

impl RunResults {
    /// Checks that every figure is one a real measurement can give: finite times up to
    /// two minutes, bounded series, counts and rates, plain host names and ICE URLs.
    pub fn validate(&self) -> Result<(), Invalid> {
        millis("results.duration_ms", self.duration_ms)?;
        if self.hidden_during.len() > 32 {
            return Err(invalid("results.hidden_during", "at most 32 checks"));
        }
        if let Some(host) = &self.server_host {
            let plain = host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
            if host.is_empty() || host.len() > 255 || !plain {
                return Err(invalid("results.server_host", "a host name or address with its port"));
            }
        }
        let browser = &self.browser;
        if browser.ua.major.is_some_and(|m| m > 10_000) {
            return Err(invalid("results.browser.ua.major", "implausible version"));
        }
        if let Some(memory) = browser.device_memory_gb {
            if !memory.is_finite() || !(0.0..=1024.0).contains(&memory) {
                return Err(invalid("results.browser.device_memory_gb", "must be between 0 and 1024"));
            }
        }
        if browser.hardware_concurrency.is_some_and(|c| c > 4096) {
            return Err(invalid("results.browser.hardware_concurrency", "at most 4096"));
        }
        let https = &self.https;
        series("results.https.rtt_ms", &https.rtt_ms)?;
        if https.attempts as usize > MAX_SAMPLES || (https.attempts as usize) < https.rtt_ms.len() {
            return Err(invalid("results.https.attempts", "must be at least the number of samples"));
        }
        let ws = &self.websocket;
        if let Some(connect) = ws.connect_ms {
            millis("results.websocket.connect_ms", connect)?;
        }
        series("results.websocket.echo_rtt_ms", &ws.echo_rtt_ms)?;
        if let Some(rtt) = ws.sip.rtt_ms {
            millis("results.websocket.sip.rtt_ms", rtt)?;
        }
        if ws.sip.status.is_some_and(|s| !(100..700).contains(&s)) {
            return Err(invalid("results.websocket.sip.status", "not a SIP status code"));
        }
        if self.ice.len() > 8 {
            return Err(invalid("results.ice", "at most 8 ICE probes"));
        }
        if let Some(media) = &self.media {
            if let Some(connect) = media.connect_ms {
                millis("results.media.connect_ms", connect)?;
            }
            if !(1..=crate::probes::media::MAX_SIMULATED_CALLS).contains(&media.calls) {
                return Err(invalid(
                    "results.media.calls",
                    format!("must be between 1 and {}", crate::probes::media::MAX_SIMULATED_CALLS),
                ));
            }
            if let Some(path) = &media.path {
                millis("results.media.path.connect_ms", path.connect_ms)?;
            }
            if let Some(audio) = &media.audio {
                for value in [audio.rtt_ms, audio.jitter_out_ms, audio.jitter_back_ms].into_iter().flatten() {
                    millis("results.media.audio", value)?;
                }
                let counts = [audio.packets_sent, audio.packets_received].into_iter().flatten();
                let lost = [audio.lost_out, audio.lost_back].into_iter().flatten();
                if counts.chain(lost.map(|l| l.unsigned_abs())).any(|n| n > 1_000_000) {
                    return Err(invalid("results.media.audio", "implausible packet count"));
                }
            }
            if media.rtt_series.len() > 1000 {
                return Err(invalid("results.media.rtt_series", "at most 1000 points"));
            }
            for [t, rtt] in &media.rtt_series {
                millis("results.media.rtt_series", *t * 1000.0)?;
                millis("results.media.rtt_series", *rtt)?;
            }
            if let Some(stream) = &media.stream {
                if stream.received > stream.sent || stream.sent > 100_000 {
                    return Err(invalid("results.media.stream", "received more than sent"));
                }
                if !stream.loss_pct.is_finite() || !(0.0..=100.0).contains(&stream.loss_pct) {
                    return Err(invalid("results.media.stream", "loss must be 0 to 100 %"));
                }
                // A burst is made of lost packets: no longer than all of them.
                if stream.longest_loss_burst > stream.sent - stream.received {
                    return Err(invalid("results.media.stream.longest_loss_burst", "longer than the packets lost"));
                }
                if stream.clock_jumps > stream.received {
                    return Err(invalid("results.media.stream.clock_jumps", "more than the packets received"));
                }
                // Jitter is a mean of absolute differences: negative or absurd values
                // would give MOS NaN or a better MOS than a clean stream.
                if let Some(jitter) = stream.jitter_ms {
                    millis("results.media.stream.jitter_ms", jitter)?;
                }
                if let Some(rtt) = &stream.rtt {
                    let ordered = [rtt.min_ms, rtt.median_ms, rtt.p95_ms, rtt.max_ms];
                    for v in ordered {
                        millis("results.media.stream.rtt", v)?;
                    }
                    if ordered.windows(2).any(|pair| pair[0] > pair[1]) {
                        return Err(invalid("results.media.stream.rtt", "min ≤ median ≤ p95 ≤ max"));
                    }
                }
            }
        }
        for probe in &self.ice {
            for value in [probe.first_candidate_ms, probe.gathering_ms].into_iter().flatten() {
                millis("results.ice.gathering_ms", value)?;
            }
            if let Some(pair) = &probe.connected {
                millis("results.ice.connected.connect_ms", pair.connect_ms)?;
            }
            if probe.candidate_types.len() > 4 {
                return Err(invalid("results.ice.candidate_types", "at most 4 types"));
            }
            if let Some(url) = &probe.url {
                let parsed = IceUrl::parse(url).filter(|u| u.transport == probe.transport);
                if url.len() > 300 || parsed.is_none() {
                    return Err(invalid("results.ice.url", "a stun:, turn: or turns: URL of the probe's transport"));
                }
            }
        }
        if let Some(bandwidth) = &self.bandwidth {
            if let Some(idle) = bandwidth.idle_rtt_ms {
                millis("results.bandwidth.idle_rtt_ms", idle)?;
            }
            transfer("results.bandwidth.down", &bandwidth.down)?;
            transfer("results.bandwidth.up", &bandwidth.up)?;
        }
        if let Some(platform) = &self.platform {
            platform_report(platform)?;
        }
        if let Some(public) = &self.public {
            let long = |s: &String| s.is_empty() || s.len() > 40;
            if public.seen.len() > 32 || public.seen.iter().any(|s| long(&s.via) || long(&s.address)) {
                return Err(invalid("results.public", "at most 32 paths with short names"));
            }
            if public.distinct as usize > public.seen.len() {
                return Err(invalid("results.public.distinct", "no more addresses than paths"));
            }
        }
        if let Some(path) = &self.path {
            if path.mss.is_some_and(|m| !(64..=65535).contains(&m)) {
                return Err(invalid("results.path.mss", "a TCP segment size, 64 to 65535"));
            }
            if let Some(proxy) = &path.proxy {
                let product_ok = proxy.product.as_ref().is_none_or(|p| p.chars().count() <= 60);
                if !product_ok || proxy.headers.len() > 8 || proxy.headers.iter().any(|h| h.len() > 40) {
                    return Err(invalid("results.path.proxy", "a product of at most 60 characters and 8 header names"));
                }
            }
        }
        Ok(())
    }
}

fn platform_report(p: &PlatformReport) -> Result<(), Invalid> {
    for (field, host) in [("results.platform.tcp_host", &p.tcp_host), ("results.platform.udp_host", &p.udp_host)] {
        let plain = host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
        if host.len() > 255 || !plain {
            return Err(invalid(field, "a host name or address"));
        }
    }
    if p.tcp.len() > MAX_TCP_PORTS {
        return Err(invalid("results.platform.tcp", format!("at most {MAX_TCP_PORTS} ports")));
    }
    for port in &p.tcp {
        if let Some(t) = port.ms {
            millis("results.platform.tcp.ms", t)?;
        }
    }
    if p.udp.len() > MAX_UDP_RANGES {
        return Err(invalid("results.platform.udp", format!("at most {MAX_UDP_RANGES} ranges")));
    }
    for range in &p.udp {
        let lists = [&range.sampled, &range.reached, &range.not_offered];
        if range.from > range.to || lists.iter().any(|l| l.len() > UDP_SAMPLE_PORTS) {
            return Err(invalid("results.platform.udp", format!("a range and at most {UDP_SAMPLE_PORTS} ports")));
        }
        let inside = |port: &u16| (range.from..=range.to).contains(port);
        if !lists.iter().all(|l| l.iter().all(inside)) || !range.reached.iter().all(|p| range.sampled.contains(p)) {
            return Err(invalid("results.platform.udp", "sampled ports lie in the range; reached ones were sampled"));
        }
    }
    if p.domains.len() > MAX_DOMAINS {
        return Err(invalid("results.platform.domains", format!("at most {MAX_DOMAINS} addresses")));
    }
    for domain in &p.domains {
        if domain.url.len() > 300 || url_origin(&domain.url).is_none() {
            return Err(invalid("results.platform.domains.url", "an http(s) URL"));
        }
        if let Some(t) = domain.ms {
            millis("results.platform.domains.ms", t)?;
        }
    }
    Ok(())
}

/// Fastest link a run may claim: 100 Gbit/s.
const MAX_KBPS: f64 = 100_000_000.0;

fn rate(field: &str, kbps: f64) -> Result<(), Invalid> {
    if !kbps.is_finite() || !(0.0..=MAX_KBPS).contains(&kbps) {
        return Err(invalid(field, format!("must be between 0 and {MAX_KBPS} kbit/s")));
    }
    Ok(())
}

fn transfer(field: &str, t: &TransferReport) -> Result<(), Invalid> {
    if let Some(kbps) = t.kbps {
        rate(&format!("{field}.kbps"), kbps)?;
    }
    millis(&format!("{field}.seconds"), t.seconds * 1000.0)?;
    // No more bytes than the fastest link a run may claim carries in the transfer's time.
    let most = MAX_KBPS * 1000.0 / 8.0 * t.seconds.max(1.0);
    if t.bytes as f64 > most {
        return Err(invalid(&format!("{field}.bytes"), "more than the transfer's time can carry"));
    }
    if t.streams > 32 {
        return Err(invalid(&format!("{field}.streams"), "at most 32 streams"));
    }
    if t.samples_kbps.len() > 120 {
        return Err(invalid(&format!("{field}.samples_kbps"), "at most 120 samples"));
    }
    t.samples_kbps.iter().try_for_each(|v| rate(&format!("{field}.samples_kbps"), *v))?;
    series(&format!("{field}.loaded_rtt_ms"), &t.loaded_rtt_ms)
}

/// Parses a session code from a URL path segment.
pub fn session_code(raw: &str) -> Result<SessionCode, Invalid> {
    raw.parse().map_err(|e: crate::code::CodeError| invalid("code", e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::fixtures::healthy_run;

    fn submission() -> RunSubmission {
        RunSubmission { client_run_id: "run-0123456789abcdef".into(), results: healthy_run(), probe_token: None }
    }

    #[test]
    fn healthy_submission_is_valid() {
        assert_eq!(submission().validate(), Ok(()));
    }

    #[test]
    fn non_finite_and_negative_figures_are_refused() {
        let mut s = submission();
        s.results.https.rtt_ms[3] = f64::NAN;
        assert_eq!(s.validate().unwrap_err().field, "results.https.rtt_ms");
        let mut s = submission();
        s.results.websocket.connect_ms = Some(-1.0);
        assert_eq!(s.validate().unwrap_err().field, "results.websocket.connect_ms");
        let mut s = submission();
        s.results.duration_ms = f64::INFINITY;
        assert_eq!(s.validate().unwrap_err().field, "results.duration_ms");
    }

    #[test]
    fn impossible_stream_figures_are_refused() {
        let with_stream = |change: &dyn Fn(&mut crate::probes::media::StreamReport)| {
            let mut s = submission();
            s.results.media = Some(crate::verdict::fixtures::media(2.0, 40.0, 3.0));
            let stream = s.results.media.as_mut().and_then(|m| m.stream.as_mut()).expect("the fixture has a stream");
            change(stream);
            s.validate().map_err(|e| e.field)
        };
        assert_eq!(with_stream(&|_| ()), Ok(()));
        let field = |f: &str| Err(f.to_string());
        assert_eq!(with_stream(&|s| s.jitter_ms = Some(-40.0)), field("results.media.stream.jitter_ms"));
        assert_eq!(with_stream(&|s| s.jitter_ms = Some(1e12)), field("results.media.stream.jitter_ms"));
        assert_eq!(with_stream(&|s| s.jitter_ms = Some(f64::NAN)), field("results.media.stream.jitter_ms"));
        assert_eq!(
            with_stream(&|s| s.longest_loss_burst = s.sent - s.received + 1),
            field("results.media.stream.longest_loss_burst")
        );
        assert_eq!(with_stream(&|s| s.clock_jumps = s.received + 1), field("results.media.stream.clock_jumps"));
        assert_eq!(
            with_stream(&|s| if let Some(rtt) = &mut s.rtt {
                rtt.min_ms = rtt.max_ms + 1.0;
            }),
            field("results.media.stream.rtt")
        );
    }

    #[test]
    fn a_transfer_claims_no_more_bytes_than_its_time_carries() {
        let mut s = submission();
        s.results = crate::verdict::fixtures::with_bandwidth(Some(20_000.0), Some(5_000.0), 20.0, 30.0);
        assert_eq!(s.validate(), Ok(()));
        let down = &mut s.results.bandwidth.as_mut().expect("the fixture measures bandwidth").down;
        down.bytes = u64::MAX;
        assert_eq!(s.validate().unwrap_err().field, "results.bandwidth.down.bytes");
    }

    #[test]
    fn a_platform_report_keeps_to_its_profile_s_bounds() {
        use crate::probes::platform::{DomainOutcome, DomainReport, UdpRangeReport};
        let ok = PlatformReport {
            tcp_host: "pbx.example.com".into(),
            udp_host: "pbx.example.com".into(),
            udp: vec![UdpRangeReport {
                from: 16384,
                to: 32768,
                sampled: vec![16384, 32768],
                reached: vec![16384],
                not_offered: vec![],
                failure: None,
            }],
            domains: vec![DomainReport {
                url: "https://lic.example.com/".into(),
                outcome: DomainOutcome::Reachable,
                ms: Some(3.0),
            }],
            ..PlatformReport::default()
        };
        let with = |change: fn(&mut PlatformReport)| {
            let mut s = submission();
            let mut p = ok.clone();
            change(&mut p);
            s.results.platform = Some(p);
            s.validate().map_err(|e| e.field)
        };
        assert_eq!(with(|_| {}), Ok(()));
        assert_eq!(with(|p| p.udp[0].reached.push(40000)), Err("results.platform.udp".into()));
        assert_eq!(with(|p| p.udp[0].sampled = (16384..16484).collect()), Err("results.platform.udp".into()));
        assert_eq!(
            with(|p| p.domains[0].url = "javascript:alert(1)".into()),
            Err("results.platform.domains.url".into())
        );
        assert_eq!(with(|p| p.tcp_host = "a b".into()), Err("results.platform.tcp_host".into()));
        assert_eq!(with(|p| p.domains = vec![p.domains[0].clone(); 17]), Err("results.platform.domains".into()));
        assert_eq!(with(|p| p.udp = vec![p.udp[0].clone(); 9]), Err("results.platform.udp".into()));
        assert_eq!(
            with(|p| {
                let port = crate::probes::platform::TcpPortReport {
                    port: 7443,
                    tls: true,
                    outcome: crate::probes::platform::PortOutcome::Open,
                    ms: Some(3.0),
                };
                p.tcp = vec![port; 33]
            }),
            Err("results.platform.tcp".into())
        );
    }

    #[test]
    fn more_samples_than_attempts_is_refused() {
        let mut s = submission();
        s.results.https.attempts = 3;
        assert_eq!(s.validate().unwrap_err().field, "results.https.attempts");
    }

    #[test]
    fn client_run_id_must_be_a_plain_token() {
        let mut s = submission();
        s.client_run_id = "short".into();
        assert!(s.validate().is_err());
        s.client_run_id = "has spaces in it!".into();
        assert!(s.validate().is_err());
    }

    #[test]
    fn label_is_trimmed_and_limited_to_120_characters() {
        assert_eq!(label(Some("  ACME – Lyon site ")), Ok(Some("ACME – Lyon site".into())));
        assert_eq!(label(Some("   ")), Ok(None));
        assert_eq!(label(None), Ok(None));
        assert!(label(Some(&"é".repeat(120))).is_ok(), "limit counts characters, not bytes");
        assert_eq!(label(Some(&"x".repeat(121))).unwrap_err().field, "label");
        assert!(label(Some("line\nbreak")).is_err());
    }

    #[test]
    fn calls_must_be_between_1_and_max() {
        let req = |calls| CreateSessionRequest { calls: Some(calls), ..CreateSessionRequest::default() };
        assert!(req(0).validated().is_err());
        assert!(req(1).validated().is_ok());
        assert!(req(MAX_CALLS + 1).validated().is_err());
    }

    #[test]
    fn probe_urls_and_server_host_must_be_plain() {
        let mut s = submission();
        s.results.ice = vec![crate::verdict::fixtures::ice(crate::probes::ice::IceTransport::TurnUdp, true)];
        assert_eq!(s.validate(), Ok(()));
        s.results.ice[0].url = Some("turns:callready.example.com:5349?transport=tcp".into());
        assert_eq!(s.validate().unwrap_err().field, "results.ice.url", "a TLS URL on a UDP probe");
        s.results.ice[0].url = Some("javascript:alert(1)".into());
        assert_eq!(s.validate().unwrap_err().field, "results.ice.url");
        let mut s = submission();
        s.results.server_host = Some("<script>".into());
        assert_eq!(s.validate().unwrap_err().field, "results.server_host");
    }

    #[test]
    fn unknown_fields_are_refused_at_parse_time() {
        let json = r#"{"label":"x","calls":2,"extra":1}"#;
        assert!(serde_json::from_str::<CreateSessionRequest>(json).is_err());
        let mut value = serde_json::to_value(submission()).unwrap();
        value["results"]["https"]["raw_ip"] = "10.1.2.3".into();
        assert!(serde_json::from_value::<RunSubmission>(value).is_err());
    }

    #[test]
    fn embedding_origins_are_plain_origins() {
        for (raw, expected) in [
            ("https://Desk.Example.com/", "https://desk.example.com"),
            ("http://127.0.0.1:8081", "http://127.0.0.1:8081"),
            ("https://[2001:db8::1]:8443", "https://[2001:db8::1]:8443"),
        ] {
            assert_eq!(origin("o", raw).unwrap(), expected);
        }
        for bad in [
            "desk.example.com",
            "ftp://x.example",
            "https://",
            "https://x.example/path",
            "https://x.example:0",
            "https://x.example:99999",
            "https://x..example",
            "https://a b",
            "https://[::1",
            "*",
            "https://*.example.com",
            "https://x.example;script-src *",
        ] {
            assert!(origin("o", bad).is_err(), "{bad}");
        }
        let many = CreateSessionRequest { embed_origins: vec!["https://a.example".into(); 6], ..Default::default() };
        assert!(many.validated().is_err());
        let twice = CreateSessionRequest {
            embed_origins: vec!["https://a.example".into(), "HTTPS://A.example/".into()],
            ..Default::default()
        };
        assert_eq!(twice.validated().unwrap().embed_origins, vec!["https://a.example"]);
    }

    #[test]
    fn an_invite_s_fields_are_bounded_and_normalised() {
        let ok = CreateSessionRequest {
            site: Some("  Lyon ".into()),
            agent: Some("Ana".into()),
            language: Some("FR".into()),
            expires_in: Some("7d".into()),
            max_runs: Some(3),
            fields: [("ticket".to_string(), " 4711 ".to_string())].into(),
            ..CreateSessionRequest::default()
        }
        .validated()
        .unwrap();
        assert_eq!((ok.site.as_deref(), ok.language.as_deref()), (Some("Lyon"), Some("fr")));
        assert_eq!(ok.fields["ticket"], "4711");
        assert_eq!(duration_ms("x", "12h").unwrap(), 43_200_000);
        assert_eq!(duration_ms("x", "90m").unwrap(), 5_400_000);
        for bad in ["", "d", "0m", "30s", "400d", "-1d", "1.5d", "99999999999999999d"] {
            assert!(duration_ms("x", bad).is_err(), "{bad}");
        }
        let refused = |request: CreateSessionRequest| request.validated().unwrap_err().field;
        let base = CreateSessionRequest::default;
        assert_eq!(refused(CreateSessionRequest { language: Some("de".into()), ..base() }), "language");
        assert_eq!(refused(CreateSessionRequest { max_runs: Some(0), ..base() }), "max_runs");
        assert_eq!(refused(CreateSessionRequest { expires_in: Some("2w".into()), ..base() }), "expires_in");
        assert_eq!(refused(CreateSessionRequest { site: Some("x".repeat(121)), ..base() }), "site");
        let many = (0..11).map(|i| (format!("k{i}"), "v".to_string())).collect();
        assert_eq!(refused(CreateSessionRequest { fields: many, ..base() }), "fields");
        let bad_key = [("a b".to_string(), "v".to_string())].into();
        assert_eq!(refused(CreateSessionRequest { fields: bad_key, ..base() }), "fields");
        let long_value = [("crm".to_string(), "v".repeat(121))].into();
        assert_eq!(refused(CreateSessionRequest { fields: long_value, ..base() }), "fields.crm");
    }
}
