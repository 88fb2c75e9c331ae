## The verdict's lines: each check's heading.
check-browser = Browser
check-computer = Computer
check-https = HTTPS to the platform
check-websocket = WebSocket
check-sip = SIP over WebSocket
check-proxy = Web proxy
check-tls-inspection = TLS inspection
check-path-mtu = Path MTU (VPN, tunnels)
check-public-address = One public address
check-nat-behaviour = NAT behaviour
check-connectivity = WebRTC media path (STUN/TURN)
check-tcp-ports = Platform TCP ports
check-udp-ports = Platform UDP media ports
check-domains = Platform web addresses
check-call-quality = Call quality
check-bandwidth = Bandwidth and call capacity
check-loaded-latency = Latency under load

## A measurement made while the page's tab was hidden.
verdict-hidden-tab = Not measured reliably: this tab was in the background during this measurement, and browsers slow background tabs. Measured: { $measured }
verdict-hidden-tab-fix = Run the test again and keep this tab in front until the result appears.
verdict-hidden-tab-it = Not measured reliably: the page's tab was in the background during this measurement, and browsers throttle the timers of background tabs (one wake-up a second or less), so these figures describe the browser, not the network. Measured: { $measured } Have the agent run the test again with the tab in front.

## The text for IT (plain text to copy into a mail or a ticket).
it-text-heading = { $product } network test: { $verdict }
it-text-line = { $number }. { $check } ({ $status }): { $what }
it-text-fails = fails
it-text-warning = warning
it-text-agent-told = The agent was told: { $fix }
