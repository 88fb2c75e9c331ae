## Units: `value` is a number already written with the language's decimal mark.
unit-ms = { $value } ms
unit-kbps = { $value } kbit/s
unit-mbps = { $value } Mbit/s
unit-gbps = { $value } Gbit/s
unit-percent = { $value } %
unit-seconds = { $value } s

console-sessions-count = { $count ->
    [one] { $count } session
   *[other] { $count } sessions
}

## The header of every page.
nav-read-report = Read a report
nav-console = Console
nav-language = Language
