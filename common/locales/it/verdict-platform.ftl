## Le righe dei requisiti della sessione: le sue porte TCP, i suoi intervalli media UDP
## e i suoi indirizzi web. $port, $ports, $range («UDP 16384–32768»), $host, $hosts e
## $url sono dati mostrati così come sono; $time e $timeout sono durate con la loro unità.

## Unione di dati e di frasi.
verdict-platform-and = { $items } e { $last }
verdict-platform-sentences = { $first } { $then }
verdict-platform-figures = { $figures }.

## Porte TCP: un risultato per porta.
verdict-tcp-works = TCP { $port } funziona
verdict-tcp-works-in = TCP { $port } funziona ({ $time })
verdict-tcp-websocket-blocked-too = TCP { $port } risponde (anche qui WebSocket è bloccato, come indicato sopra)
verdict-tcp-websocket-blocked = TCP { $port } risponde alle richieste web, ma WebSocket è bloccato
verdict-tcp-refused = TCP { $port }: connessione rifiutata
verdict-tcp-timed-out = TCP { $port } è bloccata (nessuna risposta entro { $timeout })
verdict-tcp-not-offered = TCP { $port } non verificata (non offerta da questo server)
verdict-tcp-browser-refuses = TCP { $port } non verificata (i browser non vi si connettono mai)
verdict-tcp-self-signed = TCP { $port } non verificata (il certificato di questo server è autofirmato)

## Porte TCP: la riga.
verdict-tcp-server-unreachable = Non verificato: { $host } non è raggiungibile in alcun modo (vedi sopra).
verdict-tcp-pass = Le porte TCP della piattaforma raggiungono { $host }: { $ports }.
verdict-tcp-failing = { $count ->
    [one] Una delle porte TCP della piattaforma non passa: { $ports }.
   *[other] { $count } porte TCP della piattaforma non passano: { $ports }.
}
verdict-tcp-fix-open = Chiedi al tuo reparto IT di consentire il traffico TCP { $ports } in uscita verso i server della piattaforma.
verdict-tcp-fix-websocket = Chiedi al tuo reparto IT di lasciar passare le connessioni WebSocket su TCP { $ports } verso i server della piattaforma.
verdict-tcp-fix-open-and-websocket = Chiedi al tuo reparto IT di consentire il traffico TCP { $blocked } in uscita verso i server della piattaforma e di lasciar passare le connessioni WebSocket su TCP { $upgrades } verso gli stessi server.
verdict-tcp-it-allow = Consentire il traffico TCP { $port } in uscita verso i server della piattaforma, WebSocket compreso; osservato verso { $host }: { $observed }.
verdict-tcp-it-allow-tls = Consentire il traffico TCP { $port } (TLS) in uscita verso i server della piattaforma, WebSocket compreso; osservato verso { $host }: { $observed }.
verdict-tcp-observed-refused = la connessione è stata rifiutata o reimpostata lungo il percorso
verdict-tcp-observed-no-answer = nessuna risposta (pacchetti scartati lungo il percorso)
verdict-tcp-observed-websocket-blocked = le richieste web ricevono risposta, ma l’upgrade WebSocket non passa

## Intervalli media UDP: i risultati di un intervallo.
verdict-udp-privileged-ports = { $range } non verificato (i browser non inviano STUN alle porte inferiori a 1024)
verdict-udp-not-offered = { $range } non verificato (non offerto da questo server)
verdict-udp-reached = { $range }: { $reached ->
    [one] { $reached } porta campionata su { $sampled } raggiunge { $host }
   *[other] { $reached } porte campionate su { $sampled } raggiungono { $host }
}
verdict-udp-reached-partly = { $range }: { $reached ->
    [one] { $reached } porta campionata su { $sampled } raggiunge { $host }
   *[other] { $reached } porte campionate su { $sampled } raggiungono { $host }
} (nessuna risposta su { $unanswered })
verdict-udp-reached-none = { $range }: { $sampled ->
    [one] la porta campionata non raggiunge { $host }
   *[other] nessuna delle { $sampled } porte campionate raggiunge { $host }
}
verdict-udp-port-not-offered = porta { $ports } non offerta da questo server
verdict-udp-ports-not-offered = porte { $ports } non offerte da questo server

## Intervalli media UDP: la riga.
verdict-udp-sampling-unsupported = Non è stato possibile campionare le porte UDP della piattaforma: questo browser ha rifiutato le connessioni WebRTC usate dal test.
verdict-udp-sampling-no-answer = Non è stato possibile campionare le porte UDP della piattaforma: il server non ha indicato su quali porte ha ricevuto pacchetti.
verdict-udp-blocked-altogether = Non verificato separatamente: il traffico UDP non passa affatto (vedi il percorso media sopra). { $ranges }.
verdict-udp-relay-accepted = Il traffico UDP non passa, quindi le chiamate non useranno queste porte; questa piattaforma le fa invece passare da un relay su TCP, cosa che accetta ({ $ranges }).
verdict-udp-failing-no-audio = { $ranges }: le chiamate che usano queste porte non avranno audio.
verdict-udp-failing-relay = { $ranges }: le chiamate che usano queste porte passeranno da un relay o perderanno l’audio.
verdict-udp-fix = Chiedi al tuo reparto IT di consentire il traffico { $ranges } in uscita verso { $host }: i media della piattaforma usano l’intero intervallo.
verdict-udp-it-allow = Consentire il traffico { $range } in uscita verso i media server della piattaforma (tutte le porte dell’intervallo: ogni chiamata ne sceglie una). { $sampled ->
    [one] Campionata { $sampled } porta
   *[other] Campionate { $sampled } porte
} verso { $host }; nessuna risposta su { $unanswered }.

## Indirizzi web: un risultato per indirizzo.
verdict-domains-reachable = { $url } raggiungibile
verdict-domains-reachable-in = { $url } raggiungibile ({ $time })
verdict-domains-failed = { $url } bloccato o non trovato
verdict-domains-timed-out = { $url } bloccato (nessuna risposta entro { $timeout })
verdict-domains-insecure = { $url } non verificato (HTTP non cifrato da una pagina sicura)

## Indirizzi web: la riga.
verdict-domains-failing = { $count ->
    [one] Uno degli indirizzi web della piattaforma non risponde: { $addresses }.
   *[other] { $count } indirizzi web della piattaforma non rispondono: { $addresses }.
}
verdict-domains-fix-one = Chiedi al tuo reparto IT di consentire l’accesso a { $hosts } da questo computer: la piattaforma ne ha bisogno.
verdict-domains-fix-many = Chiedi al tuo reparto IT di consentire l’accesso a { $hosts } da questo computer: la piattaforma ne ha bisogno.
verdict-domains-it-failed = Consentire { $host } ({ $url }) su firewall, proxy e DNS; osservato: la richiesta non è riuscita (bloccata da un firewall o da un proxy, rifiutata, oppure il nome non viene risolto).
verdict-domains-it-no-answer = Consentire { $host } ({ $url }) su firewall, proxy e DNS; osservato: nessuna risposta entro { $timeout }.
