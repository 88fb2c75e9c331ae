//! Properties of every parser and validator in `common` that reads what the outside
//! world sends: SIP messages over the WebSocket, the page's SDP offer, session codes
//! typed by agents, ClientHellos, operators' URLs and port ranges, and the free text
//! of invites. Whatever arrives, each one answers or refuses and never panics; and
//! what each promises (an answer that matches its request, an offer without the
//! agent's addresses, a code that reads back as it was written) holds for generated
//! inputs, not only for the hand-picked ones of the unit tests.
//!
//! Cases per property: [`CASES`]. Failures are not persisted to files: a failure that
//! shows a bug becomes a named test of its own.

use proptest::collection::vec;
use proptest::prelude::*;

/// Cases per property: enough to reach the odd corners, few enough for a few seconds.
const CASES: u32 = 256;

fn config() -> ProptestConfig {
    ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() }
}

/// Text that may be anything, weighted toward the characters parsers split on.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        vec(
            prop_oneof![prop::sample::select(vec!["\r\n", "\n", " ", ":", ";", "="]).prop_map(String::from), ".{0,6}",],
            0..40
        )
        .prop_map(|parts| parts.concat()),
    ]
}

mod sip {
    use callready_common::sip::{
        answer, options_request, response_status_for, OptionsIds, SipMessage, StartLine, BRANCH_COOKIE,
    };

    use super::*;

    /// RFC 3261 `token`: what a branch, a tag or each half of a Call-ID is made of.
    fn token() -> impl Strategy<Value = String> {
        "[A-Za-z0-9.!%*_+`'~-]{1,24}"
    }

    fn domain() -> impl Strategy<Value = String> {
        "[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?(\\.[a-z]{2,8}){0,3}"
    }

    fn header_name() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "Via",
                "v",
                "VIA",
                "From",
                "f",
                "To",
                "t",
                "Call-ID",
                "i",
                "call-id",
                "CSeq",
                "Content-Length",
                "l",
                "Max-Forwards",
                "Contact",
                "m",
            ])
            .prop_map(String::from),
            "[A-Za-z-]{1,12}",
        ]
    }

    fn header_value() -> impl Strategy<Value = String> {
        prop_oneof![
            token(),
            token().prop_map(|branch| format!("SIP/2.0/WSS h.invalid;branch={BRANCH_COOKIE}{branch}")),
            "SIP/2.0/WSS [a-z]{1,6}\\.invalid(;[a-z]{1,6}=[a-z0-9]{0,6}){0,3}(, SIP/2.0/WS b;branch=x)?",
            "[0-9]{1,4} [A-Z]{3,8}",
            "[0-9]{1,22}",
            ".{0,30}",
        ]
    }

    /// A header line, a folded continuation, or a line that is neither.
    fn header_line() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => (header_name(), prop_oneof![Just(":"), Just(": "), Just(" : ")], header_value())
                .prop_map(|(name, colon, value)| format!("{name}{colon}{value}")),
            2 => (prop_oneof![Just(" "), Just("\t"), Just("  ")], prop_oneof![Just(String::new()), ".{0,12}".boxed()])
                .prop_map(|(indent, rest)| format!("{indent}{rest}")),
            1 => ".{0,20}",
        ]
    }

    fn start_line() -> impl Strategy<Value = String> {
        prop_oneof![
            "(OPTIONS|INVITE|REGISTER|[A-Z]{1,8}) sip:[a-z0-9@.]{1,20} SIP/2.0",
            "SIP/2.0 [0-9]{1,4}( [A-Za-z ]{0,12})?",
            ".{0,40}",
        ]
    }

    /// Texts shaped like SIP messages: a start line, headers, maybe the blank line and
    /// a body, maybe a Content-Length.
    fn sip_shaped() -> impl Strategy<Value = String> {
        (start_line(), vec(header_line(), 0..12), any::<bool>(), ".{0,24}", prop::option::of(0usize..40)).prop_map(
            |(start, headers, terminated, body, length)| {
                let mut text = start;
                for header in headers {
                    text.push_str("\r\n");
                    text.push_str(&header);
                }
                if let Some(length) = length {
                    text.push_str(&format!("\r\nContent-Length: {length}"));
                }
                if terminated {
                    text.push_str("\r\n\r\n");
                    text.push_str(&body);
                }
                text
            },
        )
    }

    /// A request with every header [`answer`] needs, and other headers and folded
    /// continuations, in any order.
    fn answerable_request() -> impl Strategy<Value = String> {
        let needed = ["Via", "From", "To", "Call-ID", "CSeq"];
        let other = prop_oneof![
            (
                header_name()
                    .prop_filter("a body length of its own", |n| !["Content-Length", "l"].contains(&n.as_str())),
                header_value()
            )
                .prop_map(|(name, value)| format!("{name}: {value}")),
            (prop_oneof![Just(" "), Just("\t")], prop_oneof![Just(String::new()), token()])
                .prop_map(|(indent, rest)| format!("{indent}{rest}")),
        ];
        let headers = (vec(header_value(), needed.len()), vec(other, 0..6))
            .prop_map(move |(values, others)| {
                let needed = needed.iter().zip(values).map(|(name, value)| format!("{name}: {value}"));
                needed.chain(others).collect::<Vec<_>>()
            })
            .prop_shuffle();
        ("(OPTIONS|INVITE|[A-Z]{1,8}) sip:[a-z0-9@.]{1,20} SIP/2.0", headers).prop_map(|(start, mut headers)| {
            // A continuation needs a header before it.
            if headers[0].starts_with([' ', '\t']) {
                headers.insert(0, "Max-Forwards: 70".into());
            }
            format!("{start}\r\n{}\r\n\r\n", headers.join("\r\n"))
        })
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn any_text_is_parsed_or_refused_without_panic(text in prop_oneof![any_text(), sip_shaped()]) {
            if let Ok(message) = SipMessage::parse(&text) {
                let _ = message.top_branch();
                let _ = response_status_for(&message, &message);
                let _ = answer(&message, "srv");
                if let Some(declared) = message.header("content-length") {
                    prop_assert_eq!(declared.parse::<usize>().ok(), Some(message.body.len()));
                }
            }
        }

        #[test]
        fn a_generated_options_request_round_trips_through_parse_and_answer(
            domain in domain(),
            instance in "[a-z0-9]{1,16}",
            branch_suffix in token(),
            from_tag in token(),
            call_id in (token(), prop::option::of(token()))
                .prop_map(|(local, host)| host.map_or(local.clone(), |host| format!("{local}@{host}"))),
            to_tag in token(),
        ) {
            let ids = OptionsIds { instance, branch_suffix: branch_suffix.clone(), from_tag, call_id: call_id.clone() };
            let request = SipMessage::parse(&options_request(&domain, &ids)).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(
                &request.start,
                &StartLine::Request { method: "OPTIONS".into(), uri: format!("sip:echo@{domain}") }
            );
            let branch = format!("{BRANCH_COOKIE}{branch_suffix}");
            prop_assert_eq!(request.top_branch(), Some(branch.as_str()));

            let reply = answer(&request, &to_tag).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let response = SipMessage::parse(&reply).map_err(|e| TestCaseError::fail(format!("{e}: {reply}")))?;
            prop_assert_eq!(&response.start, &StartLine::Response { status: 200, reason: "OK".into() });
            prop_assert_eq!(response.header("call-id"), Some(call_id.as_str()));
            prop_assert_eq!(response.header("cseq"), Some("1 OPTIONS"));
            prop_assert_eq!(response.top_branch(), Some(branch.as_str()));
            prop_assert_eq!(response.header("from"), request.header("from"));
            let to = format!("<sip:echo@{domain}>;tag={to_tag}");
            prop_assert_eq!(response.header("to"), Some(to.as_str()));
            prop_assert_eq!(response_status_for(&request, &response), Some(200));
        }

        // BUG (fails until fixed): see `a_folded_header_value_is_trimmed_like_any_other`.
        /// Whatever request `answer` accepts, its answer parses, copies Via, From,
        /// Call-ID and CSeq as the request had them, and is recognised as the answer
        /// to it (RFC 3261 §8.2.6.2).
        #[test]
        fn every_answer_parses_and_belongs_to_its_request(text in answerable_request()) {
            let Ok(request) = SipMessage::parse(&text) else { return Ok(()) };
            let reply = answer(&request, "srv").map_err(|e| TestCaseError::fail(format!("{e} for {text:?}")))?;
            let response = SipMessage::parse(&reply).map_err(|e| TestCaseError::fail(format!("{e}: {reply:?}")))?;
            for name in ["from", "call-id", "cseq"] {
                prop_assert_eq!(response.header(name), request.header(name), "{} of {:?}", name, text);
            }
            prop_assert!(response.header_values("via").eq(request.header_values("via")));
            let StartLine::Request { method, .. } = &request.start else { unreachable!("answer refuses responses") };
            let status = if method == "OPTIONS" { 200 } else { 405 };
            let expected = request.top_branch().map(|_| status);
            prop_assert_eq!(response_status_for(&request, &response), expected, "{:?}", text);
        }
    }

    // BUG (fails until fixed; `every_answer_parses_and_belongs_to_its_request` fails
    // with it): common/src/sip.rs:123-124 joins a folded line to its header without
    // trimming the result, so "Call-ID:" folded onto " abc" reads " abc", and
    // "CSeq: 1 OPTIONS" followed by a blank continuation " " reads "1 OPTIONS ".
    // `answer` writes "Call-ID: abc", which parses back trimmed: the answer no longer
    // matches its request (`response_status_for` gives None).
    #[test]
    fn a_folded_header_value_is_trimmed_like_any_other() {
        let text = "OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/WSS a.invalid;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\n\
                    To: <sip:x>\r\nCall-ID:\r\n abc\r\nCSeq: 1 OPTIONS\r\n\r\n";
        let request = SipMessage::parse(text).unwrap();
        assert_eq!(request.header("call-id"), Some("abc"));
        let response = SipMessage::parse(&answer(&request, "s").unwrap()).unwrap();
        assert_eq!(response_status_for(&request, &response), Some(200));
    }
}

mod sdp {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

    use callready_common::sdp::{for_server, is_this_machine, without_agent_addresses};

    use super::*;

    /// An address of every kind an agent's machine shows: RFC 1918, shared address
    /// space (100.64/10), loopback, link-local, unique local (fc00::/7), IPv4-mapped,
    /// public, and mDNS names (`<uuid>.local`).
    fn agent_address() -> impl Strategy<Value = String> {
        let v4 = |a: u8, b: std::ops::Range<u8>| {
            (b, any::<u8>(), any::<u8>()).prop_map(move |(b, c, d)| Ipv4Addr::new(a, b, c, d).to_string())
        };
        let v6 = |prefix: u16, mask: u16| {
            any::<[u16; 8]>().prop_map(move |mut segments| {
                segments[0] = prefix | (segments[0] & mask);
                Ipv6Addr::from(segments).to_string()
            })
        };
        prop_oneof![
            v4(10, 0..255),
            v4(172, 16..32),
            v4(192, 168..169),
            v4(100, 64..128),
            v4(127, 0..255),
            v4(169, 254..255),
            any::<Ipv4Addr>().prop_map(|a| a.to_string()),
            Just("::1".to_string()),
            v6(0xfe80, 0x003f),
            v6(0xfc00, 0x01ff),
            v6(0x2000, 0x1fff),
            any::<Ipv4Addr>().prop_map(|a| a.to_ipv6_mapped().to_string()),
            any::<Ipv6Addr>().prop_map(|a| a.to_string()),
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.local",
        ]
    }

    /// A TURN server's address: public, or private for a relay on the LAN.
    fn relay_address() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<Ipv4Addr>().prop_map(|a| a.to_string()),
            any::<Ipv6Addr>().prop_map(|a| a.to_string()),
            (16u8..32, any::<u8>()).prop_map(|(b, c)| format!("172.{b}.{c}.1")),
        ]
    }

    #[derive(Clone, Debug)]
    struct Candidate {
        foundation: String,
        component: u8,
        transport: &'static str,
        priority: u32,
        address: String,
        port: u16,
        kind: &'static str,
        related: Option<(String, u16)>,
        extensions: Vec<(&'static str, String)>,
    }

    impl Candidate {
        fn head(&self) -> String {
            format!(
                "a=candidate:{} {} {} {} {} {} typ {}",
                self.foundation, self.component, self.transport, self.priority, self.address, self.port, self.kind
            )
        }

        fn line(&self) -> String {
            let mut line = self.head();
            if let Some((address, port)) = &self.related {
                line.push_str(&format!(" raddr {address} rport {port}"));
            }
            for (name, value) in &self.extensions {
                line.push_str(&format!(" {name} {value}"));
            }
            line
        }
    }

    /// A candidate line as browsers write it (RFC 8839 §5.1): extension attributes
    /// always come as name and value.
    fn candidate() -> impl Strategy<Value = Candidate> {
        let extension = prop_oneof![
            Just(("generation", "0".to_string())),
            "[0-9]{1,3}".prop_map(|v| ("network-id", v)),
            "[0-9]{1,3}".prop_map(|v| ("network-cost", v)),
            "[A-Za-z0-9+/]{4}".prop_map(|v| ("ufrag", v)),
            prop::sample::select(vec!["active", "passive", "so"]).prop_map(|v| ("tcptype", v.to_string())),
        ];
        let kind = prop::sample::select(vec!["host", "srflx", "prflx", "relay"]);
        (
            "[0-9]{1,10}",
            1u8..3,
            prop::sample::select(vec!["udp", "UDP", "tcp", "TCP"]),
            any::<u32>(),
            kind,
            agent_address(),
            relay_address(),
            any::<u16>(),
            prop::option::of((agent_address(), any::<u16>())),
            vec(extension, 0..4),
        )
            .prop_map(
                |(foundation, component, transport, priority, kind, agent, relay, port, related, extensions)| {
                    let address = if kind == "relay" { relay } else { agent };
                    Candidate { foundation, component, transport, priority, address, port, kind, related, extensions }
                },
            )
    }

    fn ip_version(address: &str) -> &'static str {
        if address.contains(':') {
            "IP6"
        } else {
            "IP4"
        }
    }

    #[derive(Clone, Debug)]
    struct Offer {
        text: String,
        candidates: Vec<Candidate>,
        /// Lines that carry no address and must go through unchanged.
        plain: Vec<String>,
    }

    /// An offer as a browser writes it: origin, bundle, then media sections with
    /// their connection line, `a=rtcp`, candidates and ICE and DTLS attributes.
    fn offer() -> impl Strategy<Value = Offer> {
        let section = (
            prop::sample::select(vec!["audio", "video", "application"]),
            any::<u16>(),
            agent_address(),
            prop::option::of((any::<u16>(), agent_address())),
            vec(candidate(), 0..8),
            "[A-Za-z0-9+/]{4,8}",
            "[A-Za-z0-9+/]{22,24}",
        );
        (any::<u64>(), agent_address(), vec(section, 1..4), prop_oneof![Just("\r\n"), Just("\n")], any::<bool>())
            .prop_map(|(session_id, origin, sections, newline, candidates_first)| {
                let mut lines = vec![
                    "v=0".to_string(),
                    format!("o=- {session_id} 2 IN {} {origin}", ip_version(&origin)),
                    "s=-".to_string(),
                    "t=0 0".to_string(),
                ];
                let mut plain = vec!["v=0".to_string(), "s=-".to_string(), "t=0 0".to_string()];
                let mut candidates = Vec::new();
                for (mid, (media, port, connection, rtcp, section_candidates, ufrag, pwd)) in
                    sections.into_iter().enumerate()
                {
                    let media_line = format!("m={media} {port} UDP/TLS/RTP/SAVPF 111");
                    let ice = vec![
                        format!("a=ice-ufrag:{ufrag}"),
                        format!("a=ice-pwd:{pwd}"),
                        "a=fingerprint:sha-256 AA:BB:CC".to_string(),
                        format!("a=mid:{mid}"),
                    ];
                    lines.push(media_line.clone());
                    lines.push(format!("c=IN {} {connection}", ip_version(&connection)));
                    if let Some((port, address)) = rtcp {
                        lines.push(format!("a=rtcp:{port} IN {} {address}", ip_version(&address)));
                    }
                    let candidate_lines = section_candidates.iter().map(Candidate::line);
                    if candidates_first {
                        lines.extend(candidate_lines);
                        lines.extend(ice.iter().cloned());
                    } else {
                        lines.extend(ice.iter().cloned());
                        lines.extend(candidate_lines);
                    }
                    plain.push(media_line);
                    plain.extend(ice);
                    candidates.extend(section_candidates);
                }
                let text = lines.iter().map(|line| format!("{line}{newline}")).collect();
                Offer { text, candidates, plain }
            })
    }

    fn addresses_in(text: &str) -> impl Iterator<Item = &str> {
        text.split_whitespace().filter(|token| token.parse::<IpAddr>().is_ok() || token.ends_with(".local"))
    }

    /// Private, shared, loopback, link-local or unique-local: an address that shows the
    /// agent's own network.
    fn is_local(address: &str) -> bool {
        match address.parse::<IpAddr>() {
            Ok(IpAddr::V4(v4)) => {
                v4.is_private()
                    || v4.is_loopback()
                    || v4.is_link_local()
                    || (v4.octets()[0] == 100 && v4.octets()[1] & 0xc0 == 64)
            }
            Ok(IpAddr::V6(v6)) => {
                let first = v6.segments()[0];
                v6.is_loopback()
                    || first & 0xffc0 == 0xfe80
                    || first & 0xfe00 == 0xfc00
                    || v6.to_ipv4_mapped().is_some_and(|v4| is_local(&v4.to_string()))
            }
            Err(_) => address.ends_with(".local"),
        }
    }

    proptest! {
        #![proptest_config(config())]

        /// What the module promises: the only addresses left are relay candidates' own
        /// (the TURN server's, whatever its range) and the `0.0.0.0` placeholders. So
        /// no private, shared, loopback, link-local or mDNS address of the agent's
        /// survives, and no public one either (host and server-reflexive candidates,
        /// `raddr`, `c=`, `o=` and `a=rtcp` lines).
        #[test]
        fn no_agent_address_survives_only_relay_addresses_do(offer in offer()) {
            let clean = without_agent_addresses(&offer.text);
            let relays: Vec<&str> =
                offer.candidates.iter().filter(|c| c.kind == "relay").map(|c| c.address.as_str()).collect();
            for address in addresses_in(&clean) {
                prop_assert!(
                    address == "0.0.0.0" || relays.contains(&address),
                    "{} survived in\n{}", address, clean
                );
                prop_assert!(!is_local(address) || relays.contains(&address), "{} survived", address);
            }
            prop_assert!(!clean.contains(".local"), "an mDNS name survived:\n{}", clean);
        }

        #[test]
        fn relay_candidates_survive_with_their_base_blanked(offer in offer()) {
            let clean = without_agent_addresses(&offer.text);
            let kept: Vec<&str> = clean.lines().filter(|l| l.starts_with("a=candidate:")).collect();
            let relays: Vec<&Candidate> = offer.candidates.iter().filter(|c| c.kind == "relay").collect();
            prop_assert_eq!(kept.len(), relays.len(), "{}", clean);
            for (line, relay) in kept.iter().zip(relays) {
                prop_assert!(line.starts_with(&relay.head()), "{} from {}", line, relay.line());
                let tokens: Vec<&str> = line.split_whitespace().collect();
                for pair in tokens[8..].chunks(2) {
                    match pair {
                        ["raddr", value] => prop_assert_eq!(*value, "0.0.0.0"),
                        ["rport", value] => prop_assert_eq!(*value, "0"),
                        _ => {}
                    }
                }
            }
        }

        #[test]
        fn lines_without_addresses_go_through_unchanged_and_stripping_twice_changes_nothing(offer in offer()) {
            let clean = without_agent_addresses(&offer.text);
            let lines: Vec<&str> = clean.split_terminator("\r\n").collect();
            prop_assert!(clean.is_empty() || clean.ends_with("\r\n"));
            prop_assert!(lines.iter().all(|l| !l.contains('\n') && !l.contains('\r')));
            for line in &offer.plain {
                prop_assert!(lines.contains(&line.as_str()), "{} missing from\n{}", line, clean);
            }
            prop_assert_eq!(without_agent_addresses(&clean), clean);
        }

        #[test]
        fn only_the_agent_s_own_machine_gets_the_offer_unchanged(
            offer in offer(),
            host in prop_oneof![
                Just("localhost".to_string()),
                "[a-z]{1,8}\\.localhost",
                (any::<[u8; 3]>()).prop_map(|[b, c, d]| format!("127.{b}.{c}.{d}")),
                Just("[::1]".to_string()),
                agent_address(),
                "[a-z]{1,10}\\.example\\.com",
            ],
        ) {
            let expected = if is_this_machine(&host) { offer.text.clone() } else { without_agent_addresses(&offer.text) };
            prop_assert_eq!(for_server(&offer.text, &host), expected);
            let loopback = host == "localhost"
                || host.ends_with(".localhost")
                || host.trim_matches(['[', ']']).parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
            prop_assert_eq!(is_this_machine(&host), loopback, "{}", host);
        }

        #[test]
        fn any_text_is_stripped_without_panic(
            text in prop_oneof![
                any_text(),
                vec(
                    prop_oneof![
                        Just("a=candidate:".to_string()),
                        Just("c=IN IP4 ".to_string()),
                        Just("o=".to_string()),
                        Just("a=rtcp:".to_string()),
                        Just("typ relay".to_string()),
                        Just(" raddr ".to_string()),
                        agent_address(),
                        "[a-z0-9 ]{0,8}",
                        Just("\r\n".to_string()),
                    ],
                    0..30,
                )
                .prop_map(|parts| parts.concat()),
            ],
            host in any_text(),
        ) {
            let clean = without_agent_addresses(&text);
            prop_assert!(clean.is_empty() || clean.ends_with("\r\n"));
            for line in clean.split_terminator("\r\n") {
                if let Some(candidate) = line.strip_prefix("a=candidate:") {
                    let tokens: Vec<&str> = candidate.split_whitespace().collect();
                    prop_assert!(tokens.len() >= 8 && tokens[6..8] == ["typ", "relay"], "{}", line);
                }
                if line.starts_with("c=IN IP") {
                    prop_assert_eq!(line, "c=IN IP4 0.0.0.0");
                }
            }
            let _ = for_server(&text, &host);
        }
    }
}

mod code {
    use callready_common::code::{CodeError, SYMBOLS};
    use callready_common::validate::session_code;
    use callready_common::SessionCode;

    use super::*;

    const CROCKFORD: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    fn code() -> impl Strategy<Value = SessionCode> {
        any::<[u8; 8]>().prop_map(SessionCode::from_random)
    }

    fn code_like() -> impl Strategy<Value = String> {
        prop_oneof![
            any_text(),
            "[0-9A-Za-z -]{0,20}",
            "[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{4}-[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{4}-[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{3,5}",
        ]
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn any_text_is_a_code_or_refused_without_panic(text in code_like()) {
            match text.parse::<SessionCode>() {
                Ok(code) => {
                    prop_assert_eq!(code.canonical().len(), SYMBOLS);
                    prop_assert!(code.canonical().chars().all(|c| CROCKFORD.contains(c)), "{:?}", code);
                    prop_assert_eq!(code.to_string().parse::<SessionCode>(), Ok(code.clone()));
                }
                Err(CodeError::BadCharacter(c)) => {
                    prop_assert!(text.contains(c));
                    prop_assert!(!CROCKFORD.contains(c.to_ascii_uppercase()) || !c.is_ascii(), "{:?}", c);
                }
                Err(CodeError::WrongLength(n)) => prop_assert_ne!(n, SYMBOLS),
            }
            prop_assert_eq!(session_code(&text).is_ok(), text.parse::<SessionCode>().is_ok());
        }

        #[test]
        fn every_code_shows_as_three_groups_and_reads_back_as_itself(code in code()) {
            let shown = code.to_string();
            prop_assert_eq!(shown.len(), 14);
            prop_assert_eq!(shown.split('-').map(str::len).collect::<Vec<_>>(), vec![4, 4, 4]);
            prop_assert_eq!(shown.replace('-', ""), code.canonical());
            prop_assert_eq!(shown.parse::<SessionCode>(), Ok(code.clone()));
            prop_assert_eq!(code.canonical().parse::<SessionCode>(), Ok(code.clone()));
        }

        /// What an agent reads out or types: any case, groups split by dashes or
        /// spaces or not at all, padding around, and `I`/`L`/`O` for `1`/`0`.
        #[test]
        fn a_code_typed_any_way_reads_as_itself(
            code in code(),
            lower in vec(any::<bool>(), SYMBOLS),
            ambiguous in vec(any::<bool>(), SYMBOLS),
            separator in prop_oneof![Just(""), Just("-"), Just(" "), Just(" - ")],
            padding in prop_oneof![Just(""), Just(" "), Just("\t"), Just("\n ")],
        ) {
            let mut typed = String::from(padding);
            for (i, symbol) in code.canonical().chars().enumerate() {
                if i > 0 && i % 4 == 0 {
                    typed.push_str(separator);
                }
                let symbol = match (symbol, ambiguous[i]) {
                    ('1', true) => if lower[i] { 'l' } else { 'I' },
                    ('0', true) => 'O',
                    (other, _) => other,
                };
                typed.push(if lower[i] { symbol.to_ascii_lowercase() } else { symbol });
            }
            typed.push_str(padding);
            prop_assert_eq!(typed.parse::<SessionCode>(), Ok(code), "{:?}", typed);
        }
    }
}

mod tls_hello {
    use callready_common::tls_hello::{summarise, HelloSummary, TlsFamily};

    use super::*;

    fn grease(value: u16) -> bool {
        value & 0x0f0f == 0x0a0a && value >> 8 == value & 0xff
    }

    fn hex(text: &str) -> Vec<u8> {
        let text = text.trim();
        (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
    }

    fn captured() -> [Vec<u8>; 3] {
        [
            hex(include_str!("../testdata/clienthello-chromium-156.hex")),
            hex(include_str!("../testdata/clienthello-firefox-153.hex")),
            hex(include_str!("../testdata/clienthello-curl-openssl.hex")),
        ]
    }

    /// The parts of a ClientHello the summary reads.
    #[derive(Clone, Debug)]
    struct Hello {
        session: Vec<u8>,
        ciphers: Vec<u16>,
        compression: Vec<u8>,
        extensions: Vec<(u16, Vec<u8>)>,
    }

    impl Hello {
        fn record(&self) -> Vec<u8> {
            let mut body = vec![3, 3];
            body.extend([7u8; 32]);
            body.push(self.session.len() as u8);
            body.extend(&self.session);
            body.extend(((self.ciphers.len() * 2) as u16).to_be_bytes());
            body.extend(self.ciphers.iter().flat_map(|c| c.to_be_bytes()));
            body.push(self.compression.len() as u8);
            body.extend(&self.compression);
            let extensions: Vec<u8> = self
                .extensions
                .iter()
                .flat_map(|(kind, data)| {
                    let mut e = kind.to_be_bytes().to_vec();
                    e.extend((data.len() as u16).to_be_bytes());
                    e.extend(data);
                    e
                })
                .collect();
            body.extend((extensions.len() as u16).to_be_bytes());
            body.extend(extensions);
            let mut handshake = vec![1];
            handshake.extend(&(body.len() as u32).to_be_bytes()[1..]);
            handshake.extend(body);
            let mut record = vec![0x16, 3, 1];
            record.extend((handshake.len() as u16).to_be_bytes());
            record.extend(handshake);
            record
        }
    }

    fn hello() -> impl Strategy<Value = Hello> {
        let grease_value = (0u8..16).prop_map(|n| u16::from_be_bytes([n << 4 | 0x0a, n << 4 | 0x0a]));
        let code_point = prop_oneof![3 => any::<u16>(), 1 => grease_value, 1 => prop::sample::select(vec![43u16, 34, 28, 17513, 17613])];
        // ALPN (16) comes well formed only: a hello whose ALPN list is cut short is
        // not summarised at all, as a TLS stack would refuse it.
        let extension = (code_point.clone().prop_filter("ALPN", |kind| *kind != 16), vec(any::<u8>(), 0..24));
        let alpn = "[a-z0-9/.]{1,12}".prop_map(|name| {
            let mut data = ((name.len() + 1) as u16).to_be_bytes().to_vec();
            data.push(name.len() as u8);
            data.extend(name.bytes());
            (16u16, data)
        });
        let versions = Just((43u16, vec![4, 3, 4, 3, 3]));
        (
            vec(any::<u8>(), 0..=32),
            vec(code_point, 1..40),
            vec(any::<u8>(), 1..3),
            vec(prop_oneof![4 => extension, 1 => alpn, 1 => versions], 0..20),
        )
            .prop_map(|(session, ciphers, compression, extensions)| Hello {
                session,
                ciphers,
                compression,
                extensions,
            })
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn any_bytes_are_summarised_or_not_without_panic(
            bytes in prop_oneof![
                vec(any::<u8>(), 0..600),
                vec(any::<u8>(), 0..600).prop_map(|rest| {
                    let mut record = vec![0x16, 3, 1, (rest.len() >> 8) as u8, rest.len() as u8, 1];
                    record.extend(rest);
                    record
                }),
            ],
        ) {
            if let Some(summary) = summarise(&bytes) {
                let _ = summary.text().english();
            }
        }

        #[test]
        fn a_well_formed_hello_is_summarised_with_its_counts(hello in hello(), trailing in vec(any::<u8>(), 0..8)) {
            let record = hello.record();
            let seen = summarise(&record).ok_or_else(|| TestCaseError::fail("not summarised"))?;
            let ciphers = hello.ciphers.iter().filter(|c| !grease(**c)).count();
            let extensions = hello.extensions.iter().filter(|(e, _)| !grease(*e)).count();
            let counts = format!(", {ciphers} ciphers, {extensions} extensions");
            prop_assert!(seen.summary.contains(&counts), "{} lacks {}", seen.summary, counts);
            let greased = hello.ciphers.iter().copied().chain(hello.extensions.iter().map(|e| e.0)).any(grease);
            prop_assert_eq!(seen.summary.contains(", GREASE"), greased);
            if seen.family == TlsFamily::Chromium {
                prop_assert!(greased);
            }
            // With one cipher or extension the stored summary says "1 ciphers" and the
            // English text "1 cipher": English reads as stored for every other count.
            if ciphers != 1 && extensions != 1 {
                prop_assert_eq!(seen.text().english(), seen.summary.clone(), "English reads as stored");
            }
            let mut longer = record.clone();
            longer.extend(trailing);
            prop_assert_eq!(summarise(&longer), Some(seen), "bytes after the record are not read");
        }

        #[test]
        fn every_truncation_of_a_hello_is_refused(hello in hello(), cut in any::<prop::sample::Index>()) {
            let record = hello.record();
            let cut = cut.index(record.len());
            prop_assert_eq!(summarise(&record[..cut]), None);
        }

        #[test]
        fn a_captured_hello_with_bytes_changed_never_panics(
            which in 0usize..3,
            changes in vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        ) {
            let mut record = captured()[which].clone();
            for (at, value) in changes {
                let at = at.index(record.len());
                record[at] = value;
            }
            let _ = summarise(&record);
        }

        #[test]
        fn a_stored_summary_of_any_text_is_shown_without_panic(summary in any_text()) {
            let _ = HelloSummary { summary, family: TlsFamily::Other }.text().english();
        }

        #[test]
        fn a_stored_summary_reads_in_english_as_stored(
            version in prop::sample::select(vec!["TLS 1.2", "TLS 1.3"]),
            ciphers in 2u32..500,
            extensions in 2u32..100,
            rest in vec(prop_oneof![Just("GREASE".to_string()), "ALPN [!-~]{0,16}"], 0..3),
        ) {
            let mut summary = format!("{version}, {ciphers} ciphers, {extensions} extensions");
            for part in rest {
                summary.push_str(&format!(", {part}"));
            }
            let stored = HelloSummary { summary: summary.clone(), family: TlsFamily::Other };
            prop_assert_eq!(stored.text().english(), summary);
        }
    }

    #[test]
    fn every_truncation_of_a_captured_hello_is_refused() {
        for record in captured() {
            assert!(summarise(&record).is_some());
            for cut in 0..record.len() {
                assert_eq!(summarise(&record[..cut]), None, "cut at {cut}");
            }
        }
    }
}

mod profile {
    use callready_common::profile::{url_host, url_origin, UdpRange};

    use super::*;

    fn url() -> impl Strategy<Value = String> {
        prop_oneof![
            any_text(),
            "(https?|ftp)://([a-z0-9@]{0,6}@)?([A-Za-z0-9.-]{0,20}|\\[[0-9a-f:]{2,12}\\])(:[0-9]{0,6})?([/?#][ -~]{0,12})?",
        ]
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn any_url_gives_a_plain_origin_or_none(url in url()) {
            let _ = url_host(&url);
            if let Some(origin) = url_origin(&url) {
                prop_assert!(origin.starts_with("https://") || origin.starts_with("http://"));
                let authority = origin.split_once("://").map(|(_, a)| a).unwrap_or_default();
                prop_assert!(!authority.is_empty());
                prop_assert!(authority.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-:[]".contains(c)), "{}", origin);
                prop_assert_eq!(url_origin(&origin), Some(origin.clone()), "an origin is its own origin");
            }
        }

        #[test]
        fn a_sample_lies_in_its_range_sorted_with_both_ends(from in any::<u16>(), to in any::<u16>(), count in 2usize..64) {
            let range = UdpRange { from, to, purpose: String::new() };
            let ports = range.sample(count);
            let (low, high) = (from.min(to), from.max(to));
            prop_assert!(ports.len() <= count);
            prop_assert!(ports.windows(2).all(|w| w[0] < w[1]), "{:?}", ports);
            prop_assert!(ports.iter().all(|p| (low..=high).contains(p)));
            prop_assert!(ports.iter().all(|p| callready_common::profile::browser_sends_stun_to(*p)));
            for end in [low, high] {
                if callready_common::profile::browser_sends_stun_to(end) {
                    prop_assert!(ports.contains(&end), "{} missing from {:?}", end, ports);
                }
            }
        }
    }
}

/// The free text and identifiers of invites, the User-Agent header, ICE URLs, CSV
/// files and brand colours: the smaller readers of outside text.
mod other_readers {
    use callready_common::brand::{brand_id, Colour};
    use callready_common::csv::{agents_from_csv, read_rows, text_cell};
    use callready_common::probes::ice::{IceTransport, IceUrl};
    use callready_common::validate::{duration_ms, label, origin};

    use super::*;

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn a_label_is_trimmed_short_and_without_control_characters(text in any_text()) {
            if let Ok(Some(kept)) = label(Some(&text)) {
                prop_assert_eq!(kept.as_str(), kept.trim());
                prop_assert!(kept.chars().count() <= callready_common::api::MAX_LABEL_CHARS);
                prop_assert!(!kept.chars().any(char::is_control));
            }
        }

        // BUG (fails until fixed): common/src/validate.rs:76-77 splits the text one
        // byte before its end, which panics when the last character takes more than
        // one byte ("é"). See `a_duration_ending_in_a_multibyte_character_is_refused`.
        #[test]
        fn a_duration_is_refused_or_within_a_minute_and_a_year(
            text in prop_oneof![any_text(), "-?[0-9]{0,22}[dhms]?", " [0-9]{1,4}[dhm] "],
        ) {
            if let Ok(ms) = duration_ms("expires_in", &text) {
                prop_assert!((60_000..=366 * 86_400_000).contains(&ms));
            }
        }

        #[test]
        fn an_origin_is_lower_case_and_its_own_origin(
            text in prop_oneof![any_text(), "(HTTPS?|https?|ftp)://[A-Za-z0-9.-]{0,20}(:[0-9]{0,6})?/?", "https://\\[[0-9a-f:]{2,20}\\](:[0-9]{1,5})?"],
        ) {
            if let Ok(kept) = origin("embed_origins", &text) {
                prop_assert_eq!(kept.to_ascii_lowercase(), kept.clone());
                prop_assert_eq!(origin("embed_origins", &kept), Ok(kept));
            }
        }

        #[test]
        fn a_brand_id_is_plain_or_refused(text in prop_oneof![any_text(), "[ A-Za-z0-9-]{0,44}"]) {
            if let Ok(id) = brand_id("brand", &text) {
                prop_assert!((1..=40).contains(&id.len()));
                prop_assert!(id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            }
        }

        #[test]
        fn a_colour_reads_back_as_written(r in any::<u8>(), g in any::<u8>(), b in any::<u8>(), text in any_text()) {
            let colour = Colour { r, g, b };
            prop_assert_eq!(Colour::parse(&format!("#{r:02x}{g:02x}{b:02X}")), Some(colour));
            let _ = Colour::parse(&text);
        }

        #[test]
        fn any_user_agent_is_summarised_without_panic(text in prop_oneof![
            any_text(),
            "Mozilla/5\\.0 \\([ -~]{0,30}\\) (Chrome|Firefox|Edg|OPR|CriOS|FxiOS)/[0-9]{0,12}(\\.[0-9]{1,3})* [ -~]{0,20}",
        ]) {
            let summary = callready_common::ua::parse(&text);
            let _ = summary.label();
        }

        #[test]
        fn an_ice_url_reads_back_as_its_parts(
            scheme in prop::sample::select(vec!["stun", "turn", "turns"]),
            host in prop_oneof!["[a-z0-9-]{1,12}(\\.[a-z]{2,6}){0,2}", any::<std::net::Ipv6Addr>().prop_map(|a| format!("[{a}]"))],
            port in prop::option::of(any::<u16>()),
            tcp in any::<bool>(),
            text in any_text(),
        ) {
            let mut url = format!("{scheme}:{host}");
            if let Some(port) = port {
                url.push_str(&format!(":{port}"));
            }
            if tcp {
                url.push_str("?transport=tcp");
            }
            let parsed = IceUrl::parse(&url).ok_or_else(|| TestCaseError::fail(format!("{url} refused")))?;
            prop_assert_eq!(parsed.host, host.trim_matches(['[', ']']));
            let default_port = if scheme == "turns" { 5349 } else { 3478 };
            prop_assert_eq!(parsed.port, port.unwrap_or(default_port));
            let transport = match (scheme, tcp) {
                ("stun", _) => IceTransport::StunUdp,
                ("turn", true) => IceTransport::TurnTcp,
                ("turn", false) => IceTransport::TurnUdp,
                _ => IceTransport::TurnTls,
            };
            prop_assert_eq!(parsed.transport, transport);
            let _ = IceUrl::parse(&text).map(|u| u.describe());
        }

        /// Cells written by [`text_cell`] read back as they were, formula-like ones
        /// with their `'`. With `;` or a tab the first row has two cells or more on one
        /// line: that line is what tells the separator (a file whose first line has
        /// none is read with `,`, as `read_rows` says).
        #[test]
        fn csv_cells_this_product_writes_read_back(
            rows in vec(vec(".{0,12}", 1..5), 0..6),
            separator in prop::sample::select(vec![",", ";", "\t"]),
            newline in prop_oneof![Just("\r\n"), Just("\n")],
            text in any_text(),
        ) {
            let mut rows = rows;
            if separator != "," {
                if let Some(first) = rows.first_mut() {
                    first.resize(first.len().max(2), String::new());
                    first.iter_mut().for_each(|cell| *cell = cell.replace('\n', " "));
                }
            }
            let written: String = rows
                .iter()
                .map(|row| row.iter().map(|c| text_cell(c)).collect::<Vec<_>>().join(separator) + newline)
                .collect();
            let read = read_rows(&written).map_err(TestCaseError::fail)?;
            let formula = |c: &String| c.starts_with(['=', '+', '-', '@', '\t', '\r']);
            let expected: Vec<Vec<String>> = rows
                .iter()
                .filter(|row| row.iter().any(|c| !c.trim().is_empty() || formula(c)))
                .map(|row| row.iter().map(|c| if formula(c) { format!("'{c}") } else { c.clone() }).collect())
                .collect();
            prop_assert_eq!(read, expected, "{:?}", written);
            let _ = agents_from_csv(&text);
        }
    }

    // BUG (fails until fixed): found by `a_duration_is_refused_or_within_a_minute_and_a_year`.
    // `POST /api/sessions` with `{"expires_in": "é"}` reaches this and panics the handler.
    #[test]
    fn a_duration_ending_in_a_multibyte_character_is_refused() {
        for text in ["é", "30é", "7d\u{e9}", "\u{1F4A9}"] {
            assert!(duration_ms("expires_in", text).is_err(), "{text:?}");
        }
    }
}
