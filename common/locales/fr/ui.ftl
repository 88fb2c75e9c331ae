## Unités : `value` est un nombre déjà écrit avec la virgule décimale.
unit-ms = { $value } ms
unit-kbps = { $value } kbit/s
unit-mbps = { $value } Mbit/s
unit-gbps = { $value } Gbit/s
unit-percent = { $value } %
unit-seconds = { $value } s

console-sessions-count = { $count ->
    [one] { $count } session
   *[other] { $count } sessions
}

## L'en-tête de chaque page.
nav-read-report = Lire un rapport
nav-console = Console
nav-language = Langue
