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
media-disagreement = { $found }
media-disagreement-rtt = andata e ritorno { $audio } (audio) contro { $stream } (flusso)
media-disagreement-loss = perdita { $audio } (audio) contro { $stream } (flusso)
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

## Testi per l’IT: precisi, per un responsabile di rete o IT. Indicano che cosa ha sondato la pagina (un URL, un protocollo, una porta), che cosa è stato osservato e il requisito non rispettato. $server è «callready.example.com:443» o «questo server»; $url è «wss://callready.example.com:443/ws/echo» o il testo qui sotto.
verdict-checks-url-unknown-server = { $path } sul server della piattaforma
# $requirement nei testi per l’IT sui tempi di andata e ritorno ($pass e $fail sono tempi).
verdict-checks-rtt-warn-it = pari o superiore alla soglia di { $pass } richiesta dalla piattaforma (oltre { $fail } è un errore)
verdict-checks-rtt-fail-it = oltre { $fail }, il massimo che la piattaforma accetta (richiede meno di { $pass })

verdict-browser-lacks-it = La pagina è stata eseguita in { $browser }, che non dispone di { $missing }; le chiamate richiedono RTCPeerConnection, getUserMedia e WebSocket. Se è un Chrome o un Firefox aggiornato, cerca una policy o un’estensione che li disattiva (Chrome: AudioCaptureAllowed; Firefox: media.peerconnection.enabled, media.navigator.enabled).
verdict-browser-unsupported-it = La pagina è stata eseguita in { $browser }. La piattaforma supporta Chrome { $chrome } o successivo e Firefox { $firefox } o successivo; gli altri browser non sono convalidati per le sue chiamate WebRTC. Installa uno di questi sui computer degli operatori.
verdict-browser-old-it = La pagina è stata eseguita in { $browser }; la piattaforma richiede la versione { $version } o successiva. Aggiornalo, oppure rimuovi la policy che ne blocca gli aggiornamenti.

verdict-computer-memory-low-it = Il browser indica { $gb } GB di memoria (navigator.deviceMemory, che i browser arrotondano a una potenza di due); i softphone richiedono { $recommended } GB; { $cores }. Prevedi più memoria o un altro computer per questo operatore.

verdict-https-unreachable-it = Nessuna richiesta HTTPS GET { $url } è riuscita: { $why } ({ $attempts ->
    [one] { $attempts } tentativo
   *[other] { $attempts } tentativi
}). Consenti l’HTTPS in uscita (TLS su TCP) verso { $server } su firewall e proxy, e verifica che il nome venga risolto da questa sede; un errore HTTP può essere la pagina di blocco di un proxy.
verdict-https-lost-it = { $failed } richieste HTTPS GET { $url } su { $attempts } non sono riuscite, mentre un percorso sano non ne perde nessuna; le altre hanno impiegato in mediana { $median }, p95 { $p95 }. Cerca nei log del firewall e del proxy connessioni verso { $server } scartate, reimpostate o scadute, e verifica gli errori sul collegamento di accesso.
verdict-https-slow-it = Richieste HTTPS GET { $url } (TLS su TCP): andata e ritorno mediana { $median }, p95 { $p95 } su { $count } richieste, { $requirement }. Traccia il percorso da questa sede verso { $server } (mtr o tcptraceroute) per trovare una deviazione, un passaggio da VPN o proxy, o un collegamento congestionato.

verdict-websocket-blocked-it = L’handshake WebSocket verso { $url } (HTTP/1.1 Upgrade: websocket, TLS su TCP) non si è mai concluso, mentre le richieste HTTPS verso { $server } hanno ricevuto risposta; { $proxy }. Fai passare gli upgrade WebSocket verso { $server } attraverso proxy e firewall, ed escludi l’host dall’ispezione TLS.
verdict-websocket-it-no-proxy-seen = il server non ha visto intestazioni di proxy sulle richieste della pagina
verdict-websocket-it-proxy-seen = il server ha visto un proxy web sulle richieste della pagina (intestazioni: { $headers })
verdict-websocket-it-named-proxy-seen = il server ha visto un proxy web, { $product }, sulle richieste della pagina (intestazioni: { $headers })
verdict-websocket-stopped-answering-it = Il WebSocket verso { $url } si è aperto, poi ha smesso di rispondere dopo { $count ->
    [one] { $count } eco
   *[other] { $count } eco
}: un proxy, un firewall o l’ispezione TLS trattiene o scarta i suoi frame. Esenta { $server } dall’ispezione TLS e dai timeout di inattività e di contenuto sui WebSocket.
verdict-websocket-closed-on-the-way-it = Il WebSocket verso { $url } si è aperto, poi è stato chiuso da qualcosa di diverso dal server dopo { $count ->
    [one] { $count } eco
   *[other] { $count } eco
}: un proxy o un firewall interrompe le connessioni WebSocket. Esenta { $server } dall’ispezione TLS e dai timeout di inattività e di contenuto sui WebSocket.
verdict-websocket-altered-it = Il WebSocket verso { $url } si è aperto, ma un’eco è tornata diversa da quanto inviato (dopo { $count ->
    [one] { $count } eco intatta
   *[other] { $count } eco intatte
}): qualcosa lungo il percorso riscrive i frame WebSocket. Escludi { $server } dall’ispezione TLS e dal filtraggio dei contenuti.
verdict-websocket-no-echo-it = Il WebSocket verso { $url } si è aperto, ma non è tornata nessuna eco: qualcosa lungo il percorso trattiene o scarta i frame WebSocket. Escludi { $server } dall’ispezione TLS e dal filtraggio dei contenuti.
verdict-websocket-slow-it = Eco WebSocket su { $url }: andata e ritorno mediana { $median }, p95 { $p95 } su { $count } eco, { $requirement }. Traccia il percorso da questa sede verso { $server } (mtr o tcptraceroute) per trovare una deviazione, un passaggio da VPN o proxy, o un collegamento congestionato.

verdict-sip-connect-failed-it = Un WebSocket verso { $url } che chiedeva il sottoprotocollo «sip» (Sec-WebSocket-Protocol: sip, RFC 7118) non si è mai aperto, mentre lo stesso URL senza sottoprotocollo funziona: un proxy o un firewall filtra in base al sottoprotocollo. Consenti il WebSocket con il sottoprotocollo «sip» verso { $server }.
verdict-sip-subprotocol-lost-it = Il WebSocket verso { $url } si è aperto senza il sottoprotocollo «sip» chiesto dalla pagina (Sec-WebSocket-Protocol tolto dall’handshake): un proxy riscrive gli handshake WebSocket. Esenta { $server } da questo proxy, oppure lascia passare l’intestazione invariata.
verdict-sip-timeout-it = Una richiesta SIP OPTIONS su { $url } (sottoprotocollo «sip») non ha ricevuto risposta: un SIP ALG, un’ispezione SIP o un IPS lungo il percorso scarta il SIP trasportato nel WebSocket. Disattivalo per { $server }.
verdict-sip-closed-early-it = Il WebSocket SIP verso { $url } è stato chiuso prima che arrivasse la risposta a OPTIONS: un SIP ALG, un’ispezione SIP o un IPS lungo il percorso interrompe la connessione. Disattivalo per { $server }.
verdict-sip-altered-it = La risposta a SIP OPTIONS su { $url } non corrispondeva alla richiesta: qualcosa lungo il percorso riscrive il SIP. Disattiva SIP ALG e ispezione SIP per { $server }.
verdict-sip-other-answer-it = SIP OPTIONS su { $url } ha ricevuto la risposta { $code } invece del 200 OK inviato dal server: qualcosa lungo il percorso risponde al SIP o lo riscrive. Disattiva SIP ALG e ispezione SIP per { $server }.
verdict-sip-slow-it = SIP OPTIONS su { $url } (sottoprotocollo «sip») ha ricevuto 200 OK in { $rtt }, { $requirement }. Traccia il percorso da questa sede verso { $server } (mtr o tcptraceroute) per trovare una deviazione, un passaggio da VPN o proxy, o un collegamento congestionato.

verdict-connectivity-tcp-relay-it = Sonde ICE verso i server STUN/TURN della piattaforma: { $figures }. Nessuna risposta è tornata via UDP da { $udp }, mentre TURN su TCP o TLS funziona ({ $streams }): i media saranno inoltrati su TCP, con più latenza e un comportamento peggiore in caso di perdite. Consenti in uscita { $udp } con le relative risposte, e l’intervallo di porte media della piattaforma.
verdict-connectivity-udp-required-it = Sonde ICE verso i server STUN/TURN della piattaforma: { $figures }. Nessuna risposta è tornata via UDP da { $udp }, mentre TURN su TCP o TLS funziona ({ $streams }); questa piattaforma richiede media su UDP. Consenti in uscita { $udp } con le relative risposte, e l’intervallo di porte media della piattaforma.
verdict-connectivity-no-service-it = Le offerte delle sonde ICE sono passate da { $url } (WebSocket) verso il peer di eco del server, che non ha risposto, mentre l’eco WebSocket funziona: molto probabilmente è il servizio di test media della piattaforma, non questa rete ({ $figures }). Se un proxy filtra i WebSocket in base al percorso, consenti anche /ws/rtc.
verdict-connectivity-no-path-it = Nessuna sonda ICE è passata: { $figures }. Né UDP né TCP raggiungono { $servers } (binding STUN o allocazione TURN senza risposta). Consenti in uscita { $servers } con le relative risposte (STUN/TURN, RFC 8489 e RFC 8656), e l’intervallo di porte media della piattaforma.

verdict-call-quality-no-service-it = L’offerta del flusso simile a una chiamata è passata dal WebSocket /ws/rtc del server della piattaforma, e il peer di eco del server non ha risposto mentre il WebSocket per il resto funziona: molto probabilmente è il servizio di test media della piattaforma, non questa rete. Se un proxy filtra i WebSocket in base al percorso, consenti anche /ws/rtc.
verdict-call-quality-no-stream-it = Le sonde del percorso media hanno ottenuto i candidati necessari, ma la connessione WebRTC del flusso simile a una chiamata (ICE, poi DTLS e un canale dati) verso il peer di eco del server non si è mai aperta: qualcosa scarta il WebRTC dopo ICE, per esempio il controllo applicativo di un firewall, un IPS o una VPN. Consenti DTLS/SRTP (WebRTC) verso i media server della piattaforma e il loro intervallo di porte.
verdict-call-quality-it = Il flusso simile a una chiamata ({ $calls ->
    [one] una chiamata
   *[other] { $calls } chiamate simultanee
}, ciascuna di 50 pacchetti al secondo di dimensione G.711 su WebRTC verso il peer di eco del server; coppia di candidati { $pair }) ha misurato MOS { $mos }, andata e ritorno mediana { $median } (p95 { $p95 }), jitter { $jitter }, perdita { $loss } su { $packets } pacchetti (serie più lunga { $burst }). Fuori dai limiti: { $breaches }. Verifica congestione ed errori sul collegamento di accesso, e dai priorità alla voce verso la piattaforma (QoS, DSCP EF).
verdict-call-quality-it-no-pair = non indicata
verdict-call-quality-it-rtt = andata e ritorno mediana { $value }, { $requirement }
verdict-call-quality-it-loss = perdita { $value }, pari o superiore alla soglia di { $pass } ammessa dalla piattaforma (oltre { $fail } è un errore)
verdict-call-quality-it-loss-fail = perdita { $value }, oltre { $fail }, il massimo che la piattaforma accetta
verdict-call-quality-it-jitter = jitter { $value }, pari o superiore alla soglia di { $pass } ammessa dalla piattaforma
verdict-call-quality-it-mos = MOS { $value }, sotto il { $pass } di una buona chiamata
verdict-call-quality-it-mos-fail = MOS { $value }, sotto { $fail } (scarsa)

verdict-bandwidth-unmeasured-download-it = La velocità di download non è stata misurata via HTTPS (GET /api/download sul server della piattaforma, flussi paralleli di dati non comprimibili): { $why }. Un proxy, un firewall o un antivirus che bufferizza, analizza o limita i corpi HTTPS di grandi dimensioni produrrebbe questo effetto: esenta queste richieste da analisi e limiti di dimensione, poi ripeti il test.
verdict-bandwidth-unmeasured-upload-it = La velocità di upload non è stata misurata via HTTPS (POST /api/upload sul server della piattaforma, flussi paralleli di dati non comprimibili): { $why }. Un proxy, un firewall o un antivirus che bufferizza, analizza o limita i corpi HTTPS di grandi dimensioni produrrebbe questo effetto: esenta queste richieste da analisi e limiti di dimensione, poi ripeti il test.
verdict-bandwidth-unmeasured-both-it = Nessuna delle due velocità è stata misurata via HTTPS (GET /api/download e POST /api/upload sul server della piattaforma, flussi paralleli di dati non comprimibili): { $why }. Un proxy, un firewall o un antivirus che bufferizza, analizza o limita i corpi HTTPS di grandi dimensioni produrrebbe questo effetto: esenta queste richieste da analisi e limiti di dimensione, poi ripeti il test.
verdict-bandwidth-download-too-low-it = I trasferimenti HTTPS verso il server della piattaforma (GET /api/download, POST /api/upload, flussi paralleli) hanno misurato download { $down }, upload { $up }. A { $rate } per chiamata in ciascun senso, il collegamento regge { $calls ->
    [one] { $calls } chiamata simultanea
   *[other] { $calls } chiamate simultanee
}; la sessione ne richiede { $needed }, quindi almeno { $required } in ciascun senso. Il limite è il download: un collegamento più veloce, o un traffic shaper che riservi { $required } alla voce.
verdict-bandwidth-upload-too-low-it = I trasferimenti HTTPS verso il server della piattaforma (GET /api/download, POST /api/upload, flussi paralleli) hanno misurato download { $down }, upload { $up }. A { $rate } per chiamata in ciascun senso, il collegamento regge { $calls ->
    [one] { $calls } chiamata simultanea
   *[other] { $calls } chiamate simultanee
}; la sessione ne richiede { $needed }, quindi almeno { $required } in ciascun senso. Il limite è l’upload: un collegamento più veloce, o un traffic shaper che riservi { $required } alla voce.

verdict-loaded-latency-stalls-it = I ping WebSocket verso il server della piattaforma (/ws/echo, uno ogni 200 ms) impiegavano { $idle } a collegamento inattivo, e nessuno è tornato mentre il test di banda lo saturava (HTTPS GET /api/download, poi POST /api/upload): una coda nel collo di bottiglia (router, modem, shaper del firewall) trattiene i pacchetti per secondi (bufferbloat). Attiva la gestione intelligente delle code (SQM: fq_codel o CAKE) nel collo di bottiglia, o una QoS che dia la precedenza alla voce.
verdict-loaded-latency-it = Ping WebSocket verso il server della piattaforma (/ws/echo, uno ogni 200 ms): { $idle } a collegamento inattivo, { $down } mentre il test di banda saturava il download (HTTPS GET /api/download), { $up } mentre saturava l’upload (POST /api/upload). Cioè fino a { $increase } in più sotto carico (caso peggiore: { $direction }), oltre l’aumento di { $limit } che la piattaforma tollera: una coda nel collo di bottiglia (router, modem, shaper del firewall) si riempie (bufferbloat). Attiva la gestione intelligente delle code (SQM: fq_codel o CAKE) nel collo di bottiglia, o una QoS che dia la precedenza alla voce.

tls-hello = { $version }, { $ciphers ->
    [one] { $ciphers } cifrario
   *[other] { $ciphers } cifrari
}, { $extensions ->
    [one] { $extensions } estensione
   *[other] { $extensions } estensioni
}{ $rest }
