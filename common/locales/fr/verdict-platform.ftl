## Les lignes des exigences de la session : ses ports TCP, ses plages média UDP et
## ses adresses web. $port, $ports, $range (« UDP 16384–32768 »), $host, $hosts et
## $url sont des données affichées telles quelles ; $time et $timeout sont des durées avec leur unité.

## Assemblage de données et de phrases.
verdict-platform-and = { $items } et { $last }
verdict-platform-sentences = { $first } { $then }
verdict-platform-figures = { $figures }.

## Ports TCP : un constat par port.
verdict-tcp-works = TCP { $port } fonctionne
verdict-tcp-works-in = TCP { $port } fonctionne ({ $time })
verdict-tcp-websocket-blocked-too = TCP { $port } répond (WebSocket y est bloqué aussi, comme indiqué plus haut)
verdict-tcp-websocket-blocked = TCP { $port } répond aux requêtes web, mais WebSocket est bloqué
verdict-tcp-refused = TCP { $port } : connexion refusée
verdict-tcp-timed-out = TCP { $port } est bloqué (aucune réponse en { $timeout })
verdict-tcp-not-offered = TCP { $port } non testé (non proposé par ce serveur)
verdict-tcp-browser-refuses = TCP { $port } non testé (les navigateurs ne s’y connectent jamais)
verdict-tcp-self-signed = TCP { $port } non testé (le certificat de ce serveur est auto-signé)

## Ports TCP : la ligne.
verdict-tcp-server-unreachable = Non testé : { $host } est totalement injoignable (voir plus haut).
verdict-tcp-pass = Les ports TCP de la plateforme atteignent { $host } : { $ports }.
verdict-tcp-failing = { $count ->
    [one] Un des ports TCP de la plateforme ne passe pas : { $ports }.
   *[other] { $count } ports TCP de la plateforme ne passent pas : { $ports }.
}
verdict-tcp-fix-open = Demandez à votre service informatique d’ouvrir les flux sortants TCP { $ports } vers les serveurs de la plateforme.
verdict-tcp-fix-websocket = Demandez à votre service informatique de laisser passer les connexions WebSocket sur TCP { $ports } vers les serveurs de la plateforme.
verdict-tcp-fix-open-and-websocket = Demandez à votre service informatique d’ouvrir les flux sortants TCP { $blocked } vers les serveurs de la plateforme et de laisser passer les connexions WebSocket sur TCP { $upgrades } vers ces mêmes serveurs.
verdict-tcp-it-allow = Autoriser le flux sortant TCP { $port } vers les serveurs de la plateforme, WebSocket compris ; constaté vers { $host } : { $observed }.
verdict-tcp-it-allow-tls = Autoriser le flux sortant TCP { $port } (TLS) vers les serveurs de la plateforme, WebSocket compris ; constaté vers { $host } : { $observed }.
verdict-tcp-observed-refused = la connexion a été refusée ou réinitialisée en chemin
verdict-tcp-observed-no-answer = aucune réponse (paquets jetés en chemin)
verdict-tcp-observed-websocket-blocked = les requêtes web obtiennent une réponse, mais l’upgrade WebSocket ne passe pas

## Plages média UDP : les constats d’une plage.
verdict-udp-privileged-ports = { $range } non testé (les navigateurs n’envoient pas de STUN vers les ports inférieurs à 1024)
verdict-udp-not-offered = { $range } non testé (non proposé par ce serveur)
verdict-udp-reached = { $range } : { $reached ->
    [one] { $reached } port testé sur { $sampled } atteint { $host }
   *[other] { $reached } ports testés sur { $sampled } atteignent { $host }
}
verdict-udp-reached-partly = { $range } : { $reached ->
    [one] { $reached } port testé sur { $sampled } atteint { $host }
   *[other] { $reached } ports testés sur { $sampled } atteignent { $host }
} (aucune réponse sur { $unanswered })
verdict-udp-reached-none = { $range } : { $sampled ->
    [one] le port testé n’atteint pas { $host }
   *[other] aucun des { $sampled } ports testés n’atteint { $host }
}
verdict-udp-port-not-offered = port { $ports } non proposé par ce serveur
verdict-udp-ports-not-offered = ports { $ports } non proposés par ce serveur

## Plages média UDP : la ligne.
verdict-udp-sampling-unsupported = Les ports UDP de la plateforme n’ont pas pu être testés : ce navigateur a refusé les connexions WebRTC qu’utilise le test.
verdict-udp-sampling-no-answer = Les ports UDP de la plateforme n’ont pas pu être testés : le serveur n’a pas indiqué sur quels ports il a reçu des paquets.
verdict-udp-blocked-altogether = Non testé séparément : aucun trafic UDP ne passe (voir le chemin média plus haut). { $ranges }.
verdict-udp-relay-accepted = Aucun trafic UDP ne passe, les appels n’utiliseront donc pas ces ports ; cette plateforme fait alors passer les appels par un relais sur TCP, ce qu’elle accepte ({ $ranges }).
verdict-udp-failing-no-audio = { $ranges } : les appels qui utilisent ces ports n’auront pas de son.
verdict-udp-failing-relay = { $ranges } : les appels qui utilisent ces ports passeront par un relais ou perdront le son.
verdict-udp-fix = Demandez à votre service informatique d’ouvrir les flux sortants { $ranges } vers { $host } : les médias de la plateforme utilisent toute la plage.
verdict-udp-it-allow = Autoriser les flux sortants { $range } vers les serveurs média de la plateforme (tous les ports de la plage : chaque appel en choisit un). { $sampled ->
    [one] { $sampled } port testé
   *[other] { $sampled } ports testés
} vers { $host } ; aucune réponse sur { $unanswered }.

## Adresses web : un constat par adresse.
verdict-domains-reachable = { $url } joignable
verdict-domains-reachable-in = { $url } joignable ({ $time })
verdict-domains-failed = { $url } bloquée ou introuvable
verdict-domains-timed-out = { $url } bloquée (aucune réponse en { $timeout })
verdict-domains-insecure = { $url } non testée (HTTP non chiffré depuis une page sécurisée)

## Adresses web : la ligne.
verdict-domains-failing = { $count ->
    [one] Une des adresses web de la plateforme ne répond pas : { $addresses }.
   *[other] { $count } adresses web de la plateforme ne répondent pas : { $addresses }.
}
verdict-domains-fix-one = Demandez à votre service informatique d’autoriser l’accès à { $hosts } depuis cet ordinateur : la plateforme en a besoin.
verdict-domains-fix-many = Demandez à votre service informatique d’autoriser l’accès à { $hosts } depuis cet ordinateur : la plateforme en a besoin.
verdict-domains-it-failed = Autoriser { $host } ({ $url }) sur le pare-feu, le proxy et le DNS ; constaté : la requête a échoué (bloquée par un pare-feu ou un proxy, refusée, ou le nom ne se résout pas).
verdict-domains-it-no-answer = Autoriser { $host } ({ $url }) sur le pare-feu, le proxy et le DNS ; constaté : aucune réponse en { $timeout }.
