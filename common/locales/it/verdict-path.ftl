## Le righe del percorso: proxy web, ispezione TLS, MTU del percorso, indirizzo
## pubblico unico, comportamento del NAT. $server è il server con cui ha parlato la
## pagina (host:porta), oppure verdict-path-this-server quando la prova non lo indica.
verdict-path-this-server = questo server

## Proxy web.
verdict-proxy-web-proxy-product = un proxy web ({ $product })
verdict-proxy-web-proxy = un proxy web
verdict-proxy-none = Nessun proxy web lascia tracce nelle richieste della pagina (un proxy che si limita a far passare HTTPS in un tunnel non lascia tracce e non crea problemi).
# $proxy: verdict-proxy-web-proxy-product o verdict-proxy-web-proxy; $headers: i nomi delle intestazioni HTTP che lo hanno rivelato.
verdict-proxy-through = Le richieste passano da { $proxy } (rilevato in: { $headers }); HTTPS e WebSocket lo attraversano.
verdict-proxy-blocks-websocket = Le richieste passano da { $proxy } (rilevato in: { $headers }), che non lascia passare WebSocket: vedi WebSocket.
verdict-proxy-rewrites-product = Un proxy web ({ $product }) modifica le intestazioni delle richieste della pagina: potrebbe alterare anche il traffico della piattaforma.
verdict-proxy-rewrites = Un proxy web modifica le intestazioni delle richieste della pagina: potrebbe alterare anche il traffico della piattaforma.
verdict-proxy-rewrites-unknown = Qualcosa lungo il percorso modifica le intestazioni delle richieste della pagina: potrebbe alterare anche il traffico della piattaforma.
verdict-proxy-rewrites-fix = Chiedi al reparto IT di escludere gli host della piattaforma dal filtraggio e dalla riscrittura del proxy web.
verdict-proxy-rewrites-it = Un’intestazione inviata dalla pagina a { $server } è arrivata modificata (rilevato dal server sulla richiesta che ha salvato questa prova). Escludere gli host della piattaforma dalla riscrittura e dal filtraggio dei contenuti.
verdict-proxy-rewrites-it-headers = Un’intestazione inviata dalla pagina a { $server } è arrivata modificata (rilevato dal server sulla richiesta che ha salvato questa prova; intestazioni del proxy: { $headers }). Escludere gli host della piattaforma dalla riscrittura e dal filtraggio dei contenuti.

## Ispezione TLS.
# Il browser della pagina: «Chrome 131 su Windows».
verdict-tls-browser = { $browser } { $version } su { $os }
verdict-tls-browser-no-version = { $browser } su { $os }
verdict-tls-unknown-browser = un browser sconosciuto
verdict-tls-unknown-os = un sistema operativo sconosciuto
# Lo stack TLS che genera un handshake.
verdict-tls-stack-chromium = BoringSSL di Chromium
verdict-tls-stack-firefox = NSS di Firefox
verdict-tls-stack-other = uno stack TLS che nessun browser usa
verdict-tls-self-signed = Non determinato: la sonda TLS di questo server (porta { $port }) ha un certificato autofirmato, che i browser rifiutano.
verdict-tls-server-unreachable = Non determinato: la pagina non è riuscita a raggiungere il server (vedi HTTPS).
verdict-tls-no-handshake = Non determinato: la richiesta HTTPS della pagina alla sonda TLS del server (porta { $port }) non è arrivata.
verdict-tls-unknown-stack = Non determinato: CallReady non sa quale handshake TLS generi { $browser } (il server ha ricevuto: { $hello }).
verdict-tls-own-handshake = Il server ha ricevuto l’handshake TLS generato da { $browser } ({ $stack }; { $hello }): nulla lungo il percorso lo decifra.
verdict-tls-inspected = Un dispositivo della tua rete decifra il TLS: il server ha ricevuto un handshake TLS generato da { $stack } ({ $hello }), non da { $browser }. Il traffico della piattaforma deve esserne escluso.
verdict-tls-inspected-fix = Chiedi al reparto IT di escludere gli indirizzi della piattaforma dall’ispezione TLS (decrittografia SSL) sul firewall o sul proxy.
verdict-tls-inspected-it = Il ClientHello TLS arrivato alla sonda TLS di CallReady (porta { $port }, accanto a { $server }) è stato generato da { $stack } ({ $hello }), mentre la pagina è in esecuzione in { $browser } ({ $expected }): un firewall o un proxy termina e cifra di nuovo il traffico (ispezione TLS). Aggiungere i nomi host della piattaforma all’elenco di esclusione dalla decrittografia (bypass dell’ispezione); una segnalazione WebSocket e WebRTC decifrata fa fallire le chiamate in modo imprevedibile.

## MTU del percorso.
verdict-mtu-not-measured = Non misurato: il server non è riuscito a leggere la dimensione dei segmenti di questa connessione (dietro un reverse proxy vede la connessione del proxy, non quella di questo computer).
verdict-mtu-full = Il percorso lascia passare pacchetti a dimensione piena: MTU di { $mtu } byte (MSS TCP { $mss }).
verdict-mtu-full-range = Il percorso lascia passare pacchetti a dimensione piena: MTU da { $low } a { $high } byte (MSS TCP { $mss }).
verdict-mtu-tunnel = Nel percorso c’è una VPN o un tunnel: MTU ≈ { $low }–{ $high } byte (MSS TCP { $mss }).
verdict-mtu-tunnel-required = Nel percorso c’è una VPN o un tunnel: MTU ≈ { $low }–{ $high } byte (MSS TCP { $mss }). La piattaforma richiede { $required } byte.
verdict-mtu-fix = Chiedi al reparto IT di lasciare il traffico della piattaforma fuori dalla VPN (split tunneling) o di aumentare l’MTU del tunnel.
verdict-mtu-it = L’MTU del percorso verso { $server } è di circa { $low }–{ $high } byte (MSS TCP { $mss } visto dal server); la piattaforma richiede { $required } byte. Escludere gli host della piattaforma dalla VPN o dal tunnel, oppure aumentarne l’MTU.

## Un solo indirizzo pubblico.
verdict-public-udp-ports = UDP verso { $count } porte
verdict-public-paths-and-udp-ports = { $paths }, UDP verso { $count } porte
verdict-public-one = Tutti i percorsi escono da un solo indirizzo pubblico ({ $paths }).
verdict-public-group = { $paths } dall’indirizzo { $address }
verdict-public-several = La tua rete fa uscire le chiamate da { $count } indirizzi pubblici ({ $groups }): la piattaforma potrebbe scartare l’audio.
verdict-public-several-fix = Chiedi al reparto IT di fissare un solo indirizzo in uscita per gli host della piattaforma.
verdict-public-several-it = Il bilanciamento del carico in uscita o il NAT assegna a questo computer { $count } indirizzi pubblici verso la piattaforma (ID anonimizzati): { $groups }. Fissare un solo indirizzo in uscita (source NAT) per gli host della piattaforma, sia per TCP sia per UDP.

## Comportamento del NAT.
verdict-nat-none = Nessun NAT tra questo computer e la piattaforma: il suo indirizzo è pubblico.
verdict-nat-endpoint-independent = Il router mantiene una sola porta pubblica per connessione (mappatura indipendente dalla destinazione): i flussi media peer-to-peer possono funzionare.
verdict-nat-symmetric-port = Il router sceglie una nuova porta pubblica per ogni destinazione (NAT simmetrico): i flussi media peer-to-peer non funzioneranno; le chiamate hanno bisogno di TURN.
verdict-nat-symmetric-address = Il router sceglie un nuovo indirizzo pubblico per ogni destinazione (NAT simmetrico): i flussi media peer-to-peer non funzioneranno; le chiamate hanno bisogno di TURN.
verdict-nat-symmetric-fix = Le chiamate funzionano comunque tramite il relay TURN della piattaforma. Chiedi al reparto IT se il firewall può mantenere una sola porta pubblica per connessione (mappatura indipendente dalla destinazione) per i flussi media della piattaforma.
verdict-nat-symmetric-port-it = Uno stesso socket UDP locale ha ottenuto una porta pubblica diversa verso due porte di { $server } (mappatura dipendente dall’indirizzo o dalla porta, RFC 4787). Configurare la mappatura indipendente dalla destinazione per l’UDP verso la piattaforma, oppure verificare che TURN sia consentito.
verdict-nat-symmetric-address-it = Uno stesso socket UDP locale ha ottenuto un indirizzo pubblico diverso verso due porte di { $server } (mappatura dipendente dall’indirizzo o dalla porta, RFC 4787). Configurare la mappatura indipendente dalla destinazione per l’UDP verso la piattaforma, oppure verificare che TURN sia consentito.
verdict-nat-symmetric-port-no-relay = Il router sceglie una nuova porta pubblica per ogni destinazione (NAT simmetrico): i flussi media non possono passare direttamente e questa piattaforma non ha un relay: le chiamate non avranno audio.
verdict-nat-symmetric-address-no-relay = Il router sceglie un nuovo indirizzo pubblico per ogni destinazione (NAT simmetrico): i flussi media non possono passare direttamente e questa piattaforma non ha un relay: le chiamate non avranno audio.
verdict-nat-symmetric-no-relay-fix = Chiedi al reparto IT di configurare il firewall in modo che mantenga una sola porta pubblica per connessione (mappatura indipendente dalla destinazione) per i flussi media della piattaforma.
verdict-nat-symmetric-port-no-relay-it = Uno stesso socket UDP locale ha ottenuto una porta pubblica diversa verso due porte di { $server } (mappatura dipendente dall’indirizzo o dalla porta, RFC 4787). Questa piattaforma non ha un relay TURN: configurare la mappatura (e il filtraggio) indipendente dalla destinazione per il traffico media UDP della piattaforma.
verdict-nat-symmetric-address-no-relay-it = Uno stesso socket UDP locale ha ottenuto un indirizzo pubblico diverso verso due porte di { $server } (mappatura dipendente dall’indirizzo o dalla porta, RFC 4787). Questa piattaforma non ha un relay TURN: configurare la mappatura (e il filtraggio) indipendente dalla destinazione per il traffico media UDP della piattaforma.
