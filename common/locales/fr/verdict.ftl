## Les lignes du verdict : le titre de chaque vérification.
check-browser = Navigateur
check-computer = Ordinateur
check-https = HTTPS vers la plateforme
check-websocket = WebSocket
check-sip = SIP sur WebSocket
check-proxy = Proxy web
check-tls-inspection = Inspection TLS
check-path-mtu = MTU du chemin (VPN, tunnels)
check-public-address = Une seule adresse publique
check-nat-behaviour = Comportement du NAT
check-connectivity = Chemin média WebRTC (STUN/TURN)
check-tcp-ports = Ports TCP de la plateforme
check-udp-ports = Ports média UDP de la plateforme
check-domains = Adresses web de la plateforme
check-call-quality = Qualité d’appel
check-bandwidth = Bande passante et capacité d’appels
check-loaded-latency = Latence sous charge

## Une mesure faite pendant que l’onglet était masqué.
verdict-hidden-tab = Mesure non fiable : cet onglet était en arrière-plan pendant la mesure, et les navigateurs ralentissent les onglets en arrière-plan. Mesuré : { $measured }
verdict-hidden-tab-fix = Relancez le test et gardez cet onglet au premier plan jusqu’à l’affichage du résultat.
verdict-hidden-tab-it = Mesure non fiable : l’onglet de la page était en arrière-plan pendant la mesure, et les navigateurs brident les minuteries des onglets en arrière-plan (un réveil par seconde ou moins) ; ces chiffres décrivent donc le navigateur, pas le réseau. Mesuré : { $measured } Faites relancer le test par l’agent, onglet au premier plan.

## Le texte pour l’équipe informatique (texte brut à copier dans un e-mail ou un ticket).
it-text-heading = Test réseau { $product } : { $verdict }
it-text-line = { $number }. { $check } ({ $status }) : { $what }
it-text-fails = échec
it-text-warning = avertissement
it-text-agent-told = Consigne donnée à l’agent : { $fix }
