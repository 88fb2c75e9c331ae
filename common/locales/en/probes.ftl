## The agent page's probe rows (titles, progress, one-line summaries) and the
## report's figures. Durations, rates and percentages arrive written with the
## language's units and decimal mark; host names, ports, addresses, URLs, protocol
## names and ICE candidate types are data and arrive as they are.

## Rows.
# Between the parts of a summary or figure ("TCP 2 of 2 open; UDP 16 of 16 sampled ports").
probe-separator = {"; "}
probe-starting = starting
row-not-offered = not offered by this server
row-nothing-to-test-platform = the session's requirements name no extra ports or addresses

## Browser and computer.
probe-browser-title = Browser and computer
# $gb: the memory the browser reports, in gigabytes (a written number).
probe-browser-memory = { $gb } GB
probe-browser-memory-unknown = memory unknown
# "Chrome 131 on Windows": $browser and $os are names, $major the browser's version.
probe-browser-ua = { $browser } { $major } on { $os }
probe-browser-ua-no-version = { $browser } on { $os }
probe-browser-unknown-browser = Unknown browser
probe-browser-unknown-os = unknown OS

## HTTPS.
probe-https-title = HTTPS to the platform
probe-https-progress = request { $request } of { $requests }
probe-https-summary = median { $median }, p95 { $p95 }
probe-https-unreachable = unreachable
figure-https-round-trip = HTTPS round trip (median / p95)
figure-https-answered = HTTPS requests answered
figure-https-answered-value = { $answered } of { $attempts }

## WebSocket and SIP.
probe-websocket-title = WebSocket and SIP
probe-websocket-connecting = connecting
probe-websocket-echo = echo { $echo } of { $echoes }
# $status: the SIP status code ("200").
probe-websocket-sip-answered = echo median { $median }; SIP answered { $status }
probe-websocket-sip-failed = echo median { $median }; SIP failed
probe-websocket-blocked = blocked
figure-websocket-connect = WebSocket connect
figure-websocket-echo = WebSocket echo (median / p95)
figure-sip-options = SIP OPTIONS round trip
figure-sip-no-answer = no answer

## Proxy and path MTU.
probe-path-title = Proxy and path MTU
probe-path-asking = asking the server what it sees
probe-path-not-asked = the server could not be asked
# $product: the proxy's name as it gives it ("squid/6.1").
probe-path-through-proxy = through a web proxy ({ $product })
probe-path-through-unnamed-proxy = through a web proxy
probe-path-no-proxy = no proxy seen
# $proxy: one of the three messages above.
probe-path-summary-mtu = { $proxy }; MTU { $low }–{ $high }
figure-web-proxy = Web proxy (server's view)
# $proxy: the proxy's name, or figure-proxy-unnamed; $headers: HTTP header names.
figure-proxy-seen = { $proxy } (headers: { $headers })
figure-proxy-unnamed = unnamed
figure-proxy-none = none seen
figure-tcp-mss = TCP MSS (server's view)
figure-mss-value = { $mss } bytes (MTU { $low }–{ $high })
figure-mss-not-measured = not measured
figure-request-headers = Request headers
figure-request-headers-changed = changed on the way

## TLS inspection.
probe-tls-title = TLS inspection
probe-tls-progress = one HTTPS request to the server's TLS probe
probe-tls-self-signed = not tested: the server's certificate is self-signed
probe-tls-probed = probed; the server compares
probe-tls-no-answer = port { $port }: no answer
probe-tls-refused = port { $port }: refused or blocked
figure-tls-handshake = TLS handshake at the server (port { $port })
figure-tls-none = none received
# The TLS stack that sent the handshake the server received.
figure-tls-family-chromium = Chromium's BoringSSL
figure-tls-family-firefox = Firefox's NSS
figure-tls-family-other = a TLS stack no browser uses

## WebRTC media path (ICE).
probe-ice-title = WebRTC media path
probe-ice-progress = gathering over { $count ->
    [one] { $count } transport
   *[other] { $count } transports
}
probe-ice-no-path = no path works
probe-ice-stun-udp = STUN over UDP
probe-ice-turn-udp = TURN over UDP
probe-ice-turn-tcp = TURN over TCP
probe-ice-turn-tls = TURN over TLS
# "TURN over UDP to UDP turn.example.com:3478": $transport is one of the four above.
figure-ice-server = { $transport } to { $server }
figure-ice-works = works
figure-ice-fails = fails
figure-not-tested-self-signed = not tested: self-signed certificate
figure-ice-no-candidates = no candidates
figure-ice-first-candidate = first candidate { $time }
figure-ice-gathered = gathered in { $time }
# $pair: "relay (TLS) → host, 45 ms" (ICE candidate types, kept as they are).
figure-ice-connected = connected { $pair }
figure-ice-not-connected = did not connect
figure-ice-signalling-failed = connection not tried (signalling failed)

## Platform ports and addresses.
probe-platform-title = Platform ports and addresses
# $profile: the name of the session's requirement profile.
probe-platform-progress = checking what { $profile } needs
probe-platform-tcp = TCP { $open } of { $tested } open
probe-platform-udp = UDP { $reached } of { $sampled ->
    [one] { $sampled } sampled port
   *[other] { $sampled } sampled ports
}
probe-platform-addresses = { $answering } of { $count ->
    [one] { $count } address
   *[other] { $count } addresses
}
figure-tcp-port = TCP { $port } to { $host }
figure-port-open = open ({ $time })
figure-port-websocket-blocked = web requests only: WebSocket blocked
figure-port-refused = refused
figure-port-no-answer = no answer (blocked)
figure-port-not-offered = not offered by this server
figure-port-browser-refuses = browsers never connect to it
# "UDP 16384–32768 to media.example.com"
figure-udp-range = { $range } to { $host }
figure-udp-reached = { $reached } of { $sampled ->
    [one] { $sampled } sampled port reached
   *[other] { $sampled } sampled ports reached
}
# $ports: a list of port numbers.
figure-udp-no-answer-on = no answer on { $ports }
figure-udp-not-offered = { $count } not offered
figure-udp-not-sampled = could not be sampled
figure-domain-reachable = reachable ({ $time })
figure-domain-failed = blocked or not found
figure-domain-no-answer = no answer (blocked)
figure-domain-insecure = not tested: plain HTTP

## NAT behaviour.
probe-nat-title = NAT behaviour
probe-nat-progress = two ports, one socket
probe-nat-webrtc-refused = WebRTC refused
probe-nat-probed = probed; the server compares
figure-nat-mapping = NAT mapping toward two server ports
figure-nat-endpoint-independent = endpoint-independent mapping
figure-nat-port-dependent = port-dependent mapping (symmetric)
figure-nat-address-dependent = address-dependent mapping (symmetric)

## One public address.
probe-public-title = One public address
probe-public-asking = asking the server
probe-public-not-asked = the server could not be asked
probe-public-summary = { $count ->
    [one] one public address
   *[other] { $count } public addresses
}
# $address: an anonymised address id.
figure-public-address = Public address { $address }
# Among the paths that left through one address: probes to several UDP ports.
figure-public-udp-ports = UDP to { $count } ports

## Call quality.
probe-media-title = Call quality
probe-media-connecting = connecting to the echo peer
probe-media-stream = call stream { $second } of { $seconds } s
probe-media-stream-calls = { $calls } calls, call stream { $second } of { $seconds } s
probe-media-summary = MOS { $mos }, loss { $loss }
probe-media-no-stream = no media stream
# $packets: packets per second of each call.
figure-stream = Call-like stream ({ $packets } packets/s)
figure-stream-calls = Call-like stream ({ $calls } calls × { $packets } packets/s)
figure-stream-value = MOS { $mos }, RTT { $rtt } median, jitter { $jitter }, loss { $loss } ({ $received } of { $sent ->
    [one] { $sent } packet
   *[other] { $sent } packets
})
figure-stream-none = no stream
figure-media-path = Media path (selected pair)
figure-audio-loopback = Audio loopback (browser getStats)
# $sent and $echoed: packet counts, or a dash.
figure-audio-value = RTT { $rtt }, jitter { $out } out / { $back } back, loss { $loss } ({ $sent } sent, { $echoed } echoed)
figure-audio-agrees = agrees with the stream
# $why: what differs, as the report's engine writes it.
figure-audio-disagrees = disagrees with the stream: { $why }

## Bandwidth.
probe-bandwidth-title = Bandwidth
probe-bandwidth-download = download { $rate } ({ $streams ->
    [one] { $streams } stream
   *[other] { $streams } streams
})
probe-bandwidth-upload = upload { $rate } ({ $streams ->
    [one] { $streams } stream
   *[other] { $streams } streams
})
probe-bandwidth-summary = down { $down }, up { $up }
probe-bandwidth-failed = failed
figure-download = Download goodput (steady state)
figure-upload = Upload goodput (steady state)
figure-line-rate = Line rate (estimated from the goodput, Ethernet framing)
figure-line-rate-value = ≈ { $down } down, { $up } up
figure-counted = Bytes counted at
figure-counted-server = the server's TCP socket
figure-counted-page = the page (the server could not count them)
# $seconds: a duration with its unit ("12.0 s").
figure-transfer-value = { $rate } ({ $streams ->
    [one] { $streams } stream
   *[other] { $streams } streams
}, { $megabytes } MB in { $seconds })
figure-not-measured-because = not measured ({ $why })
figure-failure-network = Network
figure-failure-timeout = Timeout
figure-failure-status = Status {"{"} code: { $code } {"}"}
figure-capacity = Simultaneous calls this link carries
figure-capacity-value = about { $calls } at { $rate } each
figure-loaded-round-trip = Round trip idle / during download / during upload

## Regions (a deployment with several nodes): the row above the probes on the
## agent's page, and the table under a run's figures in the report. $region is a
## region's display name; $rtt a duration with its unit, or region-no-answer.
region-title = Region
region-measuring = { $count ->
    [one] measuring { $count } region…
   *[other] measuring { $count } regions…
}
region-nearest = { $region } (nearest, { $rtt })
region-pinned = { $region } (pinned by the invite, { $rtt })
# $pinned: the region the invite pins (its display name, else its name).
region-pin-unavailable = { $region } (nearest, { $rtt }); the invite's region { $pinned } is not available
region-none-answered = { $region } (this server: no region answered in time)
# $chosen: the region measured nearest, which then did not give the test's settings.
region-fallback = { $region } (this server: { $chosen } did not answer)
region-no-answer = no answer
# $duration: a duration with its unit ("0.8 s").
report-regions-caption = Regions (measured in { $duration })
report-region = Region
report-region-https = HTTPS round trip
report-region-stun = STUN round trip
report-region-test = Used
report-region-used = used
report-region-pinned = used, pinned by the invite
# $region: the region the invite pins (its display name, else its name).
report-region-pin-unavailable = The invite pins the region { $region }, which was not available for this test.
