## The lines of the session's requirement profile: its TCP ports, UDP media ranges
## and web addresses. $port, $ports, $range (“UDP 16384–32768”), $host, $hosts and
## $url are data shown as they are; $time and $timeout are durations with their unit.

## Joining data and sentences.
# "16384, 16390 and 16402": $items are the first ones, already joined with commas.
verdict-platform-and = { $items } and { $last }
# Two sentences of the text for IT, one after the other.
verdict-platform-sentences = { $first } { $then }
# A line made only of figures: $figures joined with the list separator.
verdict-platform-figures = { $figures }.

## TCP ports: one figure per port.
verdict-tcp-works = TCP { $port } works
verdict-tcp-works-in = TCP { $port } works ({ $time })
verdict-tcp-websocket-blocked-too = TCP { $port } answers (WebSocket blocked there too, as above)
verdict-tcp-websocket-blocked = TCP { $port } answers web requests but WebSocket is blocked
verdict-tcp-refused = TCP { $port } is refused
verdict-tcp-timed-out = TCP { $port } is blocked (no answer within { $timeout })
verdict-tcp-not-offered = TCP { $port } not tested (not offered by this server)
verdict-tcp-browser-refuses = TCP { $port } not tested (browsers never connect to it)
verdict-tcp-self-signed = TCP { $port } not tested (this server's certificate is self-signed)

## TCP ports: the line.
verdict-tcp-server-unreachable = Not tested: { $host } cannot be reached at all (see above).
# $ports: the figures of every port, joined with the list separator.
verdict-tcp-pass = The platform's TCP ports reach { $host }: { $ports }.
verdict-tcp-failing = { $count ->
    [one] One of the platform's TCP ports does not get through: { $ports }.
   *[other] { $count } of the platform's TCP ports do not get through: { $ports }.
}
# For the agent. $ports, $blocked, $upgrades: port numbers (“7443 and 8000”).
verdict-tcp-fix-open = Ask your IT team to open outbound TCP { $ports } to the platform's servers.
verdict-tcp-fix-websocket = Ask your IT team to let WebSocket connections through on TCP { $ports } to the platform's servers.
verdict-tcp-fix-open-and-websocket = Ask your IT team to open outbound TCP { $blocked } to the platform's servers and let WebSocket connections through on TCP { $upgrades } to the platform's servers.
# For IT, one sentence per failing port; $observed is one of the three below.
verdict-tcp-it-allow = Allow outbound TCP { $port } to the platform's servers, WebSocket included; observed toward { $host }: { $observed }.
verdict-tcp-it-allow-tls = Allow outbound TCP { $port } (TLS) to the platform's servers, WebSocket included; observed toward { $host }: { $observed }.
verdict-tcp-observed-refused = the connection was refused or reset on the way
verdict-tcp-observed-no-answer = no answer (packets dropped on the way)
verdict-tcp-observed-websocket-blocked = web requests answer but the WebSocket upgrade does not get through

## UDP media ranges: the figures of one range.
verdict-udp-privileged-ports = { $range } not tested (browsers send no STUN to ports below 1024)
verdict-udp-not-offered = { $range } not tested (not offered by this server)
verdict-udp-reached = { $range }: { $reached } of { $sampled } sampled ports reach { $host }
# $unanswered: the sampled ports that got no answer.
verdict-udp-reached-partly = { $range }: { $reached } of { $sampled } sampled ports reach { $host } (no answer on { $unanswered })
verdict-udp-reached-none = { $range }: none of { $sampled } sampled ports reach { $host }
# Ports of the range that this server does not listen on: one, then several.
verdict-udp-port-not-offered = { $ports } not offered by this server
verdict-udp-ports-not-offered = { $ports } not offered by this server

## UDP media ranges: the line. $ranges: the figures of every range, joined with the
## list separator (in the fix: the failing ranges, “UDP 16384–32768”).
verdict-udp-sampling-unsupported = The platform's UDP ports could not be sampled: this browser refused the WebRTC connections the test uses.
verdict-udp-sampling-no-answer = The platform's UDP ports could not be sampled: the server did not say which ports it heard.
verdict-udp-blocked-altogether = Not tested separately: no UDP gets through at all (see the media path above). { $ranges }.
verdict-udp-relay-accepted = No UDP gets through, so calls will not use these ports; this platform relays calls over TCP instead, which it accepts ({ $ranges }).
verdict-udp-failing-no-audio = { $ranges }: calls using those ports will have no audio.
verdict-udp-failing-relay = { $ranges }: calls using those ports fall back to a relay or lose audio.
verdict-udp-fix = Ask your IT team to open outbound { $ranges } to { $host }: the platform's media uses the whole range.
# For IT, one sentence per failing range.
verdict-udp-it-allow = Allow outbound { $range } to the platform's media servers (every port of the range: each call picks one). Sampled { $sampled } ports toward { $host }; no answer on { $unanswered }.

## Web addresses: one figure per address.
verdict-domains-reachable = { $url } reachable
verdict-domains-reachable-in = { $url } reachable ({ $time })
verdict-domains-failed = { $url } blocked or not found
verdict-domains-timed-out = { $url } blocked (no answer within { $timeout })
verdict-domains-insecure = { $url } not tested (plain HTTP from a secure page)

## Web addresses: the line.
# $addresses: the figures of every address, joined with the list separator.
verdict-domains-failing = { $count ->
    [one] One of the platform's web addresses does not answer: { $addresses }.
   *[other] { $count } of the platform's web addresses do not answer: { $addresses }.
}
# For the agent: one host, then several (“lic.example.com and upd.example.com”).
verdict-domains-fix-one = Ask your IT team to allow { $hosts } from this computer: the platform needs it.
verdict-domains-fix-many = Ask your IT team to allow { $hosts } from this computer: the platform needs them.
# For IT, one sentence per failing address.
verdict-domains-it-failed = Allow { $host } ({ $url }) through the firewall, proxy and DNS; observed: the request failed (blocked by a firewall or proxy, refused, or the name does not resolve).
verdict-domains-it-no-answer = Allow { $host } ({ $url }) through the firewall, proxy and DNS; observed: no answer within { $timeout }.
