## Строки вердикта: заголовок каждой проверки.
check-browser = Браузер
check-computer = Компьютер
check-https = HTTPS до платформы
check-websocket = WebSocket
check-sip = SIP через WebSocket
check-proxy = Веб-прокси
check-tls-inspection = Инспекция TLS
check-path-mtu = MTU пути (VPN, туннели)
check-public-address = Один публичный адрес
check-nat-behaviour = Поведение NAT
check-connectivity = Медиапуть WebRTC (STUN/TURN)
check-tcp-ports = TCP-порты платформы
check-udp-ports = UDP-порты медиа платформы
check-domains = Веб-адреса платформы
check-call-quality = Качество звонка
check-bandwidth = Пропускная способность и число звонков
check-loaded-latency = Задержка под нагрузкой

## Измерение, сделанное, пока вкладка была скрыта.
verdict-hidden-tab = Измерение ненадёжно: во время измерения эта вкладка была в фоне, а браузеры замедляют фоновые вкладки. Измерено: { $measured }
verdict-hidden-tab-fix = Запустите тест ещё раз и держите эту вкладку на переднем плане до появления результата.
verdict-hidden-tab-it = Измерение ненадёжно: во время измерения вкладка страницы была в фоне, а браузеры замедляют таймеры фоновых вкладок (не чаще одного срабатывания в секунду), поэтому эти цифры описывают браузер, а не сеть. Измерено: { $measured } Попросите оператора повторить тест, держа вкладку на переднем плане.

## Текст для ИТ-отдела (простой текст для письма или заявки).
it-text-heading = Сетевой тест { $product }: { $verdict }
it-text-line = { $number }. { $check } ({ $status }): { $what }
it-text-fails = не пройдено
it-text-warning = предупреждение
it-text-agent-told = Что сказано оператору: { $fix }
