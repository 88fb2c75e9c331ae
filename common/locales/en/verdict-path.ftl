## The path's lines: web proxy, TLS inspection, path MTU, one public address, NAT
## behaviour. $server is the server the page talked to, as host:port, or
## verdict-path-this-server when the run does not say.
verdict-path-this-server = this server

## Web proxy.
# $product: the proxy's name and version as its headers give it ("squid/6.1").
verdict-proxy-web-proxy-product = a web proxy ({ $product })
verdict-proxy-web-proxy = a web proxy
verdict-proxy-none = No web proxy marks the page's requests (a proxy that only tunnels HTTPS leaves no mark, and does no harm).
# $proxy: verdict-proxy-web-proxy-product or verdict-proxy-web-proxy; $headers: the HTTP header names that gave it away ("via, x-forwarded-for").
verdict-proxy-through = Through { $proxy } (seen in: { $headers }); HTTPS and WebSocket get through it.
verdict-proxy-blocks-websocket = Through { $proxy } (seen in: { $headers }), which does not let WebSocket through: see WebSocket.
verdict-proxy-rewrites-product = A web proxy ({ $product }) changes the page's request headers: it may alter the platform's traffic too.
verdict-proxy-rewrites = A web proxy changes the page's request headers: it may alter the platform's traffic too.
verdict-proxy-rewrites-unknown = Something on the way changes the page's request headers: it may alter the platform's traffic too.
verdict-proxy-rewrites-fix = Ask IT to exempt the platform's hosts from the web proxy's filtering and rewriting.
verdict-proxy-rewrites-it = A header the page sent to { $server } arrived changed (seen by the server on the request that saved this run). Exempt the platform's hosts from rewriting and content filtering.
verdict-proxy-rewrites-it-headers = A header the page sent to { $server } arrived changed (seen by the server on the request that saved this run; proxy headers: { $headers }). Exempt the platform's hosts from rewriting and content filtering.

## TLS inspection.
# The browser the page runs in. $browser: its name ("Chrome"), or verdict-tls-unknown-browser; $version: its major version; $os: the system ("Windows"), or verdict-tls-unknown-os.
verdict-tls-browser = { $browser } { $version } on { $os }
verdict-tls-browser-no-version = { $browser } on { $os }
verdict-tls-unknown-browser = Unknown browser
verdict-tls-unknown-os = unknown OS
# The TLS stack that writes a handshake.
verdict-tls-stack-chromium = Chromium's BoringSSL
verdict-tls-stack-firefox = Firefox's NSS
verdict-tls-stack-other = a TLS stack no browser uses
# $port: the port of the server's TLS probe.
verdict-tls-self-signed = Not determined: this server's TLS probe (port { $port }) has a self-signed certificate, which browsers refuse.
verdict-tls-server-unreachable = Not determined: the page could not reach the server (see HTTPS).
verdict-tls-no-handshake = Not determined: the page's HTTPS request to the server's TLS probe (port { $port }) did not arrive.
# $browser: verdict-tls-browser; $hello: the handshake received, in a short technical summary ("TLS 1.3, 16 ciphers, 17 extensions, GREASE, ALPN h2").
verdict-tls-unknown-stack = Not determined: CallReady does not know which TLS handshake { $browser } writes (the server received: { $hello }).
# $stack: the browser's own stack (verdict-tls-stack-…).
verdict-tls-own-handshake = The server received the TLS handshake { $browser } writes ({ $stack }; { $hello }): nothing on the way decrypts it.
# $stack: the stack that wrote the handshake received (verdict-tls-stack-…).
verdict-tls-inspected = A device on your network decrypts TLS: the server received a TLS handshake written by { $stack } ({ $hello }), not by { $browser }. The platform's traffic must be exempted.
verdict-tls-inspected-fix = Ask IT to exempt the platform's addresses from TLS inspection (SSL decryption) on the firewall or proxy.
# $expected: the stack of the browser the page runs in (verdict-tls-stack-…).
verdict-tls-inspected-it = The TLS ClientHello that reached CallReady's TLS probe (port { $port }, beside { $server }) was written by { $stack } ({ $hello }), while the page runs in { $browser } ({ $expected }): a firewall or proxy terminates and re-encrypts the traffic (TLS inspection). Add the platform's host names to the do-not-decrypt (inspection bypass) list; decrypted WebSocket and WebRTC signalling break calls unpredictably.

## Path MTU. $mss: the TCP maximum segment size the server saw, in bytes.
verdict-mtu-not-measured = Not measured: the server could not read this connection's segment size (behind a reverse proxy it sees the proxy's connection, not this computer's).
# $mtu: the path MTU, in bytes (1500).
verdict-mtu-full = The path carries full-size packets: MTU { $mtu } bytes (TCP MSS { $mss }).
# $low, $high: the range of the path MTU, in bytes.
verdict-mtu-full-range = The path carries full-size packets: MTU { $low }–{ $high } bytes (TCP MSS { $mss }).
verdict-mtu-tunnel = A VPN or tunnel is in the path: MTU ≈ { $low }–{ $high } bytes (TCP MSS { $mss }).
# $required: the path MTU the platform asks for, in bytes.
verdict-mtu-tunnel-required = A VPN or tunnel is in the path: MTU ≈ { $low }–{ $high } bytes (TCP MSS { $mss }). The platform asks for { $required }.
verdict-mtu-fix = Ask IT to leave the platform's traffic outside the VPN (split tunnelling), or to raise the tunnel's MTU.
verdict-mtu-it = Path MTU toward { $server } is about { $low }–{ $high } bytes (TCP MSS { $mss } seen by the server); the platform asks for { $required }. Exclude the platform's hosts from the VPN or tunnel, or raise its MTU.

## One public address.
# $count: how many single UDP ports were probed (2 or more).
verdict-public-udp-ports = UDP to { $count } ports
# $paths: the other paths ("HTTPS, WebSocket, TURN").
verdict-public-paths-and-udp-ports = { $paths }, UDP to { $count } ports
# $paths: every path of the run ("HTTPS, WebSocket, TURN, UDP to 18 ports").
verdict-public-one = Every path leaves through one public address ({ $paths }).
# $paths: the paths of one address; $address: the address's anonymised id.
verdict-public-group = { $paths } from address { $address }
# $count: how many public addresses (2 or more); $groups: verdict-public-group for each, joined by the list separator.
verdict-public-several = Your network sends calls out through { $count } public addresses ({ $groups }): the platform may drop audio.
verdict-public-several-fix = Ask IT to pin one outbound address for the platform's hosts.
verdict-public-several-it = Outbound load balancing or NAT gives this computer { $count } public addresses toward the platform (anonymised ids): { $groups }. Pin one outbound (source NAT) address for the platform's hosts, for TCP and UDP alike.

## NAT behaviour. A symmetric NAT picks a new public port or a new public address
## for each destination: one message for each.
verdict-nat-none = No NAT between this computer and the platform: its own address is public.
verdict-nat-endpoint-independent = The router keeps one public port per connection (endpoint-independent mapping): peer-to-peer media can work.
verdict-nat-symmetric-port = The router picks a new public port for each destination (symmetric NAT): peer-to-peer media will fail; calls need TURN.
verdict-nat-symmetric-address = The router picks a new public address for each destination (symmetric NAT): peer-to-peer media will fail; calls need TURN.
verdict-nat-symmetric-fix = Calls still work through the platform's TURN relay. Ask IT whether the firewall can keep one public port per connection (endpoint-independent mapping) for the platform's media.
verdict-nat-symmetric-port-it = One local UDP socket got a different public port toward two ports of { $server } (address- or port-dependent mapping, RFC 4787). Configure endpoint-independent mapping for UDP to the platform, or make sure TURN is allowed.
verdict-nat-symmetric-address-it = One local UDP socket got a different public address toward two ports of { $server } (address- or port-dependent mapping, RFC 4787). Configure endpoint-independent mapping for UDP to the platform, or make sure TURN is allowed.
# The platform has no TURN relay: a symmetric NAT leaves calls without audio.
verdict-nat-symmetric-port-no-relay = The router picks a new public port for each destination (symmetric NAT): media cannot flow directly, and this platform has no relay: calls will have no audio.
verdict-nat-symmetric-address-no-relay = The router picks a new public address for each destination (symmetric NAT): media cannot flow directly, and this platform has no relay: calls will have no audio.
verdict-nat-symmetric-no-relay-fix = Ask IT to set the firewall to keep one public port per connection (endpoint-independent mapping) for the platform's media.
verdict-nat-symmetric-port-no-relay-it = One local UDP socket got a different public port toward two ports of { $server } (address- or port-dependent mapping, RFC 4787). This platform has no TURN relay: configure endpoint-independent mapping (and filtering) for UDP to the platform's media.
verdict-nat-symmetric-address-no-relay-it = One local UDP socket got a different public address toward two ports of { $server } (address- or port-dependent mapping, RFC 4787). This platform has no TURN relay: configure endpoint-independent mapping (and filtering) for UDP to the platform's media.
