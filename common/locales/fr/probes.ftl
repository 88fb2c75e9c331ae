## Lignes des sondes sur la page de l'agent et chiffres du rapport.

## Lignes.
probe-separator = {"\u00A0; "}
probe-starting = démarrage
row-not-offered = non proposé par ce serveur
row-nothing-to-test-platform = les exigences de la session ne mentionnent aucun port ni aucune adresse supplémentaire

## Navigateur et ordinateur.
probe-browser-title = Navigateur et ordinateur
probe-browser-memory = { $gb } Go
probe-browser-memory-unknown = mémoire inconnue
probe-browser-ua = { $browser } { $major } sous { $os }
probe-browser-ua-no-version = { $browser } sous { $os }
probe-browser-unknown-browser = Navigateur inconnu
probe-browser-unknown-os = système inconnu

## HTTPS.
probe-https-title = HTTPS vers la plateforme
probe-https-progress = requête { $request } sur { $requests }
probe-https-summary = médiane { $median }, p95 { $p95 }
probe-https-unreachable = injoignable
figure-https-round-trip = Aller-retour HTTPS (médiane / p95)
figure-https-answered = Requêtes HTTPS ayant reçu une réponse
figure-https-answered-value = { $answered } sur { $attempts }

## WebSocket et SIP.
probe-websocket-title = WebSocket et SIP
probe-websocket-connecting = connexion
probe-websocket-echo = écho { $echo } sur { $echoes }
probe-websocket-sip-answered = écho médian { $median } ; SIP a répondu { $status }
probe-websocket-sip-failed = écho médian { $median } ; échec SIP
probe-websocket-blocked = bloqué
figure-websocket-connect = Connexion WebSocket
figure-websocket-echo = Écho WebSocket (médiane / p95)
figure-sip-options = Aller-retour SIP OPTIONS
figure-sip-no-answer = pas de réponse

## Proxy et MTU du chemin.
probe-path-title = Proxy et MTU du chemin
probe-path-asking = le serveur est interrogé sur ce qu'il voit
probe-path-not-asked = le serveur n'a pas pu être interrogé
probe-path-through-proxy = via un proxy web ({ $product })
probe-path-through-unnamed-proxy = via un proxy web
probe-path-no-proxy = aucun proxy détecté
probe-path-summary-mtu = { $proxy } ; MTU { $low }–{ $high }
figure-web-proxy = Proxy web (vu par le serveur)
figure-proxy-seen = { $proxy } (en-têtes : { $headers })
figure-proxy-unnamed = sans nom
figure-proxy-none = aucun détecté
figure-tcp-mss = MSS TCP (vu par le serveur)
figure-mss-value = { $mss ->
    [one] { $mss } octet
   *[other] { $mss } octets
} (MTU { $low }–{ $high })
figure-mss-not-measured = non mesuré
figure-request-headers = En-têtes de la requête
figure-request-headers-changed = modifiés en chemin

## Inspection TLS.
probe-tls-title = Inspection TLS
probe-tls-progress = une requête HTTPS vers la sonde TLS du serveur
probe-tls-self-signed = non testé : le certificat du serveur est autosigné
probe-tls-probed = sondé ; le serveur compare
probe-tls-no-answer = port { $port } : pas de réponse
probe-tls-refused = port { $port } : refusé ou bloqué
figure-tls-handshake = Poignée de main TLS reçue par le serveur (port { $port })
figure-tls-none = aucune reçue
figure-tls-family-chromium = BoringSSL de Chromium
figure-tls-family-firefox = NSS de Firefox
figure-tls-family-other = une pile TLS qu'aucun navigateur n'utilise

## Chemin média WebRTC (ICE).
probe-ice-title = Chemin média WebRTC
probe-ice-progress = collecte sur { $count ->
    [one] { $count } transport
   *[other] { $count } transports
}
probe-ice-no-path = aucun chemin ne fonctionne
probe-ice-stun-udp = STUN sur UDP
probe-ice-turn-udp = TURN sur UDP
probe-ice-turn-tcp = TURN sur TCP
probe-ice-turn-tls = TURN sur TLS
figure-ice-server = { $transport } vers { $server }
figure-ice-works = fonctionne
figure-ice-fails = échoue
figure-not-tested-self-signed = non testé : certificat autosigné
figure-ice-no-candidates = aucun candidat
figure-ice-first-candidate = premier candidat en { $time }
figure-ice-gathered = collecte terminée en { $time }
figure-ice-connected = connecté { $pair }
figure-ice-not-connected = pas de connexion
figure-ice-signalling-failed = connexion non tentée (échec de la signalisation)

## Ports et adresses de la plateforme.
probe-platform-title = Ports et adresses de la plateforme
probe-platform-progress = vérification de ce dont { $profile } a besoin
probe-platform-tcp = TCP { $open } sur { $tested } { $open ->
    [one] ouvert
   *[other] ouverts
}
probe-platform-udp = UDP { $reached } sur { $sampled ->
    [one] { $sampled } port testé
   *[other] { $sampled } ports testés
}
probe-platform-addresses = { $answering } sur { $count ->
    [one] { $count } adresse
   *[other] { $count } adresses
}
figure-tcp-port = TCP { $port } vers { $host }
figure-port-open = ouvert ({ $time })
figure-port-websocket-blocked = requêtes web uniquement : WebSocket bloqué
figure-port-refused = refusé
figure-port-no-answer = pas de réponse (bloqué)
figure-port-not-offered = non proposé par ce serveur
figure-port-browser-refuses = les navigateurs ne s'y connectent jamais
figure-udp-range = { $range } vers { $host }
figure-udp-reached = { $reached ->
    [one] { $reached } port atteint
   *[other] { $reached } ports atteints
} sur { $sampled ->
    [one] { $sampled } testé
   *[other] { $sampled } testés
}
figure-udp-no-answer-on = pas de réponse sur { $ports }
figure-udp-not-offered = { $count ->
    [one] { $count } non proposé
   *[other] { $count } non proposés
}
figure-udp-not-sampled = échantillonnage impossible
figure-domain-reachable = joignable ({ $time })
figure-domain-failed = bloquée ou introuvable
figure-domain-no-answer = pas de réponse (bloquée)
figure-domain-insecure = non testée : HTTP non chiffré

## Une seule adresse publique.
probe-public-title = Une seule adresse publique
probe-public-asking = interrogation du serveur
probe-public-not-asked = le serveur n'a pas pu être interrogé
probe-public-summary = { $count ->
    [one] une seule adresse publique
   *[other] { $count } adresses publiques
}
figure-public-address = Adresse publique { $address }
figure-public-udp-ports = UDP vers { $count ->
    [one] { $count } port
   *[other] { $count } ports
}

## Comportement du NAT.
probe-nat-title = Comportement du NAT
probe-nat-progress = deux ports, un seul socket
probe-nat-webrtc-refused = WebRTC refusé
probe-nat-probed = sondé ; le serveur compare
figure-nat-mapping = Mappage NAT vers deux ports du serveur
figure-nat-endpoint-independent = mappage indépendant de la destination
figure-nat-port-dependent = mappage dépendant du port (symétrique)
figure-nat-address-dependent = mappage dépendant de l'adresse (symétrique)

## Qualité d'appel.
probe-media-title = Qualité d'appel
probe-media-connecting = connexion au pair d'écho
probe-media-stream = flux d'appel : seconde { $second } sur { $seconds }
probe-media-stream-calls = { $calls } appels, flux d'appel : seconde { $second } sur { $seconds }
probe-media-summary = MOS { $mos } ; perte { $loss }
probe-media-no-stream = aucun flux média
figure-stream = Flux de type appel ({ $packets } paquets/s)
figure-stream-calls = Flux de type appel ({ $calls } appels × { $packets } paquets/s)
figure-stream-value = MOS { $mos } ; RTT médian { $rtt } ; gigue { $jitter } ; perte { $loss } ({ $received } sur { $sent ->
    [one] { $sent } paquet
   *[other] { $sent } paquets
})
figure-stream-none = aucun flux
figure-media-path = Chemin média (paire sélectionnée)
figure-audio-loopback = Boucle audio (getStats du navigateur)
figure-audio-value = RTT { $rtt }, gigue { $out } à l'aller / { $back } au retour, perte { $loss } ({ $sent } envoyés, { $echoed } renvoyés)
figure-audio-agrees = concorde avec le flux
figure-audio-disagrees = ne concorde pas avec le flux : { $why }

## Bande passante.
probe-bandwidth-title = Bande passante
probe-bandwidth-download = réception { $rate } ({ $streams } flux)
probe-bandwidth-upload = envoi { $rate } ({ $streams } flux)
probe-bandwidth-summary = réception : { $down }, envoi : { $up }
probe-bandwidth-failed = échec
figure-download = Débit utile en réception (régime établi)
figure-upload = Débit utile en envoi (régime établi)
figure-line-rate = Débit de ligne (estimé d’après le débit utile, trames Ethernet)
figure-line-rate-value = ≈ { $down } en réception, { $up } en envoi
figure-counted = Octets comptés
figure-counted-server = au socket TCP du serveur
figure-counted-page = par la page (le serveur n’a pas pu les compter)
figure-transfer-value = { $rate } ({ $streams } flux, { $megabytes } Mo en { $seconds })
figure-not-measured-because = non mesuré ({ $why })
figure-failure-network = erreur réseau
figure-failure-timeout = délai dépassé
figure-failure-status = statut HTTP { $code }
figure-capacity = Appels simultanés que cette liaison peut porter
figure-capacity-value = environ { $calls } à { $rate } chacun
figure-loaded-round-trip = Aller-retour au repos / pendant la réception / pendant l'envoi

## Régions (un déploiement à plusieurs nœuds)
region-title = Région
region-measuring = { $count ->
    [one] mesure de { $count } région…
   *[other] mesure de { $count } régions…
}
region-nearest = { $region } (la plus proche, { $rtt })
region-pinned = { $region } (imposée par l’invitation, { $rtt })
region-pin-unavailable = { $region } (la plus proche, { $rtt }) ; la région de l’invitation, { $pinned }, n’est pas disponible
region-none-answered = { $region } (ce serveur : aucune région n’a répondu à temps)
region-fallback = { $region } (ce serveur : { $chosen } n’a pas répondu)
region-no-answer = pas de réponse
report-regions-caption = Régions (mesurées en { $duration })
report-region = Région
report-region-https = Aller-retour HTTPS
report-region-stun = Aller-retour STUN
report-region-test = Utilisée
report-region-used = utilisée
report-region-pinned = utilisée, imposée par l’invitation
report-region-pin-unavailable = L’invitation impose la région { $region }, qui n’était pas disponible pour ce test.
