## Единицы: `value` — число, уже записанное с десятичной запятой.
unit-ms = { $value } мс
unit-kbps = { $value } кбит/с
unit-mbps = { $value } Мбит/с
unit-gbps = { $value } Гбит/с
unit-percent = { $value } %
unit-seconds = { $value } с

console-sessions-count = { $count ->
    [one] { $count } сессия
    [few] { $count } сессии
   *[many] { $count } сессий
}

## Заголовок каждой страницы.
nav-read-report = Открыть отчёт
nav-console = Консоль
nav-language = Язык
