## Les lignes du verdict pour le navigateur, l’ordinateur, HTTPS, WebSocket, SIP, le
## chemin média WebRTC, la qualité d’appel, la bande passante et la latence sous charge :
## ce qui a été mesuré (le résumé), ce que l’agent doit faire (la consigne) et, pour une
## vérification qui n’a pas pu s’exécuter, pourquoi.

## Communs à plusieurs vérifications.
verdict-checks-latency-fix = Les allers-retours sont trop lents pour des appels confortables. Utilisez une connexion filaire plutôt que le Wi-Fi, suspendez les gros téléchargements et le streaming vidéo, et désactivez tout VPN le temps du test. Si la lenteur persiste, demandez au service informatique de vérifier la route vers la plateforme.
# Le serveur, quand son adresse est inconnue : remplace $server dans « vers { $server } » et « pour { $server } ».
verdict-checks-this-server = ce serveur
verdict-checks-media-service-fix = Relancez le test dans une minute. Si le problème persiste, prévenez le support : le serveur est peut-être surchargé.

## Navigateur. $browser vaut « Chrome 131 sous Windows ».
verdict-browser-ok = { $browser }, avec WebRTC, l’accès au micro et WebSocket.
verdict-browser-lacks = { $browser } : il manque { $missing } ; ce navigateur ne peut pas passer d’appels.
verdict-browser-webrtc = WebRTC (RTCPeerConnection)
verdict-browser-microphone = l’accès au micro (getUserMedia)
verdict-browser-websocket = WebSocket
verdict-browser-and-more = { $first }, { $rest }
verdict-browser-lacks-fix = Utilisez une version à jour de Google Chrome ou de Mozilla Firefox. Si c’est déjà le cas, demandez au service informatique si une stratégie désactive WebRTC ou l’accès au micro.
verdict-browser-unsupported = { $browser } : les plateformes d’appel prennent en charge Chrome et Firefox ; les autres navigateurs doivent être validés par l’éditeur.
verdict-browser-unsupported-fix = Utilisez Google Chrome ou Mozilla Firefox pour les appels.
verdict-browser-old = { $browser } est antérieur à la version { $version }.
verdict-browser-old-fix = Mettez à jour le navigateur (Aide > À propos) puis redémarrez-le.

## Ordinateur.
verdict-computer-processors = { $count ->
    [one] { $count } processeur logique
   *[other] { $count } processeurs logiques
}
verdict-computer-processors-unknown = nombre de processeurs inconnu
verdict-computer-memory = Au moins { $gb } Go de mémoire ; { $cores }.
verdict-computer-memory-low = Le navigateur indique { $gb } Go de mémoire ; les softphones demandent { $recommended } Go ; { $cores }.
verdict-computer-memory-low-fix = Fermez les autres applications pendant les appels, ou utilisez un ordinateur doté d’au moins { $recommended } Go de mémoire.
verdict-computer-memory-unknown = Mémoire : inconnue (ce navigateur ne l’indique pas) ; { $cores }.
verdict-computer-memory-unknown-fix = Vérifiez dans les paramètres du système que l’ordinateur dispose d’au moins { $recommended } Go de mémoire.

## HTTPS vers la plateforme.
verdict-https-round-trips = Médiane { $median }, p95 { $p95 } sur { $count ->
    [one] { $count } requête
   *[other] { $count } requêtes
}.
verdict-https-lost = Médiane { $median }, p95 { $p95 } sur { $count ->
    [one] { $count } requête
   *[other] { $count } requêtes
} ; { $failed ->
    [one] { $failed } requête sur { $attempts } a échoué
   *[other] { $failed } requêtes sur { $attempts } ont échoué
}.
verdict-https-lost-fix = Des requêtes se sont perdues : la connexion est instable. Utilisez une connexion filaire et demandez au service informatique de consulter les journaux du pare-feu ou du proxy pour { $server }.
verdict-https-unreachable = La plateforme est injoignable en HTTPS : { $why }.
verdict-https-timed-out = les requêtes ont expiré
verdict-https-http-status = le serveur a répondu HTTP { $code }
verdict-https-network-error = le navigateur a signalé une erreur réseau
verdict-https-unreachable-fix = Vérifiez la connexion Internet. Si les autres sites fonctionnent, demandez au service informatique d’autoriser HTTPS vers { $server }.

## WebSocket.
verdict-websocket-connected-echo = Connecté en { $connect } ; écho médian { $median }, p95 { $p95 } sur { $count ->
    [one] { $count } aller-retour
   *[other] { $count } allers-retours
}.
verdict-websocket-echo = Écho médian { $median }, p95 { $p95 } sur { $count ->
    [one] { $count } aller-retour
   *[other] { $count } allers-retours
}.
verdict-websocket-connected-no-echo = Connecté en { $connect } ; aucun écho n’est revenu.
verdict-websocket-no-echo = Aucun écho n’est revenu.
verdict-websocket-blocked = Un proxy ou un pare-feu bloque WebSocket : les appels ne peuvent pas s’établir.
verdict-websocket-blocked-by-proxy = Un proxy web bloque WebSocket : les appels ne peuvent pas s’établir.
verdict-websocket-blocked-by-named-proxy = Un proxy web ({ $product }) bloque WebSocket : les appels ne peuvent pas s’établir.
verdict-websocket-stopped-answering = La connexion WebSocket s’est ouverte, puis a cessé de répondre : les appels seraient coupés.
verdict-websocket-closed-on-the-way = La connexion WebSocket s’est ouverte, puis a été fermée par un équipement sur le trajet : les appels seraient coupés.
verdict-websocket-altered = La connexion WebSocket s’est ouverte, mais a renvoyé des messages altérés : les appels seraient coupés.
verdict-websocket-unreachable = WebSocket n’a pas pu se connecter non plus : la plateforme est injoignable depuis ce réseau.
verdict-websocket-blocked-fix = Demandez au service informatique de laisser passer les connexions WebSocket (HTTP Upgrade) vers { $server } par { $proxy } et le pare-feu, et d’exclure ces connexions de l’inspection TLS.
verdict-websocket-the-proxy = le proxy
verdict-websocket-the-unnamed-proxy = le proxy (proxy web)
verdict-websocket-the-named-proxy = le proxy ({ $product })

## SIP sur WebSocket.
verdict-sip-answered = SIP OPTIONS a reçu la réponse 200 OK en { $rtt }.
verdict-sip-other-answer = SIP OPTIONS a reçu la réponse { $code } au lieu de 200 OK.
verdict-sip-no-answer = SIP OPTIONS n’a reçu aucune réponse.
verdict-sip-connect-failed = Le WebSocket SIP n’a pas pu se connecter : les appels ne peuvent pas s’enregistrer.
verdict-sip-subprotocol-lost = La connexion a perdu son sous-protocole « sip » en chemin : un proxy réécrit les requêtes WebSocket.
verdict-sip-timeout = Aucune réponse n’est revenue à une requête SIP OPTIONS : un équipement bloque les messages SIP.
verdict-sip-closed-early = Le WebSocket SIP a été fermé avant la réponse : un équipement coupe les connexions SIP.
verdict-sip-altered = La réponse à SIP OPTIONS a été modifiée en chemin : un équipement réécrit le SIP.
verdict-sip-no-websocket = Non testé : SIP passe par WebSocket, qui est bloqué (voir plus haut).
verdict-sip-fix = Demandez au service informatique d’autoriser SIP sur WebSocket (sous-protocole « sip ») vers ce serveur et de désactiver le SIP ALG ou l’inspection SIP sur le pare-feu.

## Chemin média WebRTC (STUN/TURN).
verdict-connectivity-works = { $transport } fonctionne
verdict-connectivity-works-in = { $transport } fonctionne ({ $time })
verdict-connectivity-self-signed = { $transport } non testé (le certificat de ce serveur est autosigné : c’est un réglage du serveur, pas de votre réseau)
verdict-connectivity-reaches-the-server = { $transport } atteint le serveur (connexion non testée)
verdict-connectivity-no-direct-udp = { $transport } : pas de chemin UDP direct
verdict-connectivity-fails = { $transport } échoue
verdict-connectivity-udp-works = UDP atteint les serveurs média : { $figures }.
verdict-connectivity-tcp-relay = UDP est bloqué : les appels passeront par un relais TCP, avec une latence plus élevée ({ $figures }).
verdict-connectivity-udp-required = UDP est bloqué, et cette plateforme a besoin d’UDP pour les appels : seul un relais TCP fonctionne ({ $figures }).
verdict-connectivity-tcp-relay-accepted = UDP est bloqué ; les appels passent par un relais TCP, ce que cette plateforme accepte (latence un peu plus élevée) ({ $figures }).
verdict-connectivity-no-signalling = Non testé de bout en bout : l’établissement du chemin média nécessite un WebSocket vers le serveur, qui est bloqué (voir plus haut). Ce qui a été testé : { $figures }.
verdict-connectivity-no-service = Le chemin média n’a pas pu être testé : le service de test média du serveur n’a pas répondu ({ $figures }).
verdict-connectivity-no-path = Aucun chemin média ne fonctionne : ni UDP ni TCP n’atteignent le serveur relais ({ $figures }).
verdict-connectivity-open-udp = Demandez au service informatique d’ouvrir en sortie { $servers } ainsi que la plage de ports média de la plateforme.
verdict-connectivity-no-path-fix = Demandez au service informatique d’autoriser en sortie { $servers } (STUN/TURN) ; sans cela, les appels n’ont pas d’audio.
verdict-connectivity-platform-servers = les serveurs STUN/TURN de la plateforme
verdict-connectivity-servers-and = { $init } et { $last }

## Qualité d’appel.
verdict-call-quality-summary = MOS { $mos } ({ $rating }) : aller-retour médian { $median }, p95 { $p95 }, max { $max } ; gigue { $jitter } ; perte { $loss } (plus longue série de pertes : { $burst }) sur { $packets ->
    [one] { $packets } paquet
   *[other] { $packets } paquets
}.
verdict-call-quality-excellent = excellent
verdict-call-quality-good = bon
verdict-call-quality-fair = moyen
verdict-call-quality-poor = mauvais
verdict-call-quality-calls = { $calls } appels simultanés, { $summary }
verdict-call-quality-disagreement = { $summary } Les statistiques audio du navigateur divergent : { $disagreement }.
media-disagreement = { $found }
media-disagreement-rtt = aller-retour { $audio } (audio) contre { $stream } (flux)
media-disagreement-loss = perte { $audio } (audio) contre { $stream } (flux)
verdict-call-quality-fix = Les appels seront de qualité dégradée : utilisez une connexion filaire, arrêtez les gros téléchargements et la vidéo pendant les appels, et demandez au service informatique de prioriser le trafic voix (QoS) vers la plateforme.
verdict-call-quality-blocked = Non testé : le flux de type appel a besoin de ce que la vérification « { $check } » a signalé comme manquant.
verdict-call-quality-no-service = Le flux de type appel n’a pas pu être établi : le service de test média du serveur n’a pas répondu.
verdict-call-quality-no-stream = Aucun flux de type appel n’a pu être établi avec le serveur alors que les vérifications du chemin média ont réussi : un équipement bloque le média WebRTC une fois la connexion lancée.
verdict-call-quality-no-stream-fix = Demandez au service informatique si un pare-feu ou un VPN inspecte ou bloque le trafic WebRTC (DTLS/SRTP) vers la plateforme.

## Bande passante et capacité d’appels.
verdict-bandwidth-capacity = Réception { $down }, envoi { $up } : cette liaison peut porter environ { $calls ->
    [one] { $calls } appel simultané
   *[other] { $calls } appels simultanés
} à { $rate } chacun ; { $needed ->
    [one] { $needed } nécessaire
   *[other] { $needed } nécessaires
}.
verdict-bandwidth-download-too-low = Le débit de réception est trop faible pour { $needed ->
    [one] { $needed } appel simultané
   *[other] { $needed } appels simultanés
} : demandez une liaison Internet plus rapide (au moins { $rate } dans chaque sens), ou évitez tout autre trafic sur cette liaison pendant les appels.
verdict-bandwidth-upload-too-low = Le débit d’envoi est trop faible pour { $needed ->
    [one] { $needed } appel simultané
   *[other] { $needed } appels simultanés
} : demandez une liaison Internet plus rapide (au moins { $rate } dans chaque sens), ou évitez tout autre trafic sur cette liaison pendant les appels.
verdict-bandwidth-unmeasured-download = Le débit de réception n’a pas pu être mesuré : { $why }.
verdict-bandwidth-unmeasured-upload = Le débit d’envoi n’a pas pu être mesuré : { $why }.
verdict-bandwidth-unmeasured-both = Les débits de réception et d’envoi n’ont pas pu être mesurés : { $why }.
verdict-bandwidth-refused = la plateforme a refusé les transferts (HTTP { $code })
verdict-bandwidth-cut-off = les transferts vers la plateforme ont été interrompus
verdict-bandwidth-too-little = trop peu de données sont passées dans le temps imparti
verdict-bandwidth-unmeasured-fix = Demandez au service informatique si un proxy ou un pare-feu limite les gros transferts HTTPS vers la plateforme, puis relancez le test.

## Latence sous charge (bufferbloat).
verdict-loaded-latency-summary = Aller-retour au repos { $idle }, pendant la réception { $down }, pendant l’envoi { $up } : jusqu’à { $increase } de plus quand la liaison est saturée ({ $direction }).
verdict-loaded-latency-round-trip = { $rtt }
verdict-loaded-latency-unknown = inconnu
verdict-loaded-latency-download = réception
verdict-loaded-latency-upload = envoi
verdict-loaded-latency-stalls = Aller-retour au repos { $idle }, mais aucun ping n’est revenu pendant que la liaison était saturée : elle se bloque sous charge.
verdict-loaded-latency-fix = Les appels subiront du retard et des coupures dès que quelqu’un télécharge ou envoie des fichiers : demandez au service informatique d’activer une gestion intelligente des files d’attente (SQM, fq_codel/CAKE) ou la QoS pour la voix sur le routeur.
verdict-loaded-latency-no-websocket = Non mesuré : ce test chronomètre des pings WebSocket, et le WebSocket est bloqué (voir plus haut).
verdict-loaded-latency-no-transfer = Non mesuré : aucun transfert n’a saturé la liaison (voir la ligne sur la bande passante).
verdict-loaded-latency-no-idle = Non mesuré : aucun aller-retour au repos n’a servi de référence.
verdict-loaded-latency-run-again = Relancez le test.

## Textes pour l’informatique : précis, pour un responsable réseau ou informatique. Ils nomment ce que la page a sondé (une URL, un protocole, un port), ce qui a été constaté et l’exigence non respectée. $server vaut « callready.example.com:443 » ou « ce serveur » ; $url vaut « wss://callready.example.com:443/ws/echo » ou le texte ci-dessous.
verdict-checks-url-unknown-server = { $path } sur le serveur de la plateforme
# $requirement dans les textes d’aller-retour pour l’informatique ($pass et $fail sont des allers-retours).
verdict-checks-rtt-warn-it = au niveau ou au-delà du seuil de { $pass } fixé par la plateforme (au-delà de { $fail }, c’est un échec)
verdict-checks-rtt-fail-it = au-delà de { $fail }, le maximum qu’accepte la plateforme (elle demande moins de { $pass })

verdict-browser-lacks-it = La page s’est exécutée dans { $browser }, où il manque { $missing } ; les appels ont besoin de RTCPeerConnection, getUserMedia et WebSocket. S’il s’agit d’un Chrome ou d’un Firefox à jour, cherchez une stratégie ou une extension qui les désactive (Chrome : AudioCaptureAllowed ; Firefox : media.peerconnection.enabled, media.navigator.enabled).
verdict-browser-unsupported-it = La page s’est exécutée dans { $browser }. La plateforme prend en charge Chrome { $chrome } ou plus récent et Firefox { $firefox } ou plus récent ; les autres navigateurs ne sont pas validés pour ses appels WebRTC. Déployez l’un de ces deux navigateurs sur les postes des agents.
verdict-browser-old-it = La page s’est exécutée dans { $browser } ; la plateforme exige la version { $version } ou plus récente. Mettez-le à jour, ou levez la stratégie qui bloque ses mises à jour.

verdict-computer-memory-low-it = Le navigateur indique { $gb } Go de mémoire (navigator.deviceMemory, que les navigateurs arrondissent à une puissance de deux) ; les softphones demandent { $recommended } Go ; { $cores }. Prévoyez plus de mémoire ou un autre ordinateur pour cet agent.

verdict-https-unreachable-it = Aucune requête HTTPS GET { $url } n’a abouti : { $why } ({ $attempts ->
    [one] { $attempts } tentative
   *[other] { $attempts } tentatives
}). Autorisez le HTTPS sortant (TLS sur TCP) vers { $server } sur le pare-feu et le proxy, et vérifiez que le nom se résout depuis ce site ; une erreur HTTP peut être la page de blocage d’un proxy.
verdict-https-lost-it = { $failed } requêtes HTTPS GET { $url } sur { $attempts } ont échoué, alors qu’un chemin sain n’en perd aucune ; les autres ont pris en médiane { $median }, p95 { $p95 }. Cherchez dans les journaux du pare-feu et du proxy des connexions vers { $server } abandonnées, réinitialisées ou expirées, et vérifiez les erreurs sur le lien d’accès.
verdict-https-slow-it = Requêtes HTTPS GET { $url } (TLS sur TCP) : aller-retour médian { $median }, p95 { $p95 } sur { $count } requêtes, { $requirement }. Tracez la route de ce site vers { $server } (mtr ou tcptraceroute) pour trouver un détour, un passage par un VPN ou un proxy, ou un lien saturé.

verdict-websocket-blocked-it = La négociation WebSocket vers { $url } (HTTP/1.1 Upgrade: websocket, TLS sur TCP) n’a jamais abouti, alors que les requêtes HTTPS vers { $server } ont reçu une réponse ; { $proxy }. Laissez passer les upgrades WebSocket vers { $server } par le proxy et le pare-feu, et excluez cet hôte de l’inspection TLS.
verdict-websocket-it-no-proxy-seen = le serveur n’a vu aucun en-tête de proxy sur les requêtes de la page
verdict-websocket-it-proxy-seen = le serveur a vu un proxy web sur les requêtes de la page (en-têtes : { $headers })
verdict-websocket-it-named-proxy-seen = le serveur a vu un proxy web, { $product }, sur les requêtes de la page (en-têtes : { $headers })
verdict-websocket-stopped-answering-it = Le WebSocket vers { $url } s’est ouvert, puis a cessé de répondre après { $count ->
    [one] { $count } écho
   *[other] { $count } échos
} : un proxy, un pare-feu ou l’inspection TLS retient ou abandonne ses trames. Exemptez { $server } de l’inspection TLS et des délais d’inactivité et de contenu appliqués aux WebSocket.
verdict-websocket-closed-on-the-way-it = Le WebSocket vers { $url } s’est ouvert, puis a été fermé par autre chose que le serveur après { $count ->
    [one] { $count } écho
   *[other] { $count } échos
} : un proxy ou un pare-feu coupe les connexions WebSocket. Exemptez { $server } de l’inspection TLS et des délais d’inactivité et de contenu appliqués aux WebSocket.
verdict-websocket-altered-it = Le WebSocket vers { $url } s’est ouvert, mais un écho est revenu différent de ce qui avait été envoyé (après { $count ->
    [one] { $count } écho intact
   *[other] { $count } échos intacts
}) : quelque chose sur le chemin réécrit les trames WebSocket. Excluez { $server } de l’inspection TLS et du filtrage de contenu.
verdict-websocket-no-echo-it = Le WebSocket vers { $url } s’est ouvert, mais aucun écho n’est revenu : quelque chose sur le chemin retient ou abandonne les trames WebSocket. Excluez { $server } de l’inspection TLS et du filtrage de contenu.
verdict-websocket-slow-it = Échos WebSocket sur { $url } : aller-retour médian { $median }, p95 { $p95 } sur { $count } échos, { $requirement }. Tracez la route de ce site vers { $server } (mtr ou tcptraceroute) pour trouver un détour, un passage par un VPN ou un proxy, ou un lien saturé.

verdict-sip-connect-failed-it = Un WebSocket vers { $url } demandant le sous-protocole « sip » (Sec-WebSocket-Protocol: sip, RFC 7118) ne s’est jamais ouvert, alors que la même URL sans sous-protocole fonctionne : un proxy ou un pare-feu filtre sur ce sous-protocole. Autorisez le WebSocket avec le sous-protocole « sip » vers { $server }.
verdict-sip-subprotocol-lost-it = Le WebSocket vers { $url } s’est ouvert sans le sous-protocole « sip » demandé par la page (Sec-WebSocket-Protocol retiré de la négociation) : un proxy réécrit les négociations WebSocket. Exemptez { $server } de ce proxy, ou laissez passer l’en-tête intact.
verdict-sip-timeout-it = Une requête SIP OPTIONS sur { $url } (sous-protocole « sip ») n’a reçu aucune réponse : un SIP ALG, une inspection SIP ou un IPS sur le chemin abandonne le SIP transporté dans le WebSocket. Désactivez-le pour { $server }.
verdict-sip-closed-early-it = Le WebSocket SIP vers { $url } a été fermé avant l’arrivée de la réponse à OPTIONS : un SIP ALG, une inspection SIP ou un IPS sur le chemin coupe la connexion. Désactivez-le pour { $server }.
verdict-sip-altered-it = La réponse à SIP OPTIONS sur { $url } ne correspondait pas à la requête : quelque chose sur le chemin réécrit le SIP. Désactivez le SIP ALG et l’inspection SIP pour { $server }.
verdict-sip-other-answer-it = SIP OPTIONS sur { $url } a reçu la réponse { $code } au lieu du 200 OK qu’envoie le serveur : quelque chose sur le chemin répond au SIP ou le réécrit. Désactivez le SIP ALG et l’inspection SIP pour { $server }.
verdict-sip-slow-it = SIP OPTIONS sur { $url } (sous-protocole « sip ») a reçu 200 OK en { $rtt }, { $requirement }. Tracez la route de ce site vers { $server } (mtr ou tcptraceroute) pour trouver un détour, un passage par un VPN ou un proxy, ou un lien saturé.

verdict-connectivity-tcp-relay-it = Sondes ICE vers les serveurs STUN/TURN de la plateforme : { $figures }. Aucune réponse n’est revenue en UDP de { $udp }, alors que TURN sur TCP ou TLS fonctionne ({ $streams }) : le média sera relayé en TCP, avec plus de latence et un moins bon comportement en cas de pertes. Autorisez en sortie { $udp } avec ses réponses, ainsi que la plage de ports média de la plateforme.
verdict-connectivity-udp-required-it = Sondes ICE vers les serveurs STUN/TURN de la plateforme : { $figures }. Aucune réponse n’est revenue en UDP de { $udp }, alors que TURN sur TCP ou TLS fonctionne ({ $streams }) ; cette plateforme exige le média en UDP. Autorisez en sortie { $udp } avec ses réponses, ainsi que la plage de ports média de la plateforme.
verdict-connectivity-no-service-it = Les offres des sondes ICE sont passées par { $url } (WebSocket) vers le pair d’écho du serveur, qui n’a pas répondu, alors que l’écho WebSocket fonctionne : il s’agit très probablement du service de test média de la plateforme, pas de ce réseau ({ $figures }). Si un proxy filtre les WebSocket selon le chemin, autorisez aussi /ws/rtc.
verdict-connectivity-no-path-it = Aucune sonde ICE n’est passée : { $figures }. Ni UDP ni TCP n’atteint { $servers } (liaison STUN ou allocation TURN sans réponse). Autorisez en sortie { $servers } avec leurs réponses (STUN/TURN, RFC 8489 et RFC 8656), ainsi que la plage de ports média de la plateforme.

verdict-call-quality-no-service-it = L’offre du flux de type appel est passée par le WebSocket /ws/rtc du serveur de la plateforme, et le pair d’écho du serveur n’a pas répondu alors que le WebSocket fonctionne par ailleurs : il s’agit très probablement du service de test média de la plateforme, pas de ce réseau. Si un proxy filtre les WebSocket selon le chemin, autorisez aussi /ws/rtc.
verdict-call-quality-no-stream-it = Les sondes du chemin média ont obtenu les candidats nécessaires, mais la connexion WebRTC du flux de type appel (ICE, puis DTLS et un canal de données) vers le pair d’écho du serveur ne s’est jamais ouverte : quelque chose abandonne le WebRTC après ICE, par exemple le contrôle applicatif d’un pare-feu, un IPS ou un VPN. Autorisez DTLS/SRTP (WebRTC) vers les serveurs média de la plateforme et leur plage de ports.
verdict-call-quality-it = Le flux de type appel ({ $calls ->
    [one] un appel
   *[other] { $calls } appels simultanés
}, chacun de 50 paquets par seconde de taille G.711 en WebRTC vers le pair d’écho du serveur ; paire de candidats { $pair }) a mesuré un MOS de { $mos }, un aller-retour médian de { $median } (p95 { $p95 }), une gigue de { $jitter } et une perte de { $loss } sur { $packets } paquets (plus longue série { $burst }). Hors limites : { $breaches }. Vérifiez la saturation et les erreurs sur le lien d’accès, et donnez la priorité à la voix vers la plateforme (QoS, DSCP EF).
verdict-call-quality-it-no-pair = non communiquée
verdict-call-quality-it-rtt = aller-retour médian { $value }, { $requirement }
verdict-call-quality-it-loss = perte { $value }, au niveau ou au-delà du seuil de { $pass } fixé par la plateforme (au-delà de { $fail }, c’est un échec)
verdict-call-quality-it-loss-fail = perte { $value }, au-delà de { $fail }, le maximum qu’accepte la plateforme
verdict-call-quality-it-jitter = gigue { $value }, au niveau ou au-delà du seuil de { $pass } fixé par la plateforme
verdict-call-quality-it-mos = MOS { $value }, sous les { $pass } d’un bon appel
verdict-call-quality-it-mos-fail = MOS { $value }, sous { $fail } (mauvais)

verdict-bandwidth-unmeasured-download-it = Le débit de réception n’a pas pu être mesuré en HTTPS (GET /api/download sur le serveur de la plateforme, flux parallèles de données incompressibles) : { $why }. Un proxy, un pare-feu ou un antivirus qui met en mémoire tampon, analyse ou plafonne les gros corps HTTPS produirait cet effet : exemptez ces requêtes d’analyse et de limites de taille, puis relancez le test.
verdict-bandwidth-unmeasured-upload-it = Le débit d’envoi n’a pas pu être mesuré en HTTPS (POST /api/upload sur le serveur de la plateforme, flux parallèles de données incompressibles) : { $why }. Un proxy, un pare-feu ou un antivirus qui met en mémoire tampon, analyse ou plafonne les gros corps HTTPS produirait cet effet : exemptez ces requêtes d’analyse et de limites de taille, puis relancez le test.
verdict-bandwidth-unmeasured-both-it = Aucun des deux débits n’a pu être mesuré en HTTPS (GET /api/download et POST /api/upload sur le serveur de la plateforme, flux parallèles de données incompressibles) : { $why }. Un proxy, un pare-feu ou un antivirus qui met en mémoire tampon, analyse ou plafonne les gros corps HTTPS produirait cet effet : exemptez ces requêtes d’analyse et de limites de taille, puis relancez le test.
verdict-bandwidth-download-too-low-it = Les transferts HTTPS vers le serveur de la plateforme (GET /api/download, POST /api/upload, flux parallèles) ont mesuré { $down } en réception et { $up } en envoi. À { $rate } par appel dans chaque sens, cela porte { $calls ->
    [one] { $calls } appel simultané
   *[other] { $calls } appels simultanés
} ; la session en demande { $needed }, soit au moins { $required } dans chaque sens. La réception est la limite : un lien plus rapide, ou un façonneur de trafic qui réserve { $required } à la voix.
verdict-bandwidth-upload-too-low-it = Les transferts HTTPS vers le serveur de la plateforme (GET /api/download, POST /api/upload, flux parallèles) ont mesuré { $down } en réception et { $up } en envoi. À { $rate } par appel dans chaque sens, cela porte { $calls ->
    [one] { $calls } appel simultané
   *[other] { $calls } appels simultanés
} ; la session en demande { $needed }, soit au moins { $required } dans chaque sens. L’envoi est la limite : un lien plus rapide, ou un façonneur de trafic qui réserve { $required } à la voix.

verdict-loaded-latency-stalls-it = Les pings WebSocket vers le serveur de la plateforme (/ws/echo, un toutes les 200 ms) prenaient { $idle } sur le lien au repos, et aucun n’est revenu pendant que le test de bande passante le saturait (HTTPS GET /api/download, puis POST /api/upload) : une file d’attente au goulet d’étranglement (routeur, modem, limiteur du pare-feu) retient les paquets pendant des secondes (bufferbloat). Activez une gestion intelligente des files d’attente (SQM : fq_codel ou CAKE) au goulet d’étranglement, ou une QoS qui fait passer la voix en premier.
verdict-loaded-latency-it = Pings WebSocket vers le serveur de la plateforme (/ws/echo, un toutes les 200 ms) : { $idle } sur le lien au repos, { $down } pendant que le test de bande passante saturait la réception (HTTPS GET /api/download), { $up } pendant qu’il saturait l’envoi (POST /api/upload). Soit jusqu’à { $increase } de plus sous charge (pire cas : { $direction }), au-delà des { $limit } de hausse que tolère la plateforme : une file d’attente au goulet d’étranglement (routeur, modem, limiteur du pare-feu) se remplit (bufferbloat). Activez une gestion intelligente des files d’attente (SQM : fq_codel ou CAKE) au goulet d’étranglement, ou une QoS qui fait passer la voix en premier.

tls-hello = { $version }, { $ciphers ->
    [one] { $ciphers } suite de chiffrement
   *[other] { $ciphers } suites de chiffrement
}, { $extensions ->
    [one] { $extensions } extension
   *[other] { $extensions } extensions
}{ $rest }
