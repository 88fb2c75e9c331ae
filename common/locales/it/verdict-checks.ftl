## Le righe del verdetto per browser, computer, HTTPS, WebSocket, SIP, percorso media
## WebRTC, qualità delle chiamate, larghezza di banda e latenza sotto carico: cosa è
## stato misurato (il riepilogo), cosa deve fare l’operatore (l’indicazione) e, per una
## verifica che non è stato possibile eseguire, perché.

## Comuni a più verifiche.
verdict-checks-latency-fix = I tempi di andata e ritorno sono troppo lunghi per chiamate confortevoli. Usa una connessione via cavo invece del Wi-Fi, sospendi download pesanti e streaming video e disattiva eventuali VPN durante il test. Se resta lento, chiedi al reparto IT di controllare il percorso verso la piattaforma.
# Il server, quando il suo indirizzo non è noto: sostituisce $server in «verso { $server }» e «per { $server }».
verdict-checks-this-server = questo server
verdict-checks-media-service-fix = Ripeti il test tra un minuto. Se il problema persiste, avvisa l’assistenza: il server potrebbe essere sovraccarico.

## Browser. $browser è «Chrome 131 su Windows».
verdict-browser-ok = { $browser }, con WebRTC, accesso al microfono e WebSocket.
verdict-browser-lacks = { $browser } non dispone di { $missing }: non può effettuare chiamate.
verdict-browser-webrtc = WebRTC (RTCPeerConnection)
verdict-browser-microphone = accesso al microfono (getUserMedia)
verdict-browser-websocket = WebSocket
verdict-browser-and-more = { $first }, { $rest }
verdict-browser-lacks-fix = Usa una versione aggiornata di Google Chrome o Mozilla Firefox. Se è già così, chiedi al reparto IT se una policy disattiva WebRTC o l’accesso al microfono.
verdict-browser-unsupported = { $browser }: le piattaforme di chiamata supportano Chrome e Firefox; gli altri browser richiedono la validazione del fornitore.
verdict-browser-unsupported-fix = Usa Google Chrome o Mozilla Firefox per le chiamate.
verdict-browser-old = { $browser } è precedente alla versione { $version }.
verdict-browser-old-fix = Aggiorna il browser (Guida > Informazioni) e riavvialo.

## Computer.
verdict-computer-processors = { $count ->
    [one] { $count } processore logico
   *[other] { $count } processori logici
}
verdict-computer-processors-unknown = numero di processori sconosciuto
verdict-computer-memory = Almeno { $gb } GB di memoria; { $cores }.
verdict-computer-memory-low = Il browser indica { $gb } GB di memoria; i softphone richiedono { $recommended } GB; { $cores }.
verdict-computer-memory-low-fix = Chiudi le altre applicazioni durante le chiamate, oppure usa un computer con almeno { $recommended } GB di memoria.
verdict-computer-memory-unknown = Memoria: sconosciuta (questo browser non la indica); { $cores }.
verdict-computer-memory-unknown-fix = Verifica nelle impostazioni di sistema che il computer abbia almeno { $recommended } GB di memoria.

## HTTPS verso la piattaforma.
verdict-https-round-trips = Mediana { $median }, p95 { $p95 } su { $count ->
    [one] { $count } richiesta
   *[other] { $count } richieste
}.
verdict-https-lost = Mediana { $median }, p95 { $p95 } su { $count ->
    [one] { $count } richiesta
   *[other] { $count } richieste
}; { $failed ->
    [one] { $failed } richiesta su { $attempts } non è riuscita
   *[other] { $failed } richieste su { $attempts } non sono riuscite
}.
verdict-https-lost-fix = Alcune richieste sono andate perse: la connessione è instabile. Usa una connessione via cavo e chiedi al reparto IT di controllare i log del firewall o del proxy per { $server }.
verdict-https-unreachable = Impossibile raggiungere la piattaforma via HTTPS: { $why }.
verdict-https-timed-out = le richieste sono andate in timeout
verdict-https-http-status = il server ha risposto HTTP { $code }
verdict-https-network-error = il browser ha segnalato un errore di rete
verdict-https-unreachable-fix = Controlla la connessione a Internet. Se gli altri siti funzionano, chiedi al reparto IT di consentire HTTPS verso { $server }.

## WebSocket.
verdict-websocket-connected-echo = Connesso in { $connect }; eco: mediana { $median }, p95 { $p95 } su { $count ->
    [one] { $count } misurazione
   *[other] { $count } misurazioni
}.
verdict-websocket-echo = Eco: mediana { $median }, p95 { $p95 } su { $count ->
    [one] { $count } misurazione
   *[other] { $count } misurazioni
}.
verdict-websocket-connected-no-echo = Connesso in { $connect }; non è tornata alcuna eco.
verdict-websocket-no-echo = Non è tornata alcuna eco.
verdict-websocket-blocked = Un proxy o un firewall blocca WebSocket: le chiamate non possono connettersi.
verdict-websocket-blocked-by-proxy = Un proxy web blocca WebSocket: le chiamate non possono connettersi.
verdict-websocket-blocked-by-named-proxy = Un proxy web ({ $product }) blocca WebSocket: le chiamate non possono connettersi.
verdict-websocket-stopped-answering = La connessione WebSocket si è aperta ma ha smesso di rispondere: le chiamate cadrebbero.
verdict-websocket-closed-on-the-way = La connessione WebSocket si è aperta ma è stata chiusa da qualcosa lungo il percorso: le chiamate cadrebbero.
verdict-websocket-altered = La connessione WebSocket si è aperta ma ha restituito messaggi alterati: le chiamate cadrebbero.
verdict-websocket-unreachable = Anche WebSocket non è riuscito a connettersi: la piattaforma non è raggiungibile da questa rete.
verdict-websocket-blocked-fix = Chiedi al reparto IT di far passare le connessioni WebSocket (HTTP Upgrade) verso { $server } attraverso { $proxy } e il firewall, e di escluderle dall’ispezione TLS.
verdict-websocket-the-proxy = il proxy
verdict-websocket-the-unnamed-proxy = il proxy (proxy web)
verdict-websocket-the-named-proxy = il proxy ({ $product })

## SIP su WebSocket.
verdict-sip-answered = SIP OPTIONS ha risposto 200 OK in { $rtt }.
verdict-sip-other-answer = SIP OPTIONS ha ricevuto la risposta { $code } invece di 200 OK.
verdict-sip-no-answer = SIP OPTIONS non ha ricevuto risposta.
verdict-sip-connect-failed = Il WebSocket SIP non è riuscito a connettersi: la registrazione per le chiamate non è possibile.
verdict-sip-subprotocol-lost = La connessione ha perso il sottoprotocollo «sip» lungo il percorso: un proxy sta riscrivendo le richieste WebSocket.
verdict-sip-timeout = Nessuna risposta a una richiesta SIP OPTIONS: qualcosa scarta i messaggi SIP.
verdict-sip-closed-early = Il WebSocket SIP è stato chiuso prima della risposta: qualcosa interrompe le connessioni SIP.
verdict-sip-altered = La risposta a SIP OPTIONS è stata alterata lungo il percorso: qualcosa riscrive il SIP.
verdict-sip-no-websocket = Non testato: SIP viaggia su WebSocket, che non passa (vedi sopra).
verdict-sip-fix = Chiedi al reparto IT di consentire SIP su WebSocket (sottoprotocollo «sip») verso questo server e di disattivare SIP ALG o l’ispezione SIP sul firewall.

## Percorso media WebRTC (STUN/TURN).
verdict-connectivity-works = { $transport } funziona
verdict-connectivity-works-in = { $transport } funziona ({ $time })
verdict-connectivity-self-signed = { $transport } non testato (il certificato di questo server è autofirmato: è un’impostazione del server, non della tua rete)
verdict-connectivity-reaches-the-server = { $transport } raggiunge il server (connessione non testata)
verdict-connectivity-no-direct-udp = { $transport }: nessun percorso UDP diretto
verdict-connectivity-fails = { $transport } non funziona
verdict-connectivity-udp-works = UDP raggiunge i server media: { $figures }.
verdict-connectivity-tcp-relay = UDP è bloccato: le chiamate passeranno tramite un relay TCP, con una latenza più alta ({ $figures }).
verdict-connectivity-udp-required = UDP è bloccato e questa piattaforma richiede UDP per le chiamate: funziona solo un relay TCP ({ $figures }).
verdict-connectivity-tcp-relay-accepted = UDP è bloccato; le chiamate passano tramite un relay TCP, che questa piattaforma accetta (latenza un po’ più alta) ({ $figures }).
verdict-connectivity-no-signalling = Non testato end-to-end: per stabilire il percorso media serve un WebSocket verso il server, che non passa (vedi sopra). Cosa è stato testato: { $figures }.
verdict-connectivity-no-service = Impossibile testare il percorso media: il servizio di test media del server non ha risposto ({ $figures }).
verdict-connectivity-no-path = Nessun percorso media funziona: né UDP né TCP raggiungono il server relay ({ $figures }).
verdict-connectivity-open-udp = Chiedi al reparto IT di aprire in uscita { $servers }, oltre all’intervallo di porte media della piattaforma.
verdict-connectivity-no-path-fix = Chiedi al reparto IT di consentire in uscita { $servers } (STUN/TURN): senza queste aperture le chiamate non hanno audio.
verdict-connectivity-platform-servers = i server STUN/TURN della piattaforma
verdict-connectivity-servers-and = { $init } e { $last }

## Qualità delle chiamate.
verdict-call-quality-summary = MOS { $mos } ({ $rating }): RTT mediano { $median }, p95 { $p95 }, max { $max }; jitter { $jitter }; perdita { $loss } (raffica più lunga: { $burst }) su { $packets ->
    [one] { $packets } pacchetto
   *[other] { $packets } pacchetti
}.
verdict-call-quality-excellent = eccellente
verdict-call-quality-good = buono
verdict-call-quality-fair = discreto
verdict-call-quality-poor = scarso
verdict-call-quality-calls = { $calls } chiamate simultanee, { $summary }
verdict-call-quality-disagreement = { $summary } Le statistiche audio del browser non concordano: { $disagreement }.
verdict-call-quality-fix = La qualità delle chiamate sarà degradata: usa una connessione via cavo, interrompi download pesanti o video durante le chiamate e chiedi al reparto IT di dare priorità al traffico voce (QoS) verso la piattaforma.
verdict-call-quality-blocked = Non testato: il flusso simile a una chiamata richiede ciò che la verifica «{ $check }» ha trovato mancante.
verdict-call-quality-no-service = Impossibile avviare il flusso simile a una chiamata: il servizio di test media del server non ha risposto.
verdict-call-quality-no-stream = Non è stato possibile avviare alcun flusso simile a una chiamata con il server, anche se le verifiche del percorso media sono riuscite: qualcosa blocca i media WebRTC dopo l’avvio della connessione.
verdict-call-quality-no-stream-fix = Chiedi al reparto IT se un firewall o una VPN ispeziona o blocca il traffico WebRTC (DTLS/SRTP) verso la piattaforma.

## Larghezza di banda e capacità di chiamate.
verdict-bandwidth-capacity = Download { $down }, upload { $up }: questa linea sostiene circa { $calls ->
    [one] { $calls } chiamata simultanea
   *[other] { $calls } chiamate simultanee
} a { $rate } ciascuna; { $needed ->
    [one] { $needed } necessaria
   *[other] { $needed } necessarie
}.
verdict-bandwidth-download-too-low = La velocità di download è troppo bassa per { $needed ->
    [one] { $needed } chiamata simultanea
   *[other] { $needed } chiamate simultanee
}: richiedi una connessione Internet più veloce (almeno { $rate } in ciascuna direzione), oppure evita altro traffico sulla linea durante le chiamate.
verdict-bandwidth-upload-too-low = La velocità di upload è troppo bassa per { $needed ->
    [one] { $needed } chiamata simultanea
   *[other] { $needed } chiamate simultanee
}: richiedi una connessione Internet più veloce (almeno { $rate } in ciascuna direzione), oppure evita altro traffico sulla linea durante le chiamate.
verdict-bandwidth-unmeasured-download = Non è stato possibile misurare la velocità di download: { $why }.
verdict-bandwidth-unmeasured-upload = Non è stato possibile misurare la velocità di upload: { $why }.
verdict-bandwidth-unmeasured-both = Non è stato possibile misurare le velocità di download e di upload: { $why }.
verdict-bandwidth-refused = la piattaforma ha rifiutato i trasferimenti (HTTP { $code })
verdict-bandwidth-cut-off = i trasferimenti verso la piattaforma sono stati interrotti
verdict-bandwidth-too-little = sono passati troppo pochi dati nel tempo disponibile
verdict-bandwidth-unmeasured-fix = Chiedi al reparto IT se un proxy o un firewall limita i trasferimenti HTTPS di grandi dimensioni verso la piattaforma, poi ripeti il test.

## Latenza sotto carico (bufferbloat).
verdict-loaded-latency-summary = Andata e ritorno a riposo { $idle }, durante il download { $down }, durante l’upload { $up }: fino a { $increase } in più quando la linea è satura ({ $direction }).
verdict-loaded-latency-round-trip = { $rtt }
verdict-loaded-latency-unknown = sconosciuto
verdict-loaded-latency-download = download
verdict-loaded-latency-upload = upload
verdict-loaded-latency-stalls = Andata e ritorno a riposo { $idle }, ma nessun ping è tornato mentre la linea era satura: sotto carico si blocca.
verdict-loaded-latency-fix = Le chiamate avranno ritardi e interruzioni ogni volta che qualcuno scarica o carica dati: chiedi al reparto IT di attivare sul router la gestione intelligente delle code (SQM, fq_codel/CAKE) o la QoS per la voce.
verdict-loaded-latency-no-websocket = Non misurato: il test cronometra dei ping WebSocket, e il WebSocket non passa (vedi sopra).
verdict-loaded-latency-no-transfer = Non misurato: nessun trasferimento ha saturato la linea (vedi la riga della larghezza di banda).
verdict-loaded-latency-no-idle = Non misurato: non c’era un tempo di andata e ritorno a riposo con cui confrontare.
verdict-loaded-latency-run-again = Ripeti il test.
