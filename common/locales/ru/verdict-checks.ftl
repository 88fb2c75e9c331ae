## Строки вердикта для браузера, компьютера, HTTPS, WebSocket, SIP, медиапути WebRTC,
## качества звонка, пропускной способности и задержки под нагрузкой: что измерено
## (сводка), что делать оператору (указание) и, если проверку не удалось выполнить,
## почему.

## Общие для нескольких проверок.
verdict-checks-latency-fix = Время приёма-передачи слишком велико для комфортных звонков. Подключитесь по кабелю вместо Wi-Fi, приостановите крупные загрузки и потоковое видео и отключите VPN на время теста. Если задержка сохранится, попросите ИТ-отдел проверить маршрут до платформы.
# Сервер, если его адрес неизвестен. Подставляется вместо $server после «для», поэтому в родительном падеже.
verdict-checks-this-server = этого сервера
verdict-checks-media-service-fix = Повторите тест через минуту. Если ошибка повторится, сообщите в поддержку: сервер может быть перегружен.

## Браузер. $browser — «Chrome 131 (Windows)».
verdict-browser-ok = { $browser }: есть WebRTC, доступ к микрофону и WebSocket.
# $missing — перечень из трёх строк ниже, в родительном падеже после «нет».
verdict-browser-lacks = { $browser }: нет { $missing }; звонки невозможны.
verdict-browser-webrtc = WebRTC (RTCPeerConnection)
verdict-browser-microphone = доступа к микрофону (getUserMedia)
verdict-browser-websocket = WebSocket
verdict-browser-and-more = { $first }, { $rest }
verdict-browser-lacks-fix = Используйте актуальную версию Google Chrome или Mozilla Firefox. Если это уже так, спросите ИТ-отдел, не отключает ли политика WebRTC или доступ к микрофону.
verdict-browser-unsupported = { $browser }: платформы для звонков поддерживают Chrome и Firefox; другие браузеры требуют подтверждения поставщика.
verdict-browser-unsupported-fix = Используйте для звонков Google Chrome или Mozilla Firefox.
verdict-browser-old = { $browser }: версия ниже { $version }.
verdict-browser-old-fix = Обновите браузер (Справка > О браузере) и перезапустите его.

## Компьютер.
verdict-computer-processors = { $count ->
    [one] { $count } логический процессор
    [few] { $count } логических процессора
   *[many] { $count } логических процессоров
}
verdict-computer-processors-unknown = число процессоров неизвестно
verdict-computer-memory = Не менее { $gb } ГБ памяти; { $cores }.
verdict-computer-memory-low = Браузер сообщает о { $gb } ГБ памяти; софтфонам нужно { $recommended } ГБ; { $cores }.
verdict-computer-memory-low-fix = Закройте другие приложения во время звонков или используйте компьютер, у которого не менее { $recommended } ГБ памяти.
verdict-computer-memory-unknown = Объём памяти неизвестен (этот браузер его не сообщает); { $cores }.
verdict-computer-memory-unknown-fix = Проверьте в параметрах системы, что у компьютера не менее { $recommended } ГБ памяти.

## HTTPS-соединение с платформой.
verdict-https-round-trips = Медиана { $median }, p95 { $p95 } по { $count ->
    [one] { $count } запросу
    [few] { $count } запросам
   *[many] { $count } запросам
}.
verdict-https-lost = Медиана { $median }, p95 { $p95 } по { $count ->
    [one] { $count } запросу
    [few] { $count } запросам
   *[many] { $count } запросам
}; не выполнено { $failed } из { $attempts ->
    [one] { $attempts } запроса
    [few] { $attempts } запросов
   *[many] { $attempts } запросов
}.
verdict-https-lost-fix = Часть запросов потеряна: соединение нестабильно. Подключитесь по кабелю и попросите ИТ-отдел проверить журналы межсетевого экрана или прокси для { $server }.
verdict-https-unreachable = Платформа недоступна по HTTPS: { $why }.
verdict-https-timed-out = истекло время ожидания запросов
verdict-https-http-status = сервер ответил HTTP { $code }
verdict-https-network-error = браузер сообщил о сетевой ошибке
verdict-https-unreachable-fix = Проверьте подключение к интернету. Если другие сайты открываются, попросите ИТ-отдел разрешить HTTPS для { $server }.

## WebSocket.
verdict-websocket-connected-echo = Подключение за { $connect }; медиана эха { $median }, p95 { $p95 } по { $count ->
    [one] { $count } замеру
    [few] { $count } замерам
   *[many] { $count } замерам
}.
verdict-websocket-echo = Медиана эха { $median }, p95 { $p95 } по { $count ->
    [one] { $count } замеру
    [few] { $count } замерам
   *[many] { $count } замерам
}.
verdict-websocket-connected-no-echo = Подключение за { $connect }; эхо не вернулось.
verdict-websocket-no-echo = Эхо не вернулось.
verdict-websocket-blocked = Прокси или межсетевой экран блокирует WebSocket: звонки не смогут соединиться.
verdict-websocket-blocked-by-proxy = Веб-прокси блокирует WebSocket: звонки не смогут соединиться.
verdict-websocket-blocked-by-named-proxy = Веб-прокси ({ $product }) блокирует WebSocket: звонки не смогут соединиться.
verdict-websocket-stopped-answering = Соединение WebSocket открылось, но перестало отвечать: звонки будут обрываться.
verdict-websocket-closed-on-the-way = Соединение WebSocket открылось, но было закрыто чем-то на пути: звонки будут обрываться.
verdict-websocket-altered = Соединение WebSocket открылось, но вернуло изменённые сообщения: звонки будут обрываться.
verdict-websocket-unreachable = WebSocket тоже не подключился: платформа недоступна из этой сети.
verdict-websocket-blocked-fix = Попросите ИТ-отдел пропускать соединения WebSocket (HTTP Upgrade) для { $server } через { $proxy } и межсетевой экран и исключить их из TLS-инспекции.
verdict-websocket-the-proxy = прокси
verdict-websocket-the-unnamed-proxy = прокси (веб-прокси)
verdict-websocket-the-named-proxy = прокси ({ $product })

## SIP поверх WebSocket.
verdict-sip-answered = SIP OPTIONS: ответ 200 OK за { $rtt }.
verdict-sip-other-answer = На SIP OPTIONS пришёл ответ { $code } вместо 200 OK.
verdict-sip-no-answer = На SIP OPTIONS не пришло ответа.
verdict-sip-connect-failed = SIP-соединение по WebSocket не установилось: регистрация для звонков невозможна.
verdict-sip-subprotocol-lost = Соединение потеряло по пути подпротокол «sip»: прокси переписывает запросы WebSocket.
verdict-sip-timeout = На запрос SIP OPTIONS не пришло ответа: что-то отбрасывает SIP-сообщения.
verdict-sip-closed-early = SIP-соединение по WebSocket закрылось до ответа: что-то обрывает SIP-соединения.
verdict-sip-altered = Ответ на SIP OPTIONS был изменён по пути: что-то переписывает SIP.
verdict-sip-no-websocket = Не проверено: SIP работает поверх WebSocket, а он не проходит (см. выше).
verdict-sip-fix = Попросите ИТ-отдел разрешить SIP поверх WebSocket (подпротокол «sip») к этому серверу и отключить SIP ALG или SIP-инспекцию на межсетевом экране.

## Медиапуть WebRTC (STUN/TURN).
verdict-connectivity-works = { $transport } работает
verdict-connectivity-works-in = { $transport } работает ({ $time })
verdict-connectivity-self-signed = { $transport } не проверен (сертификат этого сервера самоподписанный: это настройка сервера, а не вашей сети)
verdict-connectivity-reaches-the-server = { $transport } доходит до сервера (соединение не проверялось)
verdict-connectivity-no-direct-udp = { $transport }: нет прямого пути UDP
verdict-connectivity-fails = { $transport } не работает
verdict-connectivity-udp-works = UDP доходит до медиасерверов: { $figures }.
verdict-connectivity-tcp-relay = UDP заблокирован: звонки пойдут через ретрансляцию по TCP, задержка будет выше ({ $figures }).
verdict-connectivity-udp-required = UDP заблокирован, а этой платформе для звонков нужен UDP: работает только ретрансляция по TCP ({ $figures }).
verdict-connectivity-tcp-relay-accepted = UDP заблокирован; звонки идут через ретрансляцию по TCP, что эта платформа допускает (задержка будет немного выше) ({ $figures }).
verdict-connectivity-no-signalling = Сквозная проверка не выполнена: для установки медиапути нужен WebSocket к серверу, а он не проходит (см. выше). Что проверено: { $figures }.
verdict-connectivity-no-service = Медиапуть проверить не удалось: служба медиатеста на сервере не ответила ({ $figures }).
verdict-connectivity-no-path = Ни один медиапуть не работает: ни UDP, ни TCP не доходят до сервера ретрансляции ({ $figures }).
verdict-connectivity-open-udp = Попросите ИТ-отдел открыть исходящий трафик: { $servers }, а также диапазон медиапортов платформы.
verdict-connectivity-no-path-fix = Попросите ИТ-отдел разрешить исходящий трафик: { $servers } (STUN/TURN); без этого в звонках не будет звука.
verdict-connectivity-platform-servers = серверы STUN/TURN платформы
verdict-connectivity-servers-and = { $init } и { $last }

## Качество звонка.
verdict-call-quality-summary = MOS { $mos } ({ $rating }): медиана RTT { $median }, p95 { $p95 }, макс. { $max }; джиттер { $jitter }; потери { $loss } (самая длинная серия потерь: { $burst }) по { $packets ->
    [one] { $packets } пакету
    [few] { $packets } пакетам
   *[many] { $packets } пакетам
}.
verdict-call-quality-excellent = отлично
verdict-call-quality-good = хорошо
verdict-call-quality-fair = удовлетворительно
verdict-call-quality-poor = плохо
verdict-call-quality-calls = { $calls ->
    [one] { $calls } одновременный звонок
    [few] { $calls } одновременных звонка
   *[many] { $calls } одновременных звонков
}, { $summary }
verdict-call-quality-disagreement = { $summary } Собственная аудиостатистика браузера с этим расходится: { $disagreement }.
media-disagreement = { $found }
media-disagreement-rtt = круговая задержка { $audio } (аудио) против { $stream } (поток)
media-disagreement-loss = потери { $audio } (аудио) против { $stream } (поток)
verdict-call-quality-fix = Качество звонков будет снижено: подключитесь по кабелю, не запускайте крупные загрузки и видео во время звонков и попросите ИТ-отдел дать приоритет голосовому трафику (QoS) к платформе.
verdict-call-quality-blocked = Не проверено: потоку, имитирующему звонок, нужно то, отсутствие чего выявила проверка «{ $check }».
verdict-call-quality-no-service = Поток, имитирующий звонок, не удалось установить: служба медиатеста на сервере не ответила.
verdict-call-quality-no-stream = Поток, имитирующий звонок, не удалось установить с сервером, хотя проверки медиапути прошли: что-то блокирует медиатрафик WebRTC после начала соединения.
verdict-call-quality-no-stream-fix = Спросите ИТ-отдел, не инспектирует ли и не блокирует ли межсетевой экран или VPN трафик WebRTC (DTLS/SRTP) к платформе.

## Пропускная способность и число звонков.
verdict-bandwidth-capacity = Приём { $down }, передача { $up }: канал выдержит около { $calls ->
    [one] { $calls } одновременного звонка
    [few] { $calls } одновременных звонков
   *[many] { $calls } одновременных звонков
} при { $rate } на звонок; требуется { $needed }.
verdict-bandwidth-download-too-low = Скорость приёма слишком мала для { $needed ->
    [one] { $needed } одновременного звонка
    [few] { $needed } одновременных звонков
   *[many] { $needed } одновременных звонков
}: закажите более быстрый интернет-канал (не менее { $rate } в каждую сторону) или не нагружайте его другим трафиком во время звонков.
verdict-bandwidth-upload-too-low = Скорость передачи слишком мала для { $needed ->
    [one] { $needed } одновременного звонка
    [few] { $needed } одновременных звонков
   *[many] { $needed } одновременных звонков
}: закажите более быстрый интернет-канал (не менее { $rate } в каждую сторону) или не нагружайте его другим трафиком во время звонков.
verdict-bandwidth-unmeasured-download = Скорость приёма измерить не удалось: { $why }.
verdict-bandwidth-unmeasured-upload = Скорость передачи измерить не удалось: { $why }.
verdict-bandwidth-unmeasured-both = Скорость приёма и передачи измерить не удалось: { $why }.
verdict-bandwidth-refused = платформа отклонила передачу данных (HTTP { $code })
verdict-bandwidth-cut-off = передача данных с платформой прерывалась
verdict-bandwidth-too-little = за отведённое время прошло слишком мало данных
verdict-bandwidth-unmeasured-fix = Спросите ИТ-отдел, не ограничивает ли прокси или межсетевой экран крупные HTTPS-передачи на платформу, затем повторите тест.

## Задержка под нагрузкой (bufferbloat).
verdict-loaded-latency-summary = Время приёма-передачи в покое { $idle }, при приёме { $down }, при передаче { $up }: при заполненном канале — до { $increase } сверх обычного ({ $direction }).
verdict-loaded-latency-round-trip = { $rtt }
verdict-loaded-latency-unknown = неизвестно
verdict-loaded-latency-download = приём
verdict-loaded-latency-upload = передача
verdict-loaded-latency-stalls = Время приёма-передачи в покое { $idle }, но при заполненном канале ни один пинг не вернулся: под нагрузкой канал «зависает».
verdict-loaded-latency-fix = Звонки будут запаздывать и прерываться всякий раз, когда кто-то скачивает или отправляет файлы: попросите ИТ-отдел включить на маршрутизаторе интеллектуальное управление очередями (SQM, fq_codel/CAKE) или QoS для голоса.
verdict-loaded-latency-no-websocket = Не измерено: тест замеряет пинги WebSocket, а WebSocket не проходит (см. выше).
verdict-loaded-latency-no-transfer = Не измерено: ни одна передача не заполнила канал (см. строку о пропускной способности).
verdict-loaded-latency-no-idle = Не измерено: нет времени приёма-передачи в покое для сравнения.
verdict-loaded-latency-run-again = Повторите тест.

## Тексты для ИТ-отдела: точные, для специалиста по сети или ИТ. В них указано, что проверяла страница (URL, протокол, порт), что наблюдалось и какое требование нарушено. $server — «callready.example.com:443» или «этого сервера» (родительный падеж); $url — «wss://callready.example.com:443/ws/echo» или текст ниже.
verdict-checks-url-unknown-server = { $path } на сервере платформы
# $requirement в текстах для ИТ о времени приёма-передачи ($pass и $fail — значения времени).
verdict-checks-rtt-warn-it = не меньше { $pass } — порога, который задаёт платформа (выше { $fail } — ошибка)
verdict-checks-rtt-fail-it = больше { $fail }, максимума, который допускает платформа (она требует меньше { $pass })

verdict-browser-lacks-it = Страница работала в { $browser }: нет { $missing }; для звонков нужны RTCPeerConnection, getUserMedia и WebSocket. Если это актуальный Chrome или Firefox, найдите политику или расширение, которое их отключает (Chrome: AudioCaptureAllowed; Firefox: media.peerconnection.enabled, media.navigator.enabled).
verdict-browser-unsupported-it = Страница работала в { $browser }. Платформа поддерживает Chrome { $chrome } и новее и Firefox { $firefox } и новее; другие браузеры не проверены для её звонков WebRTC. Установите один из них на компьютеры операторов.
verdict-browser-old-it = Страница работала в { $browser }; платформе нужна версия { $version } или новее. Обновите браузер или снимите политику, которая задерживает его обновления.

verdict-computer-memory-low-it = Браузер сообщает о { $gb } ГБ памяти (navigator.deviceMemory, браузеры округляют это значение до степени двойки); софтфонам нужно { $recommended } ГБ; { $cores }. Запланируйте увеличение памяти или другой компьютер для этого оператора.

verdict-https-unreachable-it = Ни один HTTPS-запрос GET { $url } не выполнен: { $why } ({ $attempts ->
    [one] { $attempts } попытка
    [few] { $attempts } попытки
   *[many] { $attempts } попыток
}). Разрешите исходящий HTTPS (TLS поверх TCP) для { $server } на межсетевом экране и прокси и проверьте, что имя разрешается в DNS с этой площадки; ошибка HTTP может быть страницей блокировки прокси.
verdict-https-lost-it = Не выполнено { $failed } из { $attempts ->
    [one] { $attempts } HTTPS-запроса
    [few] { $attempts } HTTPS-запросов
   *[many] { $attempts } HTTPS-запросов
} GET { $url }, тогда как исправный путь не теряет ни одного; остальные заняли: медиана { $median }, p95 { $p95 }. Найдите в журналах межсетевого экрана и прокси отброшенные, сброшенные или истёкшие соединения для { $server } и проверьте ошибки на канале доступа.
verdict-https-slow-it = HTTPS-запросы GET { $url } (TLS поверх TCP): медиана времени приёма-передачи { $median }, p95 { $p95 } по { $count ->
    [one] { $count } запросу
    [few] { $count } запросам
   *[many] { $count } запросам
}, { $requirement }. Проверьте маршрут от этой площадки до { $server } (mtr или tcptraceroute): нет ли обходного пути, VPN или прокси на пути, перегруженного канала.

verdict-websocket-blocked-it = Рукопожатие WebSocket с { $url } (HTTP/1.1 Upgrade: websocket, TLS поверх TCP) так и не завершилось, хотя HTTPS-запросы для { $server } получали ответ; { $proxy }. Пропускайте WebSocket-соединения (Upgrade) для { $server } через прокси и межсетевой экран и исключите этот хост из TLS-инспекции.
verdict-websocket-it-no-proxy-seen = сервер не видел заголовков прокси в запросах страницы
verdict-websocket-it-proxy-seen = сервер видел веб-прокси в запросах страницы (заголовки: { $headers })
verdict-websocket-it-named-proxy-seen = сервер видел веб-прокси { $product } в запросах страницы (заголовки: { $headers })
verdict-websocket-stopped-answering-it = WebSocket-соединение с { $url } открылось, но перестало отвечать после { $count ->
    [one] { $count } эха
    [few] { $count } эх
   *[many] { $count } эх
}: прокси, межсетевой экран или TLS-инспекция задерживает или отбрасывает его кадры. Исключите { $server } из TLS-инспекции и из тайм-аутов простоя и содержимого для WebSocket.
verdict-websocket-closed-on-the-way-it = WebSocket-соединение с { $url } открылось, но после { $count ->
    [one] { $count } эха
    [few] { $count } эх
   *[many] { $count } эх
} было закрыто не сервером, а чем-то на пути: прокси или межсетевой экран обрывает WebSocket-соединения. Исключите { $server } из TLS-инспекции и из тайм-аутов простоя и содержимого для WebSocket.
verdict-websocket-altered-it = WebSocket-соединение с { $url } открылось, но эхо вернулось не таким, каким было отправлено (после { $count ->
    [one] { $count } неизменённого эха
    [few] { $count } неизменённых эх
   *[many] { $count } неизменённых эх
}): что-то на пути переписывает кадры WebSocket. Исключите { $server } из TLS-инспекции и фильтрации содержимого.
verdict-websocket-no-echo-it = WebSocket-соединение с { $url } открылось, но ни одно эхо не вернулось: что-то на пути задерживает или отбрасывает кадры WebSocket. Исключите { $server } из TLS-инспекции и фильтрации содержимого.
verdict-websocket-slow-it = Эхо WebSocket через { $url }: медиана времени приёма-передачи { $median }, p95 { $p95 } по { $count ->
    [one] { $count } замеру
    [few] { $count } замерам
   *[many] { $count } замерам
}, { $requirement }. Проверьте маршрут от этой площадки до { $server } (mtr или tcptraceroute): нет ли обходного пути, VPN или прокси на пути, перегруженного канала.

verdict-sip-connect-failed-it = WebSocket-соединение с { $url } с подпротоколом «sip» (Sec-WebSocket-Protocol: sip, RFC 7118) так и не открылось, хотя тот же URL без подпротокола работает: прокси или межсетевой экран фильтрует по подпротоколу. Разрешите WebSocket с подпротоколом «sip» для { $server }.
verdict-sip-subprotocol-lost-it = WebSocket-соединение с { $url } открылось без подпротокола «sip», который запросила страница (Sec-WebSocket-Protocol удалён из рукопожатия): прокси переписывает рукопожатия WebSocket. Исключите { $server } из обработки этим прокси или пропускайте заголовок без изменений.
verdict-sip-timeout-it = На запрос SIP OPTIONS через { $url } (подпротокол «sip») не пришло ответа: SIP ALG, SIP-инспекция или IPS на пути отбрасывает SIP внутри WebSocket. Отключите их для { $server }.
verdict-sip-closed-early-it = SIP-соединение по WebSocket с { $url } закрылось до ответа на OPTIONS: SIP ALG, SIP-инспекция или IPS на пути обрывает соединение. Отключите их для { $server }.
verdict-sip-altered-it = Ответ на SIP OPTIONS через { $url } не соответствовал запросу: что-то на пути переписывает SIP. Отключите SIP ALG и SIP-инспекцию для { $server }.
verdict-sip-other-answer-it = На SIP OPTIONS через { $url } пришёл ответ { $code } вместо 200 OK, который отправляет сервер: что-то на пути отвечает на SIP или переписывает его. Отключите SIP ALG и SIP-инспекцию для { $server }.
verdict-sip-slow-it = На SIP OPTIONS через { $url } (подпротокол «sip») пришёл ответ 200 OK за { $rtt }, { $requirement }. Проверьте маршрут от этой площадки до { $server } (mtr или tcptraceroute): нет ли обходного пути, VPN или прокси на пути, перегруженного канала.

verdict-connectivity-tcp-relay-it = ICE-проверки серверов STUN/TURN платформы: { $figures }. По UDP от { $udp } не пришло ответа, а TURN по TCP или TLS работает ({ $streams }): медиа пойдёт через ретрансляцию по TCP, с большей задержкой и худшим поведением при потерях. Разрешите исходящий трафик { $udp } с ответами, а также диапазон медиапортов платформы.
verdict-connectivity-udp-required-it = ICE-проверки серверов STUN/TURN платформы: { $figures }. По UDP от { $udp } не пришло ответа, а TURN по TCP или TLS работает ({ $streams }); этой платформе нужен медиатрафик по UDP. Разрешите исходящий трафик { $udp } с ответами, а также диапазон медиапортов платформы.
verdict-connectivity-no-service-it = Предложения ICE-проверок ушли через { $url } (WebSocket) к эхо-узлу сервера, который не ответил, хотя эхо WebSocket работает: скорее всего, дело в службе медиатеста платформы, а не в этой сети ({ $figures }). Если прокси фильтрует WebSocket по пути, разрешите также /ws/rtc.
verdict-connectivity-no-path-it = Ни одна ICE-проверка не прошла: { $figures }. Ни UDP, ни TCP не доходят до { $servers } (STUN binding или TURN allocation без ответа). Разрешите исходящий трафик { $servers } с ответами (STUN/TURN, RFC 8489 и RFC 8656), а также диапазон медиапортов платформы.

verdict-call-quality-no-service-it = Предложение потока, имитирующего звонок, ушло через WebSocket /ws/rtc сервера платформы, и эхо-узел сервера не ответил, хотя в остальном WebSocket работает: скорее всего, дело в службе медиатеста платформы, а не в этой сети. Если прокси фильтрует WebSocket по пути, разрешите также /ws/rtc.
verdict-call-quality-no-stream-it = Проверки медиапути получили нужных кандидатов, но соединение WebRTC потока, имитирующего звонок (ICE, затем DTLS и канал данных), с эхо-узлом сервера так и не открылось: что-то отбрасывает WebRTC после ICE, например контроль приложений межсетевого экрана, IPS или VPN. Разрешите DTLS/SRTP (WebRTC) к медиасерверам платформы и их диапазону портов.
verdict-call-quality-it = Поток, имитирующий звонок ({ $calls ->
    [one] { $calls } звонок
    [few] { $calls } одновременных звонка
   *[many] { $calls } одновременных звонков
}, каждый по 50 пакетов в секунду размера G.711 через WebRTC к эхо-узлу сервера; пара кандидатов: { $pair }), показал MOS { $mos }, медиану времени приёма-передачи { $median } (p95 { $p95 }), джиттер { $jitter }, потери { $loss } по { $packets ->
    [one] { $packets } пакету
    [few] { $packets } пакетам
   *[many] { $packets } пакетам
} (самая длинная серия: { $burst }). Вне допустимых границ: { $breaches }. Проверьте перегрузку и ошибки на канале доступа и дайте приоритет голосу к платформе (QoS, DSCP EF).
verdict-call-quality-it-no-pair = не сообщается
verdict-call-quality-it-rtt = медиана времени приёма-передачи { $value }, { $requirement }
verdict-call-quality-it-loss = потери { $value }, не меньше { $pass } — порога, который задаёт платформа (выше { $fail } — ошибка)
verdict-call-quality-it-loss-fail = потери { $value }, больше { $fail }, максимума, который допускает платформа
verdict-call-quality-it-jitter = джиттер { $value }, не меньше { $pass } — порога, который задаёт платформа
verdict-call-quality-it-mos = MOS { $value }, ниже { $pass } хорошего звонка
verdict-call-quality-it-mos-fail = MOS { $value }, ниже { $fail } (плохо)

verdict-bandwidth-unmeasured-download-it = Скорость приёма по HTTPS измерить не удалось (GET /api/download на сервере платформы, параллельные потоки несжимаемых данных): { $why }. Так бывает, если прокси, межсетевой экран или антивирус буферизует, проверяет или ограничивает крупные HTTPS-тела: исключите эти запросы из проверки и ограничений размера, затем повторите тест.
verdict-bandwidth-unmeasured-upload-it = Скорость передачи по HTTPS измерить не удалось (POST /api/upload на сервере платформы, параллельные потоки несжимаемых данных): { $why }. Так бывает, если прокси, межсетевой экран или антивирус буферизует, проверяет или ограничивает крупные HTTPS-тела: исключите эти запросы из проверки и ограничений размера, затем повторите тест.
verdict-bandwidth-unmeasured-both-it = Ни одну из скоростей по HTTPS измерить не удалось (GET /api/download и POST /api/upload на сервере платформы, параллельные потоки несжимаемых данных): { $why }. Так бывает, если прокси, межсетевой экран или антивирус буферизует, проверяет или ограничивает крупные HTTPS-тела: исключите эти запросы из проверки и ограничений размера, затем повторите тест.
verdict-bandwidth-download-too-low-it = Передачи по HTTPS с сервером платформы (GET /api/download, POST /api/upload, параллельные потоки) показали приём { $down }, передачу { $up }. При { $rate } на звонок в каждую сторону канал выдержит { $calls ->
    [one] { $calls } одновременный звонок
    [few] { $calls } одновременных звонка
   *[many] { $calls } одновременных звонков
}; сессии нужно { $needed }, то есть не менее { $required } в каждую сторону. Ограничивает приём: нужен более быстрый канал или шейпер трафика, резервирующий { $required } для голоса.
verdict-bandwidth-upload-too-low-it = Передачи по HTTPS с сервером платформы (GET /api/download, POST /api/upload, параллельные потоки) показали приём { $down }, передачу { $up }. При { $rate } на звонок в каждую сторону канал выдержит { $calls ->
    [one] { $calls } одновременный звонок
    [few] { $calls } одновременных звонка
   *[many] { $calls } одновременных звонков
}; сессии нужно { $needed }, то есть не менее { $required } в каждую сторону. Ограничивает передача: нужен более быстрый канал или шейпер трафика, резервирующий { $required } для голоса.

verdict-loaded-latency-stalls-it = Пинги WebSocket к серверу платформы (/ws/echo, каждые 200 мс) занимали { $idle } на свободном канале, и ни один не вернулся, пока тест пропускной способности его заполнял (HTTPS GET /api/download, затем POST /api/upload): очередь в узком месте (маршрутизатор, модем, шейпер межсетевого экрана) задерживает пакеты на секунды (bufferbloat). Включите в узком месте интеллектуальное управление очередями (SQM: fq_codel или CAKE) или QoS с приоритетом для голоса.
verdict-loaded-latency-it = Пинги WebSocket к серверу платформы (/ws/echo, каждые 200 мс): { $idle } на свободном канале, { $down } при заполнении приёма тестом пропускной способности (HTTPS GET /api/download), { $up } при заполнении передачи (POST /api/upload). Это до { $increase } сверх обычного под нагрузкой (худшее направление: { $direction }), больше допустимого для платформы роста в { $limit }: заполняется очередь в узком месте (маршрутизатор, модем, шейпер межсетевого экрана) (bufferbloat). Включите в узком месте интеллектуальное управление очередями (SQM: fq_codel или CAKE) или QoS с приоритетом для голоса.

tls-hello = { $version }, { $ciphers ->
    [one] { $ciphers } шифр
    [few] { $ciphers } шифра
   *[many] { $ciphers } шифров
}, { $extensions ->
    [one] { $extensions } расширение
    [few] { $extensions } расширения
   *[many] { $extensions } расширений
}{ $rest }
