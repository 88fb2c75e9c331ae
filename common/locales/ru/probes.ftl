## Строки проверок на странице агента и показатели отчёта.

## Строки.
probe-separator = {"; "}
probe-starting = запуск
row-not-offered = этот сервер не предлагает эту проверку
row-nothing-to-test-platform = в требованиях сеанса нет дополнительных портов и адресов

## Браузер и компьютер.
probe-browser-title = Браузер и компьютер
probe-browser-memory = { $gb } ГБ
probe-browser-memory-unknown = объём памяти неизвестен
probe-browser-ua = { $browser } { $major } ({ $os })
probe-browser-ua-no-version = { $browser } ({ $os })
probe-browser-unknown-browser = Неизвестный браузер
probe-browser-unknown-os = неизвестная ОС

## HTTPS.
probe-https-title = HTTPS-соединение с платформой
probe-https-progress = запрос { $request } из { $requests }
probe-https-summary = медиана { $median }, p95 { $p95 }
probe-https-unreachable = недоступно
figure-https-round-trip = Время приёма-передачи HTTPS (медиана / p95)
figure-https-answered = HTTPS-запросы с ответом
figure-https-answered-value = { $answered } из { $attempts }

## WebSocket и SIP.
probe-websocket-title = WebSocket и SIP
probe-websocket-connecting = подключение
probe-websocket-echo = эхо { $echo } из { $echoes }
probe-websocket-sip-answered = медиана эха { $median }; SIP ответил { $status }
probe-websocket-sip-failed = медиана эха { $median }; сбой SIP
probe-websocket-blocked = заблокировано
figure-websocket-connect = Подключение WebSocket
figure-websocket-echo = Эхо WebSocket (медиана / p95)
figure-sip-options = Время приёма-передачи SIP OPTIONS
figure-sip-no-answer = нет ответа

## Прокси и MTU пути.
probe-path-title = Прокси и MTU пути
probe-path-asking = сервер сообщает, что он видит
probe-path-not-asked = не удалось опросить сервер
probe-path-through-proxy = через веб-прокси ({ $product })
probe-path-through-unnamed-proxy = через веб-прокси
probe-path-no-proxy = прокси не обнаружен
probe-path-summary-mtu = { $proxy }; MTU { $low }–{ $high }
figure-web-proxy = Веб-прокси (по данным сервера)
figure-proxy-seen = { $proxy } (заголовки: { $headers })
figure-proxy-unnamed = без названия
figure-proxy-none = не обнаружен
figure-tcp-mss = TCP MSS (по данным сервера)
figure-mss-value = { $mss ->
    [one] { $mss } байт
    [few] { $mss } байта
   *[many] { $mss } байт
} (MTU { $low }–{ $high })
figure-mss-not-measured = не измерено
figure-request-headers = Заголовки запроса
figure-request-headers-changed = изменены по пути

## Инспекция TLS.
probe-tls-title = Инспекция TLS
probe-tls-progress = один HTTPS-запрос к TLS-зонду сервера
probe-tls-self-signed = не проверено: сертификат сервера самоподписанный
probe-tls-probed = запрос отправлен; сравнение выполнит сервер
probe-tls-no-answer = порт { $port }: нет ответа
probe-tls-refused = порт { $port }: отказ или блокировка
figure-tls-handshake = TLS-рукопожатие, полученное сервером (порт { $port })
figure-tls-none = не получено
figure-tls-family-chromium = BoringSSL (Chromium)
figure-tls-family-firefox = NSS (Firefox)
figure-tls-family-other = TLS-стек, который не использует ни один браузер

## Медиапуть WebRTC (ICE).
probe-ice-title = Медиапуть WebRTC
probe-ice-progress = сбор кандидатов ({ $count ->
    [one] { $count } транспорт
    [few] { $count } транспорта
   *[many] { $count } транспортов
})
probe-ice-no-path = ни один путь не работает
probe-ice-stun-udp = STUN через UDP
probe-ice-turn-udp = TURN через UDP
probe-ice-turn-tcp = TURN через TCP
probe-ice-turn-tls = TURN через TLS
figure-ice-server = { $transport }, сервер { $server }
figure-ice-works = работает
figure-ice-fails = не работает
figure-not-tested-self-signed = не проверено: самоподписанный сертификат
figure-ice-no-candidates = нет кандидатов
figure-ice-first-candidate = первый кандидат через { $time }
figure-ice-gathered = сбор завершён за { $time }
figure-ice-connected = соединение { $pair }
figure-ice-not-connected = соединение не установлено
figure-ice-signalling-failed = соединение не пробовалось (сбой сигнализации)

## Порты и адреса платформы.
probe-platform-title = Порты и адреса платформы
probe-platform-progress = проверка требований профиля «{ $profile }»
probe-platform-tcp = TCP: открыто { $open } из { $tested }
probe-platform-udp = UDP: { $reached } из { $sampled ->
    [one] { $sampled } проверенного порта
    [few] { $sampled } проверенных портов
   *[many] { $sampled } проверенных портов
}
probe-platform-addresses = { $answering } из { $count ->
    [one] { $count } адреса
    [few] { $count } адресов
   *[many] { $count } адресов
}
figure-tcp-port = TCP { $port } к { $host }
figure-port-open = открыт ({ $time })
figure-port-websocket-blocked = только веб-запросы: WebSocket заблокирован
figure-port-refused = соединение отклонено
figure-port-no-answer = нет ответа (заблокирован)
figure-port-not-offered = этот сервер его не предлагает
figure-port-browser-refuses = браузеры к нему никогда не подключаются
figure-udp-range = { $range } к { $host }
figure-udp-reached = достигнуто { $reached } из { $sampled ->
    [one] { $sampled } проверенного порта
    [few] { $sampled } проверенных портов
   *[many] { $sampled } проверенных портов
}
figure-udp-no-answer-on = нет ответа: { $ports }
figure-udp-not-offered = { $count ->
    [one] { $count } не предлагается
    [few] { $count } не предлагаются
   *[many] { $count } не предлагаются
}
figure-udp-not-sampled = проверить не удалось
figure-domain-reachable = доступен ({ $time })
figure-domain-failed = заблокирован или не найден
figure-domain-no-answer = нет ответа (заблокирован)
figure-domain-insecure = не проверено: обычный HTTP

## Один публичный адрес.
probe-public-title = Один публичный адрес
probe-public-asking = запрос к серверу
probe-public-not-asked = не удалось опросить сервер
probe-public-summary = { $count ->
    [1] один публичный адрес
    [one] { $count } публичный адрес
    [few] { $count } публичных адреса
   *[many] { $count } публичных адресов
}
figure-public-address = Публичный адрес { $address }
figure-public-udp-ports = UDP на { $count ->
    [one] { $count } порт
    [few] { $count } порта
   *[many] { $count } портов
}

## Поведение NAT.
probe-nat-title = Поведение NAT
probe-nat-progress = два порта, один сокет
probe-nat-webrtc-refused = WebRTC отклонён
probe-nat-probed = запрос отправлен; сравнение выполнит сервер
figure-nat-mapping = Трансляция NAT к двум портам сервера
figure-nat-endpoint-independent = трансляция, не зависящая от адресата
figure-nat-port-dependent = трансляция, зависящая от порта (симметричный NAT)
figure-nat-address-dependent = трансляция, зависящая от адреса (симметричный NAT)

## Качество звонка.
probe-media-title = Качество звонка
probe-media-connecting = подключение к эхо-узлу
probe-media-stream = поток звонка: секунда { $second } из { $seconds }
probe-media-stream-calls = { $calls ->
    [one] { $calls } звонок
    [few] { $calls } звонка
   *[many] { $calls } звонков
}, поток: секунда { $second } из { $seconds }
probe-media-summary = MOS { $mos }, потери { $loss }
probe-media-no-stream = нет медиапотока
figure-stream = Поток, имитирующий звонок ({ $packets ->
    [one] { $packets } пакет/с
    [few] { $packets } пакета/с
   *[many] { $packets } пакетов/с
})
figure-stream-calls = Поток, имитирующий звонки ({ $calls ->
    [one] { $calls } звонок
    [few] { $calls } звонка
   *[many] { $calls } звонков
} × { $packets ->
    [one] { $packets } пакет/с
    [few] { $packets } пакета/с
   *[many] { $packets } пакетов/с
})
figure-stream-value = MOS { $mos }, медиана RTT { $rtt }, джиттер { $jitter }, потери { $loss } ({ $received } из { $sent ->
    [one] { $sent } пакета
    [few] { $sent } пакетов
   *[many] { $sent } пакетов
})
figure-stream-none = нет потока
figure-media-path = Медиапуть (выбранная пара)
figure-audio-loopback = Аудиопетля (getStats браузера)
figure-audio-value = RTT { $rtt }, джиттер { $out } туда / { $back } обратно, потери { $loss } (отправлено { $sent }, вернулось { $echoed })
figure-audio-agrees = совпадает с потоком
figure-audio-disagrees = расходится с потоком: { $why }

## Пропускная способность.
probe-bandwidth-title = Пропускная способность
probe-bandwidth-download = приём { $rate } ({ $streams ->
    [one] { $streams } поток
    [few] { $streams } потока
   *[many] { $streams } потоков
})
probe-bandwidth-upload = передача { $rate } ({ $streams ->
    [one] { $streams } поток
    [few] { $streams } потока
   *[many] { $streams } потоков
})
probe-bandwidth-summary = приём: { $down }, передача: { $up }
probe-bandwidth-failed = сбой
figure-download = Полезная скорость приёма (установившийся режим)
figure-upload = Полезная скорость передачи (установившийся режим)
figure-line-rate = Скорость линии (оценка по полезной скорости, кадры Ethernet)
figure-line-rate-value = ≈ { $down } приём, { $up } передача
figure-counted = Где подсчитаны байты
figure-counted-server = на TCP-сокете сервера
figure-counted-page = на странице (сервер не смог их подсчитать)
figure-transfer-value = { $rate } ({ $streams ->
    [one] { $streams } поток
    [few] { $streams } потока
   *[many] { $streams } потоков
}, { $megabytes } МБ за { $seconds })
figure-not-measured-because = не измерено ({ $why })
figure-failure-network = ошибка сети
figure-failure-timeout = истекло время ожидания
figure-failure-status = HTTP-статус { $code }
figure-capacity = Одновременных звонков, которые выдержит канал
figure-capacity-value = около { $calls } при { $rate } на звонок
figure-loaded-round-trip = Время приёма-передачи в покое / при приёме / при передаче

## Регионы (развёртывание из нескольких узлов)
region-title = Регион
region-measuring = { $count ->
    [one] измеряется { $count } регион…
    [few] измеряются { $count } региона…
   *[many] измеряются { $count } регионов…
}
region-nearest = { $region } (ближайший, { $rtt })
region-pinned = { $region } (задан приглашением, { $rtt })
region-pin-unavailable = { $region } (ближайший, { $rtt }); регион приглашения { $pinned } недоступен
region-none-answered = { $region } (этот сервер: ни один регион не ответил вовремя)
region-fallback = { $region } (этот сервер: { $chosen } не ответил)
region-no-answer = нет ответа
report-regions-caption = Регионы (измерены за { $duration })
report-region = Регион
report-region-https = Время приёма-передачи HTTPS
report-region-stun = Время приёма-передачи STUN
report-region-test = Использован
report-region-used = использован
report-region-pinned = использован, задан приглашением
report-region-pin-unavailable = Приглашение задаёт регион { $region }, но он был недоступен для этого теста.
