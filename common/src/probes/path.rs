//! What lies on the path between the agent and the server, as the server sees the
//! page's own requests: a web proxy (the headers it adds, whether it rewrites the
//! page's headers) and the TCP maximum segment size, from which the path's MTU
//! follows (a VPN or tunnel shrinks it). The server fills this in at ingest from the
//! request that saves the run; the page shows what `GET /api/whoami` said.

use serde::{Deserialize, Serialize};

/// What the server saw of the page's requests.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathReport {
    /// A proxy's marks on the request, if any.
    #[serde(default)]
    pub proxy: Option<ProxyEvidence>,
    /// Whether a header the page set arrived unchanged; `None` when not checked.
    #[serde(default)]
    pub headers_intact: Option<bool>,
    /// The TCP maximum segment size of the connection, in bytes; `None` when the
    /// server cannot see the agent's own connection (behind a reverse proxy).
    #[serde(default)]
    pub mss: Option<u32>,
    /// Whether the connection was IPv6 (40 bytes of header instead of 20).
    #[serde(default)]
    pub ipv6: bool,
}

/// The public addresses one run's probes came from, as the server saw them, in
/// anonymised form: the raw addresses are compared in memory and never stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicReport {
    /// Each path and the (anonymised) address it came from.
    pub seen: Vec<SeenAddress>,
    /// How many distinct public addresses, counted per family (IPv6 per /64): a
    /// dual-stack computer using IPv6 for one path and IPv4 for another is one.
    pub distinct: u32,
}

/// One path of a run and the address it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeenAddress {
    /// "HTTPS", "WebSocket", "TURN", "UDP 16384"…
    pub via: String,
    /// The address's anonymised id (the same as the report's "public address id").
    pub address: String,
}

impl PublicReport {
    /// The paths grouped by address: `[("id", ["HTTPS", "WebSocket"]), …]`.
    pub fn by_address(&self) -> Vec<(String, Vec<String>)> {
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        for seen in &self.seen {
            match groups.iter_mut().find(|(a, _)| *a == seen.address) {
                Some((_, vias)) => {
                    if !vias.contains(&seen.via) {
                        vias.push(seen.via.clone())
                    }
                }
                None => groups.push((seen.address.clone(), vec![seen.via.clone()])),
            }
        }
        groups
    }
}

/// How the agent's NAT maps one local UDP socket toward two server ports (RFC 4787
/// terms), as the server saw the page's TURN probes to both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NatMapping {
    /// The same public address and port toward both: peer-to-peer media can work.
    EndpointIndependent,
    /// The same address, another port per destination ("symmetric"): peer-to-peer
    /// media fails, calls need TURN.
    PortDependent,
    /// Another public address per destination.
    AddressDependent,
}

/// The paths of one address in words, the probes to single UDP ports counted
/// together ("HTTPS, WebSocket, TURN, UDP to 18 ports").
pub fn describe_paths(vias: &[String]) -> String {
    let udp = vias.iter().filter(|v| v.starts_with("UDP ")).count();
    let mut named: Vec<String> = vias.iter().filter(|v| !v.starts_with("UDP ")).cloned().collect();
    match udp {
        0 => {}
        1 => named.extend(vias.iter().filter(|v| v.starts_with("UDP ")).cloned()),
        n => named.push(format!("UDP to {n} ports")),
    }
    named.join(", ")
}

/// What CallReady's own TLS listener received from this run's page: the handshake
/// that reached it, whose stack is compared with the browser the page runs in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsReport {
    /// The listener's port.
    pub port: u16,
    /// Its certificate is self-signed: browsers refuse it, so nothing can be compared.
    #[serde(default)]
    pub self_signed: bool,
    /// The ClientHello that arrived under this run's probe token, if one did.
    #[serde(default)]
    pub hello: Option<crate::tls_hello::HelloSummary>,
}

/// The marks a forward proxy left on a request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProxyEvidence {
    /// The product and version when a header names it (`squid/5.7`, `tinyproxy/1.11.1`).
    #[serde(default)]
    pub product: Option<String>,
    /// The header names that gave it away (`via`, `x-forwarded-for`…).
    pub headers: Vec<String>,
}

/// Headers forward proxies add to the requests they pass on.
const PROXY_HEADERS: [&str; 8] = [
    "via",
    "forwarded",
    "x-forwarded-for",
    "x-bluecoat-via",
    "x-proxy-id",
    "proxy-connection",
    "x-forwarded-host",
    "client-ip",
];

/// Longest product name kept from a header.
const MAX_PRODUCT_CHARS: usize = 60;

/// A `Via` element's comment or received-by (`1.1 proxy.corp (squid/5.7)`,
/// `1.1 squid`) as a product name, when it looks like one.
fn product_of_via(via: &str) -> Option<String> {
    let element = via.split(',').next()?.trim();
    let named = match (element.find('('), element.rfind(')')) {
        (Some(open), Some(close)) if close > open + 1 => element[open + 1..close].trim(),
        _ => element.split_whitespace().nth(1)?,
    };
    let clean: String =
        named.chars().filter(|c| c.is_ascii_alphanumeric() || " ./-_:".contains(*c)).take(MAX_PRODUCT_CHARS).collect();
    (!clean.is_empty()).then_some(clean)
}

/// How many entries a list-valued header has (`a, b, c` → 3).
fn entries(value: &str) -> usize {
    value.split(',').filter(|e| !e.trim().is_empty()).count()
}

impl ProxyEvidence {
    /// The evidence in a request's headers (lower-case names), leaving out what
    /// `trusted_hops` reverse proxies of the operator's own add in front of the
    /// server: one entry of each list header per hop, and any header a reverse proxy
    /// sets alone. `None` when nothing is left.
    pub fn from_headers<'a>(
        headers: impl IntoIterator<Item = (&'a str, &'a str)>,
        trusted_hops: usize,
    ) -> Option<Self> {
        let mut found: Vec<String> = Vec::new();
        let mut product = None;
        let mut via_entries = 0;
        let mut via_value = String::new();
        let mut lists: Vec<(&str, usize)> = Vec::new();
        for (name, value) in headers {
            let name = name.to_ascii_lowercase();
            let Some(known) = PROXY_HEADERS.iter().find(|h| **h == name) else { continue };
            match *known {
                "via" => {
                    via_entries += entries(value);
                    if !via_value.is_empty() {
                        via_value.push_str(", ");
                    }
                    via_value.push_str(value);
                }
                "forwarded" | "x-forwarded-for" => match lists.iter_mut().find(|(n, _)| *n == *known) {
                    Some((_, n)) => *n += entries(value),
                    None => lists.push((known, entries(value))),
                },
                "x-bluecoat-via" => {
                    product.get_or_insert_with(|| "Blue Coat ProxySG".to_string());
                    found.push(known.to_string());
                }
                // Set by a reverse proxy alone, never a sign beyond it.
                "x-forwarded-host" | "client-ip" if trusted_hops > 0 => {}
                _ => found.push(known.to_string()),
            }
        }
        // The operator's reverse proxies append the last entries of each list.
        if via_entries > trusted_hops {
            found.push("via".into());
            // The first element is the hop nearest the agent.
            if product.is_none() {
                product = product_of_via(&via_value);
            }
        }
        for (name, count) in lists {
            if count > trusted_hops {
                found.push(name.to_string());
            }
        }
        if found.is_empty() {
            return None;
        }
        found.sort();
        found.dedup();
        Some(ProxyEvidence { product, headers: found })
    }

    /// "tinyproxy/1.11.1", or "a web proxy" when no header names it.
    pub fn name(&self) -> String {
        match &self.product {
            Some(product) => format!("a web proxy ({product})"),
            None => "a web proxy".to_string(),
        }
    }
}

/// The path MTU a TCP maximum segment size implies, as a range: the MSS leaves out
/// the IP and TCP headers (40 bytes, 60 over IPv6) and, when both ends use TCP
/// timestamps (Linux and macOS do, Windows does not), 12 bytes of options more.
pub fn mtu_range(mss: u32, ipv6: bool) -> (u32, u32) {
    let headers = if ipv6 { 60 } else { 40 };
    (mss + headers, mss + headers + 12)
}

/// Whether a path with this MSS carries 1500-byte packets (with or without
/// timestamps).
pub fn carries_1500(mss: u32, ipv6: bool) -> bool {
    mtu_range(mss, ipv6).1 >= 1500
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(headers: &[(&str, &str)], trusted: usize) -> Option<ProxyEvidence> {
        ProxyEvidence::from_headers(headers.iter().copied(), trusted)
    }

    #[test]
    fn a_via_header_names_the_proxy() {
        let found = evidence(&[("Via", "1.1 gw.corp.example (tinyproxy/1.11.1)")], 0).unwrap();
        assert_eq!(found.product.as_deref(), Some("tinyproxy/1.11.1"));
        assert_eq!(found.headers, ["via"]);
        assert_eq!(found.name(), "a web proxy (tinyproxy/1.11.1)");
        let squid = evidence(&[("via", "1.1 squid"), ("x-forwarded-for", "10.0.0.7")], 0).unwrap();
        assert_eq!(squid.product.as_deref(), Some("squid"));
        assert_eq!(squid.headers, ["via", "x-forwarded-for"]);
        let bluecoat = evidence(&[("X-BlueCoat-Via", "6a8c0f2e1d3b4a59")], 0).unwrap();
        assert_eq!(bluecoat.product.as_deref(), Some("Blue Coat ProxySG"));
    }

    #[test]
    fn a_plain_request_shows_no_proxy() {
        let headers = [("host", "callready.example.com"), ("user-agent", "Mozilla/5.0"), ("accept", "*/*")];
        assert_eq!(evidence(&headers, 0), None);
    }

    #[test]
    fn the_operator_s_own_reverse_proxy_is_not_a_finding() {
        let nginx =
            [("x-forwarded-for", "203.0.113.9"), ("x-forwarded-host", "cr.example.com"), ("x-real-ip", "203.0.113.9")];
        assert_eq!(evidence(&nginx, 1), None);
        assert!(evidence(&nginx, 0).is_some(), "without a trusted hop it is evidence");
        let through_both = [("x-forwarded-for", "10.1.2.3, 203.0.113.9"), ("via", "1.1 bluecoat, 1.1 nginx")];
        let found = evidence(&through_both, 1).unwrap();
        assert_eq!(found.headers, ["via", "x-forwarded-for"]);
        assert_eq!(found.product.as_deref(), Some("bluecoat"), "the hop nearest the agent");
    }

    #[test]
    fn a_product_name_is_cleaned_and_bounded() {
        let found = evidence(&[("via", "1.1 x (<script>alert(1)</script>)")], 0).unwrap();
        assert!(!found.product.as_deref().unwrap().contains('<'));
        let long = format!("1.1 x ({})", "a".repeat(500));
        assert_eq!(evidence(&[("via", long.as_str())], 0).unwrap().product.unwrap().len(), MAX_PRODUCT_CHARS);
    }

    #[test]
    fn the_mss_gives_the_mtu_with_or_without_timestamps() {
        assert_eq!(mtu_range(1448, false), (1488, 1500));
        assert_eq!(mtu_range(1460, false), (1500, 1512));
        assert!(carries_1500(1448, false) && carries_1500(1460, false) && carries_1500(1428, true));
        assert_eq!(mtu_range(1348, false), (1388, 1400), "a 1400-byte tunnel");
        assert!(!carries_1500(1348, false) && !carries_1500(1360, false));
    }
}
