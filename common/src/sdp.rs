//! What of the page's SDP offer may leave the browser. The echo peer needs the
//! offer's media sections, ICE credentials and DTLS fingerprint, but not the
//! agent's addresses: host candidates carry local (often RFC 1918) addresses, and
//! server-reflexive ones the public address the server already sees on HTTP.
//!
//! So the offer keeps only relay candidates (their address is our TURN server's),
//! with the `raddr`/`rport` that would reveal the agent's own address blanked, and
//! every connection address becomes `0.0.0.0`. ICE still connects: the browser
//! sends its checks from its own candidates, and the echo peer learns each source
//! as a peer-reflexive candidate (RFC 8445 §7.3.1.3), as it does for the mDNS names
//! browsers already use to hide host addresses.
//!
//! When the page comes from the agent's own machine (`localhost`: a laptop demo, the
//! tests), nothing leaves the machine and the offer goes as it is. There it must:
//! the echo peer listens on loopback while the browser's host candidates are on the
//! machine's network interfaces, and Firefox sends no checks from those toward a
//! loopback address, so only the echo peer's own checks can connect them.

/// The offer as it may go to a server on `server_host` (the page's host name):
/// unchanged for the agent's own machine, else [`without_agent_addresses`].
pub fn for_server(sdp: &str, server_host: &str) -> String {
    if is_this_machine(server_host) {
        sdp.to_string()
    } else {
        without_agent_addresses(sdp)
    }
}

/// Whether a URL host names the machine itself: `localhost` (and `*.localhost`,
/// RFC 6761), 127.0.0.0/8 or `::1`.
pub fn is_this_machine(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The offer with every local or reflexive address of the agent removed.
pub fn without_agent_addresses(sdp: &str) -> String {
    let mut kept = String::with_capacity(sdp.len());
    for line in sdp.lines() {
        let line = line.trim_end_matches('\r');
        let cleaned = if let Some(candidate) = line.strip_prefix("a=candidate:") {
            match relay_candidate_without_base(candidate) {
                Some(candidate) => format!("a=candidate:{candidate}"),
                None => continue,
            }
        } else if line.starts_with("c=IN IP") {
            "c=IN IP4 0.0.0.0".to_string()
        } else if let Some(origin) = line.strip_prefix("o=") {
            // `o=<user> <session id> <version> IN IP4 <address>`: browsers write a
            // placeholder address there, but nothing obliges other clients to.
            let fields: Vec<&str> = origin.split_whitespace().collect();
            if fields.len() == 6 {
                format!("o={} {} {} IN IP4 0.0.0.0", fields[0], fields[1], fields[2])
            } else {
                continue;
            }
        } else if let Some(rtcp) = line.strip_prefix("a=rtcp:") {
            // `a=rtcp:<port> IN IP4 <address>`: the port alone says nothing.
            let port = rtcp.split_whitespace().next().unwrap_or("9");
            format!("a=rtcp:{port} IN IP4 0.0.0.0")
        } else {
            line.to_string()
        };
        kept.push_str(&cleaned);
        kept.push_str("\r\n");
    }
    kept
}

/// A relay candidate's attribute value with its base address blanked, or `None` for
/// every other candidate type (and for lines too short to be candidates).
fn relay_candidate_without_base(candidate: &str) -> Option<String> {
    let tokens: Vec<&str> = candidate.split_whitespace().collect();
    // foundation component transport priority address port "typ" type [extensions]
    if tokens.len() < 8 || tokens[6] != "typ" || tokens[7] != "relay" {
        return None;
    }
    let mut out: Vec<&str> = tokens[..8].to_vec();
    let mut rest = tokens[8..].iter();
    while let Some(&name) = rest.next() {
        let value = rest.next().copied().unwrap_or_default();
        out.push(name);
        out.push(match name {
            "raddr" => "0.0.0.0",
            "rport" => "0",
            _ => value,
        });
    }
    Some(out.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHROMIUM_OFFER: &str = "v=0\r\n\
o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n\
s=-\r\n\
t=0 0\r\n\
a=group:BUNDLE 0\r\n\
m=application 54321 UDP/DTLS/SCTP webrtc-datachannel\r\n\
c=IN IP4 203.0.113.7\r\n\
a=candidate:1 1 udp 2122260223 192.168.1.23 54321 typ host generation 0 network-id 1\r\n\
a=candidate:2 1 udp 2122262783 2001:db8::23 54322 typ host generation 0\r\n\
a=candidate:3 1 tcp 1518280447 192.168.1.23 9 typ host tcptype active generation 0\r\n\
a=candidate:4 1 udp 1686052607 203.0.113.7 61000 typ srflx raddr 192.168.1.23 rport 54321 generation 0\r\n\
a=candidate:5 1 udp 41885439 198.51.100.10 50000 typ relay raddr 203.0.113.7 rport 61000 generation 0\r\n\
a=candidate:6 1 udp 2122260223 3f1c2a4e-1b2c-4d5e-8f90-a1b2c3d4e5f6.local 54321 typ host\r\n\
a=ice-ufrag:abcd\r\n\
a=ice-pwd:0123456789abcdefghijkl\r\n\
a=fingerprint:sha-256 AA:BB\r\n\
a=rtcp:9 IN IP4 192.168.1.23\r\n\
a=setup:actpass\r\n\
a=mid:0\r\n\
a=sctp-port:5000\r\n";

    #[test]
    fn offer_loses_every_agent_address_and_keeps_what_ice_needs() {
        let clean = without_agent_addresses(CHROMIUM_OFFER);
        for secret in ["192.168.1.23", "2001:db8::23", "203.0.113.7", ".local"] {
            assert!(!clean.contains(secret), "{secret} left in:\n{clean}");
        }
        assert!(clean.contains(
            "a=candidate:5 1 udp 41885439 198.51.100.10 50000 typ relay raddr 0.0.0.0 rport 0 generation 0\r\n"
        ));
        assert_eq!(clean.matches("a=candidate:").count(), 1, "only the relay candidate stays");
        for kept in ["a=ice-ufrag:abcd", "a=ice-pwd:", "a=fingerprint:", "a=mid:0", "a=sctp-port:5000", "m=application"]
        {
            assert!(clean.contains(kept), "{kept} missing:\n{clean}");
        }
        assert!(clean.contains("c=IN IP4 0.0.0.0\r\n") && clean.contains("a=rtcp:9 IN IP4 0.0.0.0\r\n"));
        assert!(
            clean.starts_with("v=0\r\no=- 4611731400430051336 2 IN IP4 0.0.0.0\r\n"),
            "the origin keeps its ids only"
        );
        let foreign = without_agent_addresses("o=agent 1 1 IN IP4 192.168.1.23\r\no=broken\r\n");
        assert_eq!(foreign, "o=agent 1 1 IN IP4 0.0.0.0\r\n");
    }

    #[test]
    fn offer_to_the_agents_own_machine_goes_unchanged() {
        for host in ["localhost", "LOCALHOST", "demo.localhost", "127.0.0.1", "127.1.2.3", "[::1]", "::1"] {
            assert!(is_this_machine(host), "{host}");
            assert_eq!(for_server(CHROMIUM_OFFER, host), CHROMIUM_OFFER, "{host}");
        }
        for host in ["callready.example.com", "10.216.0.1", "[2001:db8::1]", "localhost.example.com", "0.0.0.0"] {
            assert!(!is_this_machine(host), "{host}");
            assert_eq!(for_server(CHROMIUM_OFFER, host), without_agent_addresses(CHROMIUM_OFFER), "{host}");
        }
    }

    #[test]
    fn lines_keep_crlf_endings_whatever_the_input_used() {
        let clean = without_agent_addresses("v=0\nc=IN IP6 2001:db8::1\na=mid:0\n");
        assert_eq!(clean, "v=0\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n");
    }

    #[test]
    fn malformed_candidate_lines_are_dropped_not_passed_on() {
        let clean = without_agent_addresses("a=candidate:1 1 udp\r\na=candidate:\r\na=mid:0\r\n");
        assert_eq!(clean, "a=mid:0\r\n");
    }

    #[test]
    fn empty_offer_stays_empty() {
        assert_eq!(without_agent_addresses(""), "");
    }
}
