## Righe delle sonde nella pagina dell'agente e valori del rapporto.

## Righe.
probe-separator = {"; "}
probe-starting = avvio
row-not-offered = non offerto da questo server
row-nothing-to-test-platform = i requisiti della sessione non indicano porte o indirizzi aggiuntivi

## Browser e computer.
probe-browser-title = Browser e computer
probe-browser-memory = { $gb } GB
probe-browser-memory-unknown = memoria sconosciuta
probe-browser-ua = { $browser } { $major } su { $os }
probe-browser-ua-no-version = { $browser } su { $os }
probe-browser-unknown-browser = Browser sconosciuto
probe-browser-unknown-os = sistema operativo sconosciuto

## HTTPS.
probe-https-title = HTTPS verso la piattaforma
probe-https-progress = richiesta { $request } di { $requests }
probe-https-summary = mediana { $median }, p95 { $p95 }
probe-https-unreachable = non raggiungibile
figure-https-round-trip = Andata e ritorno HTTPS (mediana / p95)
figure-https-answered = Richieste HTTPS con risposta
figure-https-answered-value = { $answered } su { $attempts }

## WebSocket e SIP.
probe-websocket-title = WebSocket e SIP
probe-websocket-connecting = connessione in corso
probe-websocket-echo = eco { $echo } di { $echoes }
probe-websocket-sip-answered = eco mediana { $median }; SIP ha risposto { $status }
probe-websocket-sip-failed = eco mediana { $median }; SIP non riuscito
probe-websocket-blocked = bloccato
figure-websocket-connect = Connessione WebSocket
figure-websocket-echo = Eco WebSocket (mediana / p95)
figure-sip-options = Andata e ritorno SIP OPTIONS
figure-sip-no-answer = nessuna risposta

## Proxy e MTU del percorso.
probe-path-title = Proxy e MTU del percorso
probe-path-asking = richiesta al server di ciò che vede
probe-path-not-asked = impossibile interrogare il server
probe-path-through-proxy = tramite un proxy web ({ $product })
probe-path-through-unnamed-proxy = tramite un proxy web
probe-path-no-proxy = nessun proxy rilevato
probe-path-summary-mtu = { $proxy }; MTU { $low }–{ $high }
figure-web-proxy = Proxy web (visto dal server)
figure-proxy-seen = { $proxy } (intestazioni: { $headers })
figure-proxy-unnamed = senza nome
figure-proxy-none = nessuno rilevato
figure-tcp-mss = MSS TCP (visto dal server)
figure-mss-value = { $mss } byte (MTU { $low }–{ $high })
figure-mss-not-measured = non misurato
figure-request-headers = Intestazioni della richiesta
figure-request-headers-changed = modificate lungo il percorso

## Ispezione TLS.
probe-tls-title = Ispezione TLS
probe-tls-progress = una richiesta HTTPS alla sonda TLS del server
probe-tls-self-signed = non verificato: il certificato del server è autofirmato
probe-tls-probed = sondato; il confronto spetta al server
probe-tls-no-answer = porta { $port }: nessuna risposta
probe-tls-refused = porta { $port }: rifiutata o bloccata
figure-tls-handshake = Handshake TLS ricevuto dal server (porta { $port })
figure-tls-none = nessuno ricevuto
figure-tls-family-chromium = BoringSSL di Chromium
figure-tls-family-firefox = NSS di Firefox
figure-tls-family-other = uno stack TLS che nessun browser usa

## Percorso media WebRTC (ICE).
probe-ice-title = Percorso media WebRTC
probe-ice-progress = raccolta su { $count ->
    [one] { $count } trasporto
   *[other] { $count } trasporti
}
probe-ice-no-path = nessun percorso funziona
probe-ice-stun-udp = STUN su UDP
probe-ice-turn-udp = TURN su UDP
probe-ice-turn-tcp = TURN su TCP
probe-ice-turn-tls = TURN su TLS
figure-ice-server = { $transport } verso { $server }
figure-ice-works = funziona
figure-ice-fails = non funziona
figure-not-tested-self-signed = non verificato: certificato autofirmato
figure-ice-no-candidates = nessun candidato
figure-ice-first-candidate = primo candidato dopo { $time }
figure-ice-gathered = raccolta completata in { $time }
figure-ice-connected = connesso { $pair }
figure-ice-not-connected = connessione non riuscita
figure-ice-signalling-failed = connessione non tentata (segnalazione non riuscita)

## Porte e indirizzi della piattaforma.
probe-platform-title = Porte e indirizzi della piattaforma
probe-platform-progress = verifica di ciò che serve a { $profile }
probe-platform-tcp = TCP { $open } su { $tested } { $open ->
    [one] aperta
   *[other] aperte
}
probe-platform-udp = UDP { $reached } su { $sampled ->
    [one] { $sampled } porta campionata
   *[other] { $sampled } porte campionate
}
probe-platform-addresses = { $answering } su { $count ->
    [one] { $count } indirizzo
   *[other] { $count } indirizzi
}
figure-tcp-port = TCP { $port } verso { $host }
figure-port-open = aperta ({ $time })
figure-port-websocket-blocked = solo richieste web: WebSocket bloccato
figure-port-refused = rifiutata
figure-port-no-answer = nessuna risposta (bloccata)
figure-port-not-offered = non offerta da questo server
figure-port-browser-refuses = i browser non vi si connettono mai
figure-udp-range = { $range } verso { $host }
figure-udp-reached = { $reached } su { $sampled ->
    [one] { $sampled } porta campionata raggiunta
   *[other] { $sampled } porte campionate raggiunte
}
figure-udp-no-answer-on = nessuna risposta su { $ports }
figure-udp-not-offered = { $count ->
    [one] { $count } non offerta
   *[other] { $count } non offerte
}
figure-udp-not-sampled = campionamento impossibile
figure-domain-reachable = raggiungibile ({ $time })
figure-domain-failed = bloccato o non trovato
figure-domain-no-answer = nessuna risposta (bloccato)
figure-domain-insecure = non verificato: HTTP non cifrato

## Un solo indirizzo pubblico.
probe-public-title = Un solo indirizzo pubblico
probe-public-asking = interrogazione del server
probe-public-not-asked = impossibile interrogare il server
probe-public-summary = { $count ->
    [one] un solo indirizzo pubblico
   *[other] { $count } indirizzi pubblici
}
figure-public-address = Indirizzo pubblico { $address }
figure-public-udp-ports = UDP verso { $count ->
    [one] { $count } porta
   *[other] { $count } porte
}

## Comportamento del NAT.
probe-nat-title = Comportamento del NAT
probe-nat-progress = due porte, un solo socket
probe-nat-webrtc-refused = WebRTC rifiutato
probe-nat-probed = sondato; il confronto spetta al server
figure-nat-mapping = Mappatura NAT verso due porte del server
figure-nat-endpoint-independent = mappatura indipendente dalla destinazione
figure-nat-port-dependent = mappatura dipendente dalla porta (simmetrica)
figure-nat-address-dependent = mappatura dipendente dall'indirizzo (simmetrica)

## Qualità delle chiamate.
probe-media-title = Qualità delle chiamate
probe-media-connecting = connessione al peer di eco
probe-media-stream = flusso di chiamata: secondo { $second } di { $seconds }
probe-media-stream-calls = { $calls } chiamate, flusso di chiamata: secondo { $second } di { $seconds }
probe-media-summary = MOS { $mos }; perdita { $loss }
probe-media-no-stream = nessun flusso media
figure-stream = Flusso simile a una chiamata ({ $packets } pacchetti/s)
figure-stream-calls = Flusso simile a una chiamata ({ $calls } chiamate × { $packets } pacchetti/s)
figure-stream-value = MOS { $mos }; RTT mediano { $rtt }; jitter { $jitter }; perdita { $loss } ({ $received } su { $sent ->
    [one] { $sent } pacchetto
   *[other] { $sent } pacchetti
})
figure-stream-none = nessun flusso
figure-media-path = Percorso media (coppia selezionata)
figure-audio-loopback = Loopback audio (getStats del browser)
figure-audio-value = RTT { $rtt }, jitter { $out } in andata / { $back } al ritorno, perdita { $loss } ({ $sent } inviati, { $echoed } rinviati)
figure-audio-agrees = concorda con il flusso
figure-audio-disagrees = non concorda con il flusso: { $why }

## Larghezza di banda.
probe-bandwidth-title = Larghezza di banda
probe-bandwidth-download = download { $rate } ({ $streams ->
    [one] { $streams } flusso
   *[other] { $streams } flussi
})
probe-bandwidth-upload = upload { $rate } ({ $streams ->
    [one] { $streams } flusso
   *[other] { $streams } flussi
})
probe-bandwidth-summary = download { $down }, upload { $up }
probe-bandwidth-failed = non riuscito
figure-download = Goodput in download (a regime)
figure-upload = Goodput in upload (a regime)
figure-line-rate = Velocità di linea (stimata dal goodput, trame Ethernet)
figure-line-rate-value = ≈ { $down } in download, { $up } in upload
figure-counted = Byte contati
figure-counted-server = sul socket TCP del server
figure-counted-page = dalla pagina (il server non ha potuto contarli)
figure-transfer-value = { $rate } ({ $streams ->
    [one] { $streams } flusso
   *[other] { $streams } flussi
}, { $megabytes } MB in { $seconds })
figure-not-measured-because = non misurato ({ $why })
figure-failure-network = errore di rete
figure-failure-timeout = tempo scaduto
figure-failure-status = stato HTTP { $code }
figure-capacity = Chiamate simultanee che questa linea sostiene
figure-capacity-value = circa { $calls } a { $rate } ciascuna
figure-loaded-round-trip = Andata e ritorno a riposo / durante il download / durante l'upload

## Regioni (un’installazione con più nodi)
region-title = Regione
region-measuring = { $count ->
    [one] misura di { $count } regione…
   *[other] misura di { $count } regioni…
}
region-nearest = { $region } (la più vicina, { $rtt })
region-pinned = { $region } (fissata dall’invito, { $rtt })
region-pin-unavailable = { $region } (la più vicina, { $rtt }); la regione dell’invito, { $pinned }, non è disponibile
region-none-answered = { $region } (questo server: nessuna regione ha risposto in tempo)
region-fallback = { $region } (questo server: { $chosen } non ha risposto)
region-no-answer = nessuna risposta
report-regions-caption = Regioni (misurate in { $duration })
report-region = Regione
report-region-https = Andata e ritorno HTTPS
report-region-stun = Andata e ritorno STUN
report-region-test = Usata
report-region-used = usata
report-region-pinned = usata, fissata dall’invito
report-region-pin-unavailable = L’invito fissa la regione { $region }, che non era disponibile per questo test.
