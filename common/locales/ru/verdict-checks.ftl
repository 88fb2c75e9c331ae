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
