## Строки требований сеанса: его TCP-порты, UDP-диапазоны медиа и веб-адреса.
## $port, $ports, $range («UDP 16384–32768»), $host, $hosts и $url — данные, которые
## показываются как есть; $time и $timeout — длительности с единицей измерения.

## Соединение данных и предложений.
verdict-platform-and = { $items } и { $last }
verdict-platform-sentences = { $first } { $then }
verdict-platform-figures = { $figures }.

## TCP-порты: результат по каждому порту.
verdict-tcp-works = TCP { $port } работает
verdict-tcp-works-in = TCP { $port } работает ({ $time })
verdict-tcp-websocket-blocked-too = TCP { $port } отвечает (WebSocket там тоже заблокирован, см. выше)
verdict-tcp-websocket-blocked = TCP { $port } отвечает на веб-запросы, но WebSocket заблокирован
verdict-tcp-refused = TCP { $port }: соединение отклонено
verdict-tcp-timed-out = TCP { $port } заблокирован (нет ответа за { $timeout })
verdict-tcp-not-offered = TCP { $port } не проверен (этот сервер его не предлагает)
verdict-tcp-browser-refuses = TCP { $port } не проверен (браузеры к нему никогда не подключаются)
verdict-tcp-self-signed = TCP { $port } не проверен (у этого сервера самоподписанный сертификат)

## TCP-порты: строка.
verdict-tcp-server-unreachable = Не проверено: { $host } полностью недоступен (см. выше).
verdict-tcp-pass = TCP-порты платформы на { $host } доступны: { $ports }.
verdict-tcp-failing = { $count ->
    [1] Один из TCP-портов платформы недоступен: { $ports }.
    [one] { $count } TCP-порт платформы недоступен: { $ports }.
    [few] { $count } TCP-порта платформы недоступны: { $ports }.
   *[many] { $count } TCP-портов платформы недоступны: { $ports }.
}
verdict-tcp-fix-open = Попросите ИТ-отдел открыть исходящие соединения по TCP { $ports } к серверам платформы.
verdict-tcp-fix-websocket = Попросите ИТ-отдел пропускать WebSocket-соединения по TCP { $ports } к серверам платформы.
verdict-tcp-fix-open-and-websocket = Попросите ИТ-отдел открыть исходящие соединения по TCP { $blocked } к серверам платформы и пропускать WebSocket-соединения по TCP { $upgrades } к тем же серверам.
verdict-tcp-it-allow = Разрешить исходящие соединения по TCP { $port } к серверам платформы, включая WebSocket; при обращении к { $host } наблюдалось: { $observed }.
verdict-tcp-it-allow-tls = Разрешить исходящие соединения по TCP { $port } (TLS) к серверам платформы, включая WebSocket; при обращении к { $host } наблюдалось: { $observed }.
verdict-tcp-observed-refused = соединение отклонено или сброшено по пути
verdict-tcp-observed-no-answer = нет ответа (пакеты отбрасываются по пути)
verdict-tcp-observed-websocket-blocked = веб-запросы получают ответ, но переход на WebSocket (upgrade) не проходит

## UDP-диапазоны медиа: результаты по одному диапазону.
verdict-udp-privileged-ports = { $range } не проверен (браузеры не отправляют STUN на порты ниже 1024)
verdict-udp-not-offered = { $range } не проверен (этот сервер его не предлагает)
verdict-udp-reached = { $range }: связь с { $host } есть на { $reached } из { $sampled ->
    [one] { $sampled } проверенного порта
    [few] { $sampled } проверенных портов
   *[many] { $sampled } проверенных портов
}
verdict-udp-reached-partly = { $range }: связь с { $host } есть на { $reached } из { $sampled ->
    [one] { $sampled } проверенного порта
    [few] { $sampled } проверенных портов
   *[many] { $sampled } проверенных портов
} (нет ответа: { $unanswered })
verdict-udp-reached-none = { $range }: связи с { $host } нет { $sampled ->
    [1] на проверенном порту
    [one] ни на одном из { $sampled } проверенного порта
    [few] ни на одном из { $sampled } проверенных портов
   *[many] ни на одном из { $sampled } проверенных портов
}
verdict-udp-port-not-offered = этот сервер не предлагает порт { $ports }
verdict-udp-ports-not-offered = этот сервер не предлагает порты { $ports }

## UDP-диапазоны медиа: строка.
verdict-udp-sampling-unsupported = Не удалось проверить UDP-порты платформы: этот браузер отклонил WebRTC-соединения, которые использует тест.
verdict-udp-sampling-no-answer = Не удалось проверить UDP-порты платформы: сервер не сообщил, на какие порты к нему дошли пакеты.
verdict-udp-blocked-altogether = Отдельно не проверялось: UDP не проходит совсем (см. медиапуть выше). { $ranges }.
verdict-udp-relay-accepted = UDP не проходит совсем, поэтому звонки не будут использовать эти порты; вместо этого платформа передаёт звонки через TURN-сервер по TCP, и это для неё допустимо ({ $ranges }).
verdict-udp-failing-no-audio = { $ranges }: в звонках через эти порты не будет звука.
verdict-udp-failing-relay = { $ranges }: звонки через эти порты пойдут через TURN-сервер или останутся без звука.
verdict-udp-fix = Попросите ИТ-отдел открыть исходящий трафик { $ranges } к { $host }: медиа платформы использует весь диапазон.
verdict-udp-it-allow = Разрешить исходящий трафик { $range } к медиасерверам платформы (все порты диапазона: каждый звонок выбирает один из них). { $sampled ->
    [one] Проверен { $sampled } порт
    [few] Проверено { $sampled } порта
   *[many] Проверено { $sampled } портов
} при обращении к { $host }; нет ответа: { $unanswered }.

## Веб-адреса: результат по каждому адресу.
verdict-domains-reachable = { $url } доступен
verdict-domains-reachable-in = { $url } доступен ({ $time })
verdict-domains-failed = { $url } заблокирован или не найден
verdict-domains-timed-out = { $url } заблокирован (нет ответа за { $timeout })
verdict-domains-insecure = { $url } не проверен (обычный HTTP со страницы HTTPS)

## Веб-адреса: строка.
verdict-domains-failing = { $count ->
    [1] Один из веб-адресов платформы не отвечает: { $addresses }.
    [one] { $count } веб-адрес платформы не отвечает: { $addresses }.
    [few] { $count } веб-адреса платформы не отвечают: { $addresses }.
   *[many] { $count } веб-адресов платформы не отвечают: { $addresses }.
}
verdict-domains-fix-one = Попросите ИТ-отдел разрешить доступ к { $hosts } с этого компьютера: он нужен платформе.
verdict-domains-fix-many = Попросите ИТ-отдел разрешить доступ к { $hosts } с этого компьютера: они нужны платформе.
verdict-domains-it-failed = Разрешить { $host } ({ $url }) на межсетевом экране, прокси и DNS; наблюдалось: запрос не выполнен (заблокирован межсетевым экраном или прокси, отклонён, или имя не разрешается в DNS).
verdict-domains-it-no-answer = Разрешить { $host } ({ $url }) на межсетевом экране, прокси и DNS; наблюдалось: нет ответа за { $timeout }.
