## Le righe del verdetto: il titolo di ogni verifica.
check-browser = Browser
check-computer = Computer
check-https = HTTPS verso la piattaforma
check-websocket = WebSocket
check-sip = SIP su WebSocket
check-proxy = Proxy web
check-tls-inspection = Ispezione TLS
check-path-mtu = MTU del percorso (VPN, tunnel)
check-public-address = Un solo indirizzo pubblico
check-nat-behaviour = Comportamento del NAT
check-connectivity = Percorso media WebRTC (STUN/TURN)
check-tcp-ports = Porte TCP della piattaforma
check-udp-ports = Porte media UDP della piattaforma
check-domains = Indirizzi web della piattaforma
check-call-quality = Qualità delle chiamate
check-bandwidth = Banda e capacità di chiamate
check-loaded-latency = Latenza sotto carico

## Una misura fatta mentre la scheda era nascosta.
verdict-hidden-tab = Misura non affidabile: questa scheda era in secondo piano durante la misura e i browser rallentano le schede in secondo piano. Misurato: { $measured }
verdict-hidden-tab-fix = Ripeti il test e tieni questa scheda in primo piano finché non compare il risultato.
verdict-hidden-tab-it = Misura non affidabile: la scheda della pagina era in secondo piano durante la misura e i browser rallentano i timer delle schede in secondo piano (un risveglio al secondo o meno), quindi questi valori descrivono il browser, non la rete. Misurato: { $measured } Far ripetere il test all’operatore con la scheda in primo piano.

## Il testo per il reparto IT (testo semplice da copiare in una e-mail o in un ticket).
it-text-heading = Test di rete { $product }: { $verdict }
it-text-line = { $number }. { $check } ({ $status }): { $what }
it-text-fails = non superato
it-text-warning = avviso
it-text-agent-told = Indicazione data all’operatore: { $fix }
