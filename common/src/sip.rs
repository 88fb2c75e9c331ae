//! Just enough SIP (RFC 3261) over WebSocket (RFC 7118) to prove that a SIP
//! transaction survives the agent's network: the page sends `OPTIONS`, the server
//! answers `200 OK` echoing Via, From, Call-ID and CSeq, and the page checks that
//! the answer belongs to its request. One WebSocket message carries exactly one SIP
//! message (RFC 7118 §4), so no stream framing is needed.

/// The WebSocket subprotocol name registered for SIP (RFC 7118 §3).
pub const SUBPROTOCOL: &str = "sip";
/// Magic cookie every RFC 3261 branch parameter starts with.
pub const BRANCH_COOKIE: &str = "z9hG4bK";

/// The first line of a SIP message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartLine {
    /// A request line: `METHOD uri SIP/2.0`.
    Request {
        /// The method, in upper case (`OPTIONS`).
        method: String,
        /// The Request-URI (`sip:echo@callready.example.com`).
        uri: String,
    },
    /// A status line: `SIP/2.0 status reason`.
    Response {
        /// The status code, 100 to 699.
        status: u16,
        /// The reason phrase (`OK`); may be empty.
        reason: String,
    },
}

/// A parsed SIP message. Header names keep their order and are compared
/// case-insensitively, with compact forms expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SipMessage {
    /// The request or status line.
    pub start: StartLine,
    /// Header lines as `(name, value)` in message order: names as written, values
    /// trimmed, folded lines joined.
    pub headers: Vec<(String, String)>,
    /// Everything after the blank line that ends the headers.
    pub body: String,
}

/// Why a text is not a SIP message, or why a request cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SipError {
    /// The first line is empty.
    #[error("the message has no start line")]
    Empty,
    /// The start line (its first 80 characters) is not a SIP request or status line;
    /// [`answer`] also gives it for a response.
    #[error("the start line '{0}' is neither a SIP request nor a SIP response")]
    BadStartLine(String),
    /// A header line without a colon, a folded line with no header before it, or a
    /// Content-Length that is not a number.
    #[error("the header line '{0}' has no colon")]
    BadHeader(String),
    /// No blank line (CRLF CRLF) ends the headers.
    #[error("the message has no blank line after its headers")]
    Unterminated,
    /// Content-Length disagrees with the body.
    #[error("Content-Length says {declared} bytes but the body has {actual}")]
    LengthMismatch {
        /// Bytes Content-Length declares.
        declared: usize,
        /// Bytes the body has.
        actual: usize,
    },
    /// [`answer`] needs this header and the request lacks it.
    #[error("the request lacks the {0} header")]
    MissingHeader(&'static str),
}

fn full_name(name: &str) -> String {
    let lower = name.trim().to_ascii_lowercase();
    match lower.as_str() {
        "v" => "via".into(),
        "f" => "from".into(),
        "t" => "to".into(),
        "i" => "call-id".into(),
        "l" => "content-length".into(),
        "m" => "contact".into(),
        _ => lower,
    }
}

impl SipMessage {
    /// All values of a header, in order (name case-insensitive, compact forms ok).
    pub fn header_values<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> + 'a {
        let wanted = full_name(name);
        self.headers.iter().filter(move |(n, _)| full_name(n) == wanted).map(|(_, v)| v.as_str())
    }

    /// The first value of a header (name case-insensitive, compact forms ok).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.header_values(name).next()
    }

    /// The `branch` parameter of the topmost Via.
    pub fn top_branch(&self) -> Option<&str> {
        let via = self.header("via")?;
        let first = via.split(',').next()?;
        first
            .split(';')
            .skip(1)
            .filter_map(|p| p.trim().split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("branch"))
            .map(|(_, v)| v.trim())
    }

    /// Parses one message: start line, CRLF-separated headers up to the blank line, then
    /// the body, checked against Content-Length when there is one.
    pub fn parse(text: &str) -> Result<SipMessage, SipError> {
        let (head, body) = text.split_once("\r\n\r\n").ok_or(SipError::Unterminated)?;
        let mut lines = head.split("\r\n");
        let first = lines.next().filter(|l| !l.is_empty()).ok_or(SipError::Empty)?;
        let start = parse_start_line(first)?;
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in lines {
            if line.starts_with(' ') || line.starts_with('\t') {
                // Folded continuation of the previous header (RFC 3261 §7.3.1).
                let last = headers.last_mut().ok_or_else(|| SipError::BadHeader(line.into()))?;
                last.1.push(' ');
                last.1.push_str(line.trim());
                // A fold around an empty value must read as the value itself.
                last.1 = last.1.trim().to_string();
                continue;
            }
            let (name, value) = line.split_once(':').ok_or_else(|| SipError::BadHeader(line.into()))?;
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
        let message = SipMessage { start, headers, body: body.to_string() };
        if let Some(declared) = message.header("content-length") {
            let declared: usize =
                declared.parse().map_err(|_| SipError::BadHeader(format!("Content-Length: {declared}")))?;
            if declared != body.len() {
                return Err(SipError::LengthMismatch { declared, actual: body.len() });
            }
        }
        Ok(message)
    }
}

fn parse_start_line(line: &str) -> Result<StartLine, SipError> {
    let bad = || SipError::BadStartLine(line.chars().take(80).collect());
    if let Some(rest) = line.strip_prefix("SIP/2.0 ") {
        let (code, reason) = rest.split_once(' ').unwrap_or((rest, ""));
        let status: u16 = code.parse().map_err(|_| bad())?;
        if !(100..700).contains(&status) {
            return Err(bad());
        }
        return Ok(StartLine::Response { status, reason: reason.to_string() });
    }
    let mut parts = line.split(' ');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(method), Some(uri), Some("SIP/2.0"), None)
            if !method.is_empty() && method.bytes().all(|b| b.is_ascii_uppercase()) && !uri.is_empty() =>
        {
            Ok(StartLine::Request { method: method.into(), uri: uri.into() })
        }
        _ => Err(bad()),
    }
}

/// Identifiers the page invents for one OPTIONS transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionsIds {
    /// Random token; becomes the `.invalid` host of Via and From (RFC 7118 §5.2).
    pub instance: String,
    /// Random part of the Via branch, after [`BRANCH_COOKIE`].
    pub branch_suffix: String,
    /// The `tag` of the From header.
    pub from_tag: String,
    /// The Call-ID header.
    pub call_id: String,
}

/// The OPTIONS request the page sends to `sip:echo@{domain}`.
pub fn options_request(domain: &str, ids: &OptionsIds) -> String {
    format!(
        "OPTIONS sip:echo@{domain} SIP/2.0\r\n\
         Via: SIP/2.0/WSS {instance}.invalid;branch={BRANCH_COOKIE}{branch}\r\n\
         Max-Forwards: 70\r\n\
         To: <sip:echo@{domain}>\r\n\
         From: <sip:agent@{instance}.invalid>;tag={tag}\r\n\
         Call-ID: {call_id}\r\n\
         CSeq: 1 OPTIONS\r\n\
         Accept: application/sdp\r\n\
         User-Agent: CallReady\r\n\
         Content-Length: 0\r\n\r\n",
        instance = ids.instance,
        branch = ids.branch_suffix,
        tag = ids.from_tag,
        call_id = ids.call_id,
    )
}

/// What the server answers to a request: `200 OK` to OPTIONS, `405` to anything
/// else. Via, From, Call-ID and CSeq are copied as RFC 3261 §8.2.6.2 requires; the
/// To header gets the server's tag.
pub fn answer(request: &SipMessage, to_tag: &str) -> Result<String, SipError> {
    let StartLine::Request { method, .. } = &request.start else {
        return Err(SipError::BadStartLine("a response cannot be answered".into()));
    };
    let (status, reason) = if method == "OPTIONS" { (200, "OK") } else { (405, "Method Not Allowed") };
    let required = |name: &'static str| request.header(name).ok_or(SipError::MissingHeader(name));
    let from = required("from")?;
    let to = required("to")?;
    let call_id = required("call-id")?;
    let cseq = required("cseq")?;
    if request.header("via").is_none() {
        return Err(SipError::MissingHeader("Via"));
    }
    let mut out = format!("SIP/2.0 {status} {reason}\r\n");
    for via in request.header_values("via") {
        out.push_str(&format!("Via: {via}\r\n"));
    }
    let to = if to.contains(";tag=") { to.to_string() } else { format!("{to};tag={to_tag}") };
    out.push_str(&format!(
        "From: {from}\r\nTo: {to}\r\nCall-ID: {call_id}\r\nCSeq: {cseq}\r\n\
         Allow: OPTIONS\r\nAccept: application/sdp\r\nServer: CallReady\r\nContent-Length: 0\r\n\r\n"
    ));
    Ok(out)
}

/// Whether `response` is a final answer to `request`: same top Via branch, Call-ID
/// and CSeq. Returns the status code when it matches.
pub fn response_status_for(request: &SipMessage, response: &SipMessage) -> Option<u16> {
    let StartLine::Response { status, .. } = response.start else {
        return None;
    };
    let same = |name| request.header(name).is_some() && request.header(name) == response.header(name);
    (request.top_branch().is_some() && request.top_branch() == response.top_branch() && same("call-id") && same("cseq"))
        .then_some(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> OptionsIds {
        OptionsIds {
            instance: "k3f9a2".into(),
            branch_suffix: "abc123".into(),
            from_tag: "t1".into(),
            call_id: "c0ffee@callready".into(),
        }
    }

    #[test]
    fn options_request_is_a_well_formed_sip_request() {
        let text = options_request("callready.example", &ids());
        let msg = SipMessage::parse(&text).unwrap();
        assert_eq!(
            msg.start,
            StartLine::Request { method: "OPTIONS".into(), uri: "sip:echo@callready.example".into() }
        );
        assert_eq!(msg.top_branch(), Some("z9hG4bKabc123"));
        assert_eq!(msg.header("CSeq"), Some("1 OPTIONS"));
        assert_eq!(msg.header("i"), Some("c0ffee@callready"));
        assert!(msg.body.is_empty());
    }

    #[test]
    fn answer_to_options_is_200_that_matches_the_request() {
        let request = SipMessage::parse(&options_request("h", &ids())).unwrap();
        let response = SipMessage::parse(&answer(&request, "srv").unwrap()).unwrap();
        assert_eq!(response.start, StartLine::Response { status: 200, reason: "OK".into() });
        assert_eq!(response.header("to"), Some("<sip:echo@h>;tag=srv"));
        assert_eq!(response.header("from"), request.header("from"));
        assert_eq!(response_status_for(&request, &response), Some(200));
    }

    #[test]
    fn answer_copies_every_via_in_order() {
        let text = "OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/WSS a.invalid;branch=z9hG4bK1\r\nv: SIP/2.0/WSS b.invalid;branch=z9hG4bK2\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:x>\r\nCall-ID: 9\r\nCSeq: 7 OPTIONS\r\n\r\n";
        let request = SipMessage::parse(text).unwrap();
        let response = SipMessage::parse(&answer(&request, "s").unwrap()).unwrap();
        let vias: Vec<_> = response.header_values("via").collect();
        assert_eq!(vias, ["SIP/2.0/WSS a.invalid;branch=z9hG4bK1", "SIP/2.0/WSS b.invalid;branch=z9hG4bK2"]);
        assert_eq!(response.header("cseq"), Some("7 OPTIONS"));
    }

    #[test]
    fn other_methods_get_405() {
        let text = options_request("h", &ids()).replacen("OPTIONS sip", "INVITE sip", 1);
        let request = SipMessage::parse(&text).unwrap();
        let response = SipMessage::parse(&answer(&request, "s").unwrap()).unwrap();
        assert_eq!(response_status_for(&request, &response), Some(405));
    }

    #[test]
    fn response_to_another_transaction_does_not_match() {
        let request = SipMessage::parse(&options_request("h", &ids())).unwrap();
        let mut other_ids = ids();
        other_ids.call_id = "someone-else".into();
        let other = SipMessage::parse(&options_request("h", &other_ids)).unwrap();
        let response = SipMessage::parse(&answer(&other, "s").unwrap()).unwrap();
        assert_eq!(response_status_for(&request, &response), None);
        assert_eq!(response_status_for(&request, &request), None, "a request is not a response");
    }

    #[test]
    fn malformed_messages_are_rejected() {
        assert_eq!(SipMessage::parse("OPTIONS sip:x SIP/2.0\r\nVia: x"), Err(SipError::Unterminated));
        assert!(matches!(SipMessage::parse("HELLO\r\n\r\n"), Err(SipError::BadStartLine(_))));
        assert!(matches!(SipMessage::parse("OPTIONS sip:x SIP/2.0\r\nnocolon\r\n\r\n"), Err(SipError::BadHeader(_))));
        assert_eq!(
            SipMessage::parse("OPTIONS sip:x SIP/2.0\r\nContent-Length: 4\r\n\r\nab"),
            Err(SipError::LengthMismatch { declared: 4, actual: 2 })
        );
        assert!(matches!(SipMessage::parse("SIP/2.0 99 Low\r\n\r\n"), Err(SipError::BadStartLine(_))));
    }

    #[test]
    fn request_without_call_id_cannot_be_answered() {
        let text = "OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/WSS a.invalid;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:x>\r\nCSeq: 1 OPTIONS\r\n\r\n";
        let request = SipMessage::parse(text).unwrap();
        assert_eq!(answer(&request, "s"), Err(SipError::MissingHeader("call-id")));
    }

    #[test]
    fn folded_header_lines_are_joined() {
        let text = "OPTIONS sip:x SIP/2.0\r\nSubject: a\r\n  b\r\n\r\n";
        let msg = SipMessage::parse(text).unwrap();
        assert_eq!(msg.header("subject"), Some("a b"));
    }
}
