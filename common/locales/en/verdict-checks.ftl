## The verdict's lines for the browser, the computer, HTTPS, WebSocket, SIP, the
## WebRTC media path, call quality, bandwidth and latency under load: what was
## measured (a summary), what the agent should do (a fix) and, for a check that
## could not run, why. Round trips, rates and percentages come with their unit.

## Shared by several checks.
verdict-checks-latency-fix = Round trips are too slow for comfortable calls. Use a wired connection instead of Wi-Fi, pause large downloads and video streaming, and switch off any VPN for the test. If it stays slow, ask IT to check the route to the platform.
# The server the page talked to, when its address is unknown. It takes the place of $server in the HTTPS and WebSocket fixes ("allow HTTPS to this server").
verdict-checks-this-server = this server
verdict-checks-media-service-fix = Run the test again in a minute. If this stays, tell support: the server may be overloaded.

## Browser. $browser is "Chrome 131 on Windows".
verdict-browser-ok = { $browser }, with WebRTC, microphone access and WebSocket.
# $missing lists what the browser lacks, from the three below.
verdict-browser-lacks = { $browser } lacks { $missing }: it cannot place calls.
verdict-browser-webrtc = WebRTC (RTCPeerConnection)
verdict-browser-microphone = microphone access (getUserMedia)
verdict-browser-websocket = WebSocket
# Joins the missing features: "WebRTC (RTCPeerConnection), WebSocket".
verdict-browser-and-more = { $first }, { $rest }
verdict-browser-lacks-fix = Use an up-to-date Google Chrome or Mozilla Firefox. If it is already one, ask IT whether a policy disables WebRTC or microphone access.
verdict-browser-unsupported = { $browser }: calling platforms support Chrome and Firefox; other browsers need the vendor's validation.
verdict-browser-unsupported-fix = Use Google Chrome or Mozilla Firefox for calls.
verdict-browser-old = { $browser } is older than version { $version }.
verdict-browser-old-fix = Update the browser (Help > About) and restart it.

## Computer. $gb and $recommended are amounts of memory in GB; $cores is one of the two processor texts.
verdict-computer-processors = { $count } logical processors
verdict-computer-processors-unknown = processor count unknown
verdict-computer-memory = At least { $gb } GB of memory; { $cores }.
verdict-computer-memory-low = The browser reports { $gb } GB of memory; softphones ask for { $recommended } GB; { $cores }.
verdict-computer-memory-low-fix = Close other applications during calls, or use a computer with at least { $recommended } GB of memory.
verdict-computer-memory-unknown = Memory: unknown (this browser does not report it); { $cores }.
verdict-computer-memory-unknown-fix = Check in the system settings that the computer has at least { $recommended } GB of memory.

## HTTPS to the platform. $server is "callready.example.com:443" or "this server".
verdict-https-round-trips = Median { $median }, p95 { $p95 } over { $count } requests.
verdict-https-lost = Median { $median }, p95 { $p95 } over { $count } requests; { $failed } of { $attempts } requests failed.
verdict-https-lost-fix = Some requests were lost: the connection is unstable. Use a wired connection and ask IT to check the firewall or proxy logs for { $server }.
# $why is one of the three reasons below.
verdict-https-unreachable = The platform could not be reached over HTTPS: { $why }.
verdict-https-timed-out = requests timed out
verdict-https-http-status = the server answered HTTP { $code }
verdict-https-network-error = the browser reported a network error
verdict-https-unreachable-fix = Check the internet connection. If other sites work, ask IT to allow HTTPS to { $server }.

## WebSocket.
verdict-websocket-connected-echo = Connected in { $connect }; echo median { $median }, p95 { $p95 } over { $count } round trips.
verdict-websocket-echo = Echo median { $median }, p95 { $p95 } over { $count } round trips.
verdict-websocket-connected-no-echo = Connected in { $connect }; no echo came back.
verdict-websocket-no-echo = No echo came back.
verdict-websocket-blocked = A proxy or firewall blocks WebSocket: calls cannot connect.
verdict-websocket-blocked-by-proxy = A web proxy blocks WebSocket: calls cannot connect.
# $product is what the proxy calls itself: "tinyproxy/1.11.1".
verdict-websocket-blocked-by-named-proxy = A web proxy ({ $product }) blocks WebSocket: calls cannot connect.
verdict-websocket-stopped-answering = The WebSocket connection opened but stopped answering: calls would drop.
verdict-websocket-closed-on-the-way = The WebSocket connection opened but was closed by something on the way: calls would drop.
verdict-websocket-altered = The WebSocket connection opened but returned altered messages: calls would drop.
verdict-websocket-unreachable = WebSocket could not connect either: the platform is unreachable from this network.
# $server is "callready.example.com:443" or "this server"; $proxy is one of the three below.
verdict-websocket-blocked-fix = Ask IT to let WebSocket connections (HTTP Upgrade) to { $server } through { $proxy } and the firewall, and to exclude it from TLS inspection.
verdict-websocket-the-proxy = the proxy
verdict-websocket-the-unnamed-proxy = the proxy (web proxy)
verdict-websocket-the-named-proxy = the proxy ({ $product })

## SIP over WebSocket.
verdict-sip-answered = SIP OPTIONS answered 200 OK in { $rtt }.
# $code is a SIP status code: "405".
verdict-sip-other-answer = SIP OPTIONS was answered { $code } instead of 200 OK.
verdict-sip-no-answer = SIP OPTIONS got no answer.
verdict-sip-connect-failed = The SIP WebSocket could not connect: calls cannot register.
verdict-sip-subprotocol-lost = The connection lost its "sip" subprotocol on the way: a proxy is rewriting WebSocket requests.
verdict-sip-timeout = No answer came back to a SIP OPTIONS request: something drops SIP messages.
verdict-sip-closed-early = The SIP WebSocket was closed before the answer: something cuts SIP connections.
verdict-sip-altered = The answer to SIP OPTIONS was altered on the way: something rewrites SIP.
verdict-sip-no-websocket = Not tested: SIP travels over WebSocket, which does not get through (see above).
verdict-sip-fix = Ask IT to allow SIP over WebSocket (subprotocol "sip") to this server and to switch off SIP ALG or SIP inspection on the firewall.

## WebRTC media path (STUN/TURN). $figures lists each probe's outcome, written with the six texts below ($transport is "TURN over TCP").
verdict-connectivity-works = { $transport } works
verdict-connectivity-works-in = { $transport } works ({ $time })
verdict-connectivity-self-signed = { $transport } not tested (this server's certificate is self-signed: a server setting, not your network)
verdict-connectivity-reaches-the-server = { $transport } reaches the server (connection not tested)
verdict-connectivity-no-direct-udp = { $transport }: no direct UDP path
verdict-connectivity-fails = { $transport } fails
verdict-connectivity-udp-works = UDP reaches the media servers: { $figures }.
verdict-connectivity-tcp-relay = UDP is blocked: calls will relay over TCP, expect higher latency ({ $figures }).
verdict-connectivity-udp-required = UDP is blocked, and this platform needs UDP for calls: only a TCP relay works ({ $figures }).
verdict-connectivity-tcp-relay-accepted = UDP is blocked; calls relay over TCP, which this platform accepts (expect a little more latency) ({ $figures }).
verdict-connectivity-no-signalling = Not tested end to end: setting up the media path needs a WebSocket to the server, which does not get through (see above). What was tested: { $figures }.
verdict-connectivity-no-service = The media path could not be tested: the server's media test service did not answer ({ $figures }).
verdict-connectivity-no-path = No media path works: neither UDP nor TCP reaches the relay server ({ $figures }).
# $servers lists the servers probed ("UDP turn.example.com:3478 and TCP turn.example.com:443") or is the text below.
verdict-connectivity-open-udp = Ask IT to open outbound { $servers } and the platform's media port range.
verdict-connectivity-no-path-fix = Ask IT to allow outbound { $servers } (STUN/TURN); without them calls have no audio.
verdict-connectivity-platform-servers = the platform's STUN/TURN servers
# The last of several servers: $init is the others, separated by commas ("UDP a:3478, UDP b:3478").
verdict-connectivity-servers-and = { $init } and { $last }

## Call quality. $rating is one of the four MOS ratings below; $loss is a percentage; $burst counts packets lost in a row.
verdict-call-quality-summary = MOS { $mos } ({ $rating }): round trip median { $median }, p95 { $p95 }, max { $max }; jitter { $jitter }; loss { $loss } (longest burst { $burst }) over { $packets } packets.
verdict-call-quality-excellent = excellent
verdict-call-quality-good = good
verdict-call-quality-fair = fair
verdict-call-quality-poor = poor
# Before the summary when the test ran several calls at once.
verdict-call-quality-calls = { $calls } simultaneous calls, { $summary }
# After the summary; $disagreement lists media-disagreement-rtt and -loss: "round trip 180 ms (audio) vs 20 ms (stream)".
verdict-call-quality-disagreement = { $summary } The browser's own audio statistics disagree: { $disagreement }.
# Where the browser's audio statistics and the call-like stream differ: $audio and $stream are the two views' figures.
media-disagreement = { $found }
media-disagreement-rtt = round trip { $audio } (audio) vs { $stream } (stream)
media-disagreement-loss = loss { $audio } (audio) vs { $stream } (stream)
verdict-call-quality-fix = Calls will sound degraded: use a wired connection, stop large downloads or video during calls, and ask IT to prioritise voice traffic (QoS) toward the platform.
# $check is the heading of the check that failed: "WebSocket".
verdict-call-quality-blocked = Not tested: the call-like stream needs what "{ $check }" found missing.
verdict-call-quality-no-service = The call-like stream could not be set up: the server's media test service did not answer.
verdict-call-quality-no-stream = No call-like stream could be set up with the server although the media path checks passed: something drops WebRTC media after the connection starts.
verdict-call-quality-no-stream-fix = Ask IT whether a firewall or VPN inspects or blocks WebRTC (DTLS/SRTP) traffic to the platform.

## Bandwidth and call capacity. $down, $up and $rate are rates; $calls and $needed count simultaneous calls.
verdict-bandwidth-capacity = Download { $down }, upload { $up }: this link carries about { $calls ->
    [one] { $calls } simultaneous call
   *[other] { $calls } simultaneous calls
} at { $rate } each; { $needed } needed.
verdict-bandwidth-download-too-low = The download rate is too low for { $needed } simultaneous calls: ask for a faster internet link (at least { $rate } each way), or keep other traffic off it during calls.
verdict-bandwidth-upload-too-low = The upload rate is too low for { $needed } simultaneous calls: ask for a faster internet link (at least { $rate } each way), or keep other traffic off it during calls.
# $why is one of the three reasons below.
verdict-bandwidth-unmeasured-download = The download rate could not be measured: { $why }.
verdict-bandwidth-unmeasured-upload = The upload rate could not be measured: { $why }.
verdict-bandwidth-unmeasured-both = The download and upload rate could not be measured: { $why }.
verdict-bandwidth-refused = the platform refused the transfers (HTTP { $code })
verdict-bandwidth-cut-off = transfers to the platform were cut off
verdict-bandwidth-too-little = too little got through in the time allowed
verdict-bandwidth-unmeasured-fix = Ask IT whether a proxy or firewall limits large HTTPS transfers to the platform, then run the test again.

## Latency under load (bufferbloat). $down and $up are round trips, or the "unknown" below; $direction is one of the two directions below.
verdict-loaded-latency-summary = Round trip idle { $idle }, during download { $down }, during upload { $up }: up to { $increase } more while the link is full ({ $direction }).
# A round trip on its own (the number and its unit).
verdict-loaded-latency-round-trip = { $rtt }
verdict-loaded-latency-unknown = unknown
verdict-loaded-latency-download = download
verdict-loaded-latency-upload = upload
verdict-loaded-latency-stalls = Round trip idle { $idle }, but no ping came back while the link was full: it stalls under load.
verdict-loaded-latency-fix = Calls will lag and break up whenever someone downloads or uploads: ask IT to enable smart queue management (SQM, fq_codel/CAKE) or QoS for voice on the router.
verdict-loaded-latency-no-websocket = Not measured: it times WebSocket pings, and the WebSocket does not get through (see above).
verdict-loaded-latency-no-transfer = Not measured: no transfer filled the link (see the bandwidth line).
verdict-loaded-latency-no-idle = Not measured: there was no idle round trip to compare with.
verdict-loaded-latency-run-again = Run the test again.

## Texts for IT: exact, for a network or IT person. They name what the page probed (a URL, a protocol, a port), what was observed, and the requirement it breaks. $server is "callready.example.com:443" or "this server"; $url is "wss://callready.example.com:443/ws/echo" or the text below.
verdict-checks-url-unknown-server = { $path } on the platform's server
# $requirement in the round-trip texts for IT: one of these two ($pass and $fail are round trips).
verdict-checks-rtt-warn-it = at or above the { $pass } the platform asks for (above { $fail } it fails)
verdict-checks-rtt-fail-it = above { $fail }, the most the platform accepts (it asks for under { $pass })

verdict-browser-lacks-it = The page ran in { $browser }, which lacks { $missing }; calls need RTCPeerConnection, getUserMedia and WebSocket. If it is a current Chrome or Firefox, look for a policy or extension that disables them (Chrome: AudioCaptureAllowed; Firefox: media.peerconnection.enabled, media.navigator.enabled).
# $chrome and $firefox are the oldest versions the platform supports: "109".
verdict-browser-unsupported-it = The page ran in { $browser }. The platform supports Chrome { $chrome } or later and Firefox { $firefox } or later; other browsers are not validated for its WebRTC calls. Deploy one of these on the agents' computers.
verdict-browser-old-it = The page ran in { $browser }; the platform requires version { $version } or later. Update it, or lift the policy that holds its updates back.

verdict-computer-memory-low-it = The browser reports { $gb } GB of memory (navigator.deviceMemory, which browsers round to a power of two); softphones ask for { $recommended } GB; { $cores }. Plan more memory or another computer for this agent.

# $why is one of the reasons of the HTTPS summary; $attempts counts requests.
verdict-https-unreachable-it = No HTTPS request GET { $url } succeeded: { $why } ({ $attempts ->
    [one] { $attempts } attempt
   *[other] { $attempts } attempts
}). Allow outbound HTTPS (TLS over TCP) to { $server } on the firewall and the proxy, and check that the name resolves from this site; an HTTP error may be a proxy's block page.
verdict-https-lost-it = { $failed } of { $attempts } HTTPS requests GET { $url } failed, where a healthy path loses none; the others took median { $median }, p95 { $p95 }. Look in the firewall and proxy logs for dropped, reset or timed-out connections to { $server }, and check the access link for errors.
verdict-https-slow-it = HTTPS requests GET { $url } (TLS over TCP): median round trip { $median }, p95 { $p95 } over { $count } requests, { $requirement }. Trace the route from this site to { $server } (mtr or tcptraceroute) for a detour, a VPN or proxy hop, or a congested link.

# $proxy is one of the three texts below: what the server saw on the page's HTTPS requests ($headers: "via, x-forwarded-for").
verdict-websocket-blocked-it = The WebSocket handshake to { $url } (HTTP/1.1 Upgrade: websocket, TLS over TCP) never completed, while HTTPS requests to { $server } were answered; { $proxy }. Let WebSocket upgrades to { $server } through the proxy and the firewall, and exclude the host from TLS inspection.
verdict-websocket-it-no-proxy-seen = the server saw no proxy headers on the page's requests
verdict-websocket-it-proxy-seen = the server saw a web proxy on the page's requests (headers: { $headers })
verdict-websocket-it-named-proxy-seen = the server saw a web proxy, { $product }, on the page's requests (headers: { $headers })
# $count counts the echoes that came back before it failed.
verdict-websocket-stopped-answering-it = The WebSocket to { $url } opened, then stopped answering after { $count ->
    [one] { $count } echo
   *[other] { $count } echoes
}: a proxy, firewall or TLS inspection holds or drops its frames. Exempt { $server } from TLS inspection and from WebSocket idle and content timeouts.
verdict-websocket-closed-on-the-way-it = The WebSocket to { $url } opened, then was closed by something other than the server after { $count ->
    [one] { $count } echo
   *[other] { $count } echoes
}: a proxy or firewall cuts WebSocket connections. Exempt { $server } from TLS inspection and from WebSocket idle and content timeouts.
verdict-websocket-altered-it = The WebSocket to { $url } opened, but an echo came back different from what was sent (after { $count ->
    [one] { $count } intact echo
   *[other] { $count } intact echoes
}): something on the path rewrites WebSocket frames. Exclude { $server } from TLS inspection and content filtering.
verdict-websocket-no-echo-it = The WebSocket to { $url } opened, but no echo came back on it: something on the path holds or drops WebSocket frames. Exclude { $server } from TLS inspection and content filtering.
verdict-websocket-slow-it = WebSocket echoes over { $url }: median round trip { $median }, p95 { $p95 } over { $count } echoes, { $requirement }. Trace the route from this site to { $server } (mtr or tcptraceroute) for a detour, a VPN or proxy hop, or a congested link.

verdict-sip-connect-failed-it = A WebSocket to { $url } asking for the "sip" subprotocol (Sec-WebSocket-Protocol: sip, RFC 7118) never opened, while the same URL without a subprotocol works: a proxy or firewall filters on it. Allow WebSocket with the "sip" subprotocol to { $server }.
verdict-sip-subprotocol-lost-it = The WebSocket to { $url } opened without the "sip" subprotocol the page asked for (Sec-WebSocket-Protocol dropped from the handshake): a proxy rewrites WebSocket handshakes. Exempt { $server } from it, or let the header through unchanged.
verdict-sip-timeout-it = A SIP OPTIONS request over { $url } (subprotocol "sip") got no response: a SIP ALG, SIP inspection or IPS on the path drops SIP inside WebSocket. Switch it off for { $server }.
verdict-sip-closed-early-it = The SIP WebSocket to { $url } was closed before the response to OPTIONS came: a SIP ALG, SIP inspection or IPS on the path cuts the connection. Switch it off for { $server }.
verdict-sip-altered-it = The response to SIP OPTIONS over { $url } did not match the request: something on the path rewrites SIP. Switch off SIP ALG and SIP inspection for { $server }.
# $code is a SIP status code: "405".
verdict-sip-other-answer-it = SIP OPTIONS over { $url } was answered { $code } instead of the 200 OK the server sends: something on the path answers or rewrites SIP. Switch off SIP ALG and SIP inspection for { $server }.
verdict-sip-slow-it = SIP OPTIONS over { $url } (subprotocol "sip") was answered 200 OK in { $rtt }, { $requirement }. Trace the route from this site to { $server } (mtr or tcptraceroute) for a detour, a VPN or proxy hop, or a congested link.

# $udp and $streams list the servers probed over UDP and over TCP/TLS, as $servers of the fixes.
verdict-connectivity-tcp-relay-it = ICE probes toward the platform's STUN/TURN servers: { $figures }. No answer came back over UDP from { $udp }, while TURN over TCP or TLS works ({ $streams }): media will be relayed over TCP, with more latency and worse behaviour under loss. Allow outbound { $udp } with its replies, and the platform's media port range.
verdict-connectivity-udp-required-it = ICE probes toward the platform's STUN/TURN servers: { $figures }. No answer came back over UDP from { $udp }, while TURN over TCP or TLS works ({ $streams }); this platform requires UDP media. Allow outbound { $udp } with its replies, and the platform's media port range.
verdict-connectivity-no-service-it = The ICE probes' offers went over { $url } (WebSocket) to the server's echo peer, which did not answer, while the WebSocket echo works: most likely the platform's media test service, not this network ({ $figures }). If a proxy filters WebSocket by path, allow /ws/rtc as well.
verdict-connectivity-no-path-it = No ICE probe got through: { $figures }. Neither UDP nor TCP reaches { $servers } (STUN binding or TURN allocation unanswered). Allow outbound { $servers } with replies (STUN/TURN, RFC 8489 and RFC 8656), and the platform's media port range.

verdict-call-quality-no-service-it = The offer of the call-like stream went over the WebSocket /ws/rtc of the platform's server, and the server's echo peer did not answer while WebSocket otherwise works: most likely the platform's media test service, not this network. If a proxy filters WebSocket by path, allow /ws/rtc as well.
verdict-call-quality-no-stream-it = The media path probes got the candidates they need, but the WebRTC connection of the call-like stream (ICE, then DTLS and a data channel) to the server's echo peer never opened: something drops WebRTC after ICE, such as a firewall's application control, an IPS or a VPN. Allow DTLS/SRTP (WebRTC) to the platform's media servers and their port range.
# $pair is the candidate pair the stream used ("relay (TCP) → host, 45 ms") or the text below; $breaches lists the figures out of bounds, with the texts below.
verdict-call-quality-it = The call-like stream ({ $calls ->
    [one] one call
   *[other] { $calls } simultaneous calls
}, each 50 packets a second of G.711 size over WebRTC to the server's echo peer; candidate pair { $pair }) measured MOS { $mos }, round trip median { $median } (p95 { $p95 }), jitter { $jitter }, loss { $loss } over { $packets } packets (longest burst { $burst }). Out of bounds: { $breaches }. Check the access link for congestion and errors, and prioritise voice toward the platform (QoS, DSCP EF).
verdict-call-quality-it-no-pair = not reported
verdict-call-quality-it-rtt = median round trip { $value }, { $requirement }
verdict-call-quality-it-loss = loss { $value }, at or above the { $pass } the platform allows (above { $fail } it fails)
verdict-call-quality-it-loss-fail = loss { $value }, above { $fail }, the most the platform accepts
verdict-call-quality-it-jitter = jitter { $value }, at or above the { $pass } the platform allows
verdict-call-quality-it-mos = MOS { $value }, below the { $pass } of a good call
verdict-call-quality-it-mos-fail = MOS { $value }, below { $fail } (poor)

# $why is one of the reasons of the bandwidth summary.
verdict-bandwidth-unmeasured-download-it = The download rate could not be measured over HTTPS (GET /api/download on the platform's server, parallel streams of incompressible data): { $why }. A proxy, firewall or antivirus that buffers, scans or caps large HTTPS bodies would do this: exempt these requests from scanning and size limits, then run the test again.
verdict-bandwidth-unmeasured-upload-it = The upload rate could not be measured over HTTPS (POST /api/upload on the platform's server, parallel streams of incompressible data): { $why }. A proxy, firewall or antivirus that buffers, scans or caps large HTTPS bodies would do this: exempt these requests from scanning and size limits, then run the test again.
verdict-bandwidth-unmeasured-both-it = Neither rate could be measured over HTTPS (GET /api/download and POST /api/upload on the platform's server, parallel streams of incompressible data): { $why }. A proxy, firewall or antivirus that buffers, scans or caps large HTTPS bodies would do this: exempt these requests from scanning and size limits, then run the test again.
# $rate is what one call needs each way, $required what the session's $needed calls need.
verdict-bandwidth-download-too-low-it = Transfers over HTTPS to the platform's server (GET /api/download, POST /api/upload, parallel streams) measured download { $down }, upload { $up }. At { $rate } per call each way, that carries { $calls ->
    [one] { $calls } simultaneous call
   *[other] { $calls } simultaneous calls
}; the session needs { $needed }, so at least { $required } each way. The download is the limit: a faster link, or a traffic shaper that keeps { $required } for voice.
verdict-bandwidth-upload-too-low-it = Transfers over HTTPS to the platform's server (GET /api/download, POST /api/upload, parallel streams) measured download { $down }, upload { $up }. At { $rate } per call each way, that carries { $calls ->
    [one] { $calls } simultaneous call
   *[other] { $calls } simultaneous calls
}; the session needs { $needed }, so at least { $required } each way. The upload is the limit: a faster link, or a traffic shaper that keeps { $required } for voice.

verdict-loaded-latency-stalls-it = WebSocket pings to the platform's server (/ws/echo, one every 200 ms) took { $idle } on the idle link, and none came back while the bandwidth test filled it (HTTPS GET /api/download, then POST /api/upload): a queue at the bottleneck (router, modem, firewall shaper) holds packets for seconds (bufferbloat). Enable smart queue management (SQM: fq_codel or CAKE) at the bottleneck, or QoS that puts voice first.
# $down and $up are round trips or "unknown"; $direction is "download" or "upload"; $limit is the rise the platform tolerates.
verdict-loaded-latency-it = WebSocket pings to the platform's server (/ws/echo, one every 200 ms): { $idle } on the idle link, { $down } while the bandwidth test filled the download (HTTPS GET /api/download), { $up } while it filled the upload (POST /api/upload). That is up to { $increase } more under load (worst: { $direction }), above the { $limit } rise the platform tolerates: a queue at the bottleneck (router, modem, firewall shaper) fills up (bufferbloat). Enable smart queue management (SQM: fq_codel or CAKE) at the bottleneck, or QoS that puts voice first.

# The ClientHello the server saw, read back from its stored summary. $version: "TLS 1.3"; $rest: ", GREASE, ALPN h2" (protocol names, kept as they are).
tls-hello = { $version }, { $ciphers ->
    [one] { $ciphers } cipher
   *[other] { $ciphers } ciphers
}, { $extensions ->
    [one] { $extensions } extension
   *[other] { $extensions } extensions
}{ $rest }
