## Unità: `value` è un numero già scritto con la virgola decimale.
unit-ms = { $value } ms
unit-kbps = { $value } kbit/s
unit-mbps = { $value } Mbit/s
unit-gbps = { $value } Gbit/s
unit-percent = { $value } %
unit-seconds = { $value } s

console-sessions-count = { $count ->
    [one] { $count } sessione
   *[other] { $count } sessioni
}

## L'intestazione di ogni pagina.
nav-read-report = Leggi un rapporto
nav-console = Console
nav-language = Lingua
