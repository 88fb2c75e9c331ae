## Les lignes du chemin : proxy web, inspection TLS, MTU du chemin, adresse publique
## unique, comportement du NAT. $server est le serveur auquel la page a parlé
## (hôte:port), ou verdict-path-this-server quand l’essai ne le dit pas.
verdict-path-this-server = ce serveur

## Proxy web.
verdict-proxy-web-proxy-product = un proxy web ({ $product })
verdict-proxy-web-proxy = un proxy web
verdict-proxy-none = Aucun proxy web ne marque les requêtes de la page (un proxy qui se contente de faire transiter le HTTPS en tunnel ne laisse aucune trace, et ne gêne pas).
# $proxy : verdict-proxy-web-proxy-product ou verdict-proxy-web-proxy ; $headers : les noms des en-têtes HTTP qui l’ont trahi.
verdict-proxy-through = Les requêtes passent par { $proxy } (repéré dans : { $headers }) ; HTTPS et WebSocket le traversent.
verdict-proxy-blocks-websocket = Les requêtes passent par { $proxy } (repéré dans : { $headers }), qui ne laisse pas passer WebSocket : voir WebSocket.
verdict-proxy-rewrites-product = Un proxy web ({ $product }) modifie les en-têtes des requêtes de la page : il peut aussi altérer le trafic de la plateforme.
verdict-proxy-rewrites = Un proxy web modifie les en-têtes des requêtes de la page : il peut aussi altérer le trafic de la plateforme.
verdict-proxy-rewrites-unknown = Un équipement sur le trajet modifie les en-têtes des requêtes de la page : il peut aussi altérer le trafic de la plateforme.
verdict-proxy-rewrites-fix = Demandez à votre service informatique d’exempter les hôtes de la plateforme du filtrage et de la réécriture du proxy web.
verdict-proxy-rewrites-it = Un en-tête envoyé par la page à { $server } est arrivé modifié (constaté par le serveur sur la requête qui a enregistré cet essai). Exemptez les hôtes de la plateforme de la réécriture et du filtrage de contenu.
verdict-proxy-rewrites-it-headers = Un en-tête envoyé par la page à { $server } est arrivé modifié (constaté par le serveur sur la requête qui a enregistré cet essai ; en-têtes de proxy : { $headers }). Exemptez les hôtes de la plateforme de la réécriture et du filtrage de contenu.

## Inspection TLS.
# Le navigateur de la page : « Chrome 131 sous Windows ».
verdict-tls-browser = { $browser } { $version } sous { $os }
verdict-tls-browser-no-version = { $browser } sous { $os }
verdict-tls-unknown-browser = un navigateur inconnu
verdict-tls-unknown-os = un système d’exploitation inconnu
# La pile TLS qui écrit une poignée de main.
verdict-tls-stack-chromium = BoringSSL de Chromium
verdict-tls-stack-firefox = NSS de Firefox
verdict-tls-stack-other = une pile TLS qu’aucun navigateur n’utilise
verdict-tls-self-signed = Impossible à déterminer : la sonde TLS de ce serveur (port { $port }) a un certificat autosigné, que les navigateurs refusent.
verdict-tls-server-unreachable = Impossible à déterminer : la page n’a pas pu joindre le serveur (voir HTTPS).
verdict-tls-no-handshake = Impossible à déterminer : la requête HTTPS de la page vers la sonde TLS du serveur (port { $port }) n’est pas arrivée.
verdict-tls-unknown-stack = Impossible à déterminer : CallReady ne sait pas quelle poignée de main TLS écrit { $browser } (le serveur a reçu : { $hello }).
verdict-tls-own-handshake = Le serveur a reçu la poignée de main TLS qu’écrit { $browser } ({ $stack } ; { $hello }) : rien sur le trajet ne la déchiffre.
verdict-tls-inspected = Un équipement de votre réseau déchiffre le TLS : le serveur a reçu une poignée de main TLS écrite par { $stack } ({ $hello }), et non par { $browser }. Le trafic de la plateforme doit en être exempté.
verdict-tls-inspected-fix = Demandez à votre service informatique d’exempter les adresses de la plateforme de l’inspection TLS (déchiffrement SSL) sur le pare-feu ou le proxy.
verdict-tls-inspected-it = Le ClientHello TLS parvenu à la sonde TLS de CallReady (port { $port }, à côté de { $server }) a été écrit par { $stack } ({ $hello }), alors que la page s’exécute dans { $browser } ({ $expected }) : un pare-feu ou un proxy termine et rechiffre le trafic (inspection TLS). Ajoutez les noms d’hôte de la plateforme à la liste d’exclusion du déchiffrement (contournement de l’inspection) ; une signalisation WebSocket et WebRTC déchiffrée fait échouer les appels de façon imprévisible.

## MTU du chemin.
verdict-mtu-not-measured = Non mesurée : le serveur n’a pas pu lire la taille de segment de cette connexion (derrière un reverse proxy, il voit la connexion du proxy, et non celle de cet ordinateur).
verdict-mtu-full = Le chemin laisse passer les paquets de taille normale : MTU de { $mtu } octets (MSS TCP { $mss }).
verdict-mtu-full-range = Le chemin laisse passer les paquets de taille normale : MTU de { $low } à { $high } octets (MSS TCP { $mss }).
verdict-mtu-tunnel = Un VPN ou un tunnel se trouve sur le chemin : MTU ≈ { $low }–{ $high } octets (MSS TCP { $mss }).
verdict-mtu-tunnel-required = Un VPN ou un tunnel se trouve sur le chemin : MTU ≈ { $low }–{ $high } octets (MSS TCP { $mss }). La plateforme demande { $required } octets.
verdict-mtu-fix = Demandez à votre service informatique de laisser le trafic de la plateforme en dehors du VPN (split tunneling), ou d’augmenter la MTU du tunnel.
verdict-mtu-it = La MTU du chemin vers { $server } est d’environ { $low }–{ $high } octets (MSS TCP { $mss } vu par le serveur) ; la plateforme demande { $required } octets. Excluez les hôtes de la plateforme du VPN ou du tunnel, ou augmentez sa MTU.

## Une seule adresse publique.
verdict-public-udp-ports = UDP vers { $count } ports
verdict-public-paths-and-udp-ports = { $paths }, UDP vers { $count } ports
verdict-public-one = Tous les chemins sortent par une seule adresse publique ({ $paths }).
verdict-public-group = { $paths } depuis l’adresse { $address }
verdict-public-several = Votre réseau fait sortir les appels par { $count } adresses publiques ({ $groups }) : la plateforme risque de rejeter l’audio.
verdict-public-several-fix = Demandez à votre service informatique de fixer une seule adresse sortante pour les hôtes de la plateforme.
verdict-public-several-it = L’équilibrage de charge sortant ou le NAT donne à cet ordinateur { $count } adresses publiques vers la plateforme (identifiants anonymisés) : { $groups }. Fixez une seule adresse sortante (NAT source) pour les hôtes de la plateforme, en TCP comme en UDP.

## Comportement du NAT.
verdict-nat-none = Pas de NAT entre cet ordinateur et la plateforme : sa propre adresse est publique.
verdict-nat-endpoint-independent = Le routeur garde un seul port public par connexion (mappage indépendant de la destination) : les flux média en pair à pair peuvent fonctionner.
verdict-nat-symmetric-port = Le routeur choisit un nouveau port public pour chaque destination (NAT symétrique) : les flux média en pair à pair échoueront ; les appels ont besoin de TURN.
verdict-nat-symmetric-address = Le routeur choisit une nouvelle adresse publique pour chaque destination (NAT symétrique) : les flux média en pair à pair échoueront ; les appels ont besoin de TURN.
verdict-nat-symmetric-fix = Les appels fonctionnent tout de même via le relais TURN de la plateforme. Demandez à votre service informatique si le pare-feu peut garder un seul port public par connexion (mappage indépendant de la destination) pour les flux média de la plateforme.
verdict-nat-symmetric-port-it = Un même socket UDP local a obtenu un port public différent vers deux ports de { $server } (mappage dépendant de l’adresse ou du port, RFC 4787). Configurez un mappage indépendant de la destination pour l’UDP vers la plateforme, ou vérifiez que TURN est autorisé.
verdict-nat-symmetric-address-it = Un même socket UDP local a obtenu une adresse publique différente vers deux ports de { $server } (mappage dépendant de l’adresse ou du port, RFC 4787). Configurez un mappage indépendant de la destination pour l’UDP vers la plateforme, ou vérifiez que TURN est autorisé.
verdict-nat-symmetric-port-no-relay = Le routeur choisit un nouveau port public pour chaque destination (NAT symétrique) : les flux média ne peuvent pas passer en direct, et cette plateforme n’a pas de relais : les appels seront sans son.
verdict-nat-symmetric-address-no-relay = Le routeur choisit une nouvelle adresse publique pour chaque destination (NAT symétrique) : les flux média ne peuvent pas passer en direct, et cette plateforme n’a pas de relais : les appels seront sans son.
verdict-nat-symmetric-no-relay-fix = Demandez à votre service informatique de configurer le pare-feu pour garder un seul port public par connexion (mappage indépendant de la destination) pour les flux média de la plateforme.
verdict-nat-symmetric-port-no-relay-it = Un même socket UDP local a obtenu un port public différent vers deux ports de { $server } (mappage dépendant de l’adresse ou du port, RFC 4787). Cette plateforme n’a pas de relais TURN : configurez un mappage (et un filtrage) indépendant de la destination pour le trafic média UDP de la plateforme.
verdict-nat-symmetric-address-no-relay-it = Un même socket UDP local a obtenu une adresse publique différente vers deux ports de { $server } (mappage dépendant de l’adresse ou du port, RFC 4787). Cette plateforme n’a pas de relais TURN : configurez un mappage (et un filtrage) indépendant de la destination pour le trafic média UDP de la plateforme.
