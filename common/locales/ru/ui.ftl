## Списки.
list-separator = {"; "}

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
nav-skip = Перейти к содержимому

## Статусы и вердикты — как их показывают значки, метки и плашка с вердиктом.
status-pass = Пройдено
status-unknown = Неизвестно
status-not-tested = Не проверено
status-warning = Предупреждение
status-fail = Не пройдено
verdict-ready = Готов
verdict-ready-with-warnings = Готов, есть предупреждения
verdict-not-ready = Не готов
verdict-ready-explanation = Этот компьютер и сеть соответствуют требованиям для звонков.
verdict-ready-with-warnings-explanation = Звонки должны работать, но для стабильного качества устраните предупреждения ниже.
verdict-not-ready-explanation = Звонки не будут работать стабильно, пока не устранены ошибки ниже.

## Список проверок, по строке на проверку.
checklist-what-to-do = Что сделать:
checklist-for-it = Для ИТ-отдела:
checklist-blocked-by = Не выполнено из-за проверки «{ $check }».

## Блок «Отправьте это в ИТ-отдел».
it-box-heading = Отправьте это в ИТ-отдел
it-box-copy = Скопировать текст
it-box-copied = Скопировано
it-box-email = Отправить по почте
it-box-code = Код { $code }
it-box-code-run = Код { $code }, прогон { $run }, { $time }
it-box-browser = Браузер: { $browser }
it-box-public-network = Публичная сеть: { $network }
it-box-server-tested = Проверенный сервер: { $host }
it-box-subject = Тест { $product } { $code }: { $verdict }
it-box-subject-run = Тест { $product } { $code }, прогон { $run }: { $verdict }

## Почему запрос к серверу не удался; вставляется в предложение (поэтому со строчной буквы).
api-unreachable = не удалось связаться с сервером
api-timeout = сервер не ответил вовремя
api-unexpected-answer = неожиданный ответ сервера: { $error }
api-http-status = сервер ответил HTTP { $status }
api-refused = сервер отклонил запрос (HTTP { $status }: { $message })
api-error-invalid-json = запрос не был корректным JSON
api-error-body-too-large = запрос был слишком большим
api-error-unsupported-media-type = тип содержимого запроса отклонён
api-error-invalid-field = значение отклонено: { $detail }
api-error-invalid-code = это не корректный код
api-error-session-not-found = проверки с таким кодом нет
api-error-not-found = не найдено
api-error-invalid-token = эта ссылка недействительна
api-error-token-not-found = эта ссылка неизвестна или истекла
api-error-session-full = по этой ссылке уже выполнены все проверки
api-error-transfer-too-large = передача была слишком большой
api-error-transfer-timeout = передача заняла слишком много времени
api-error-transfer-cut = передача прервалась
api-error-unknown-profile = этот профиль требований неизвестен
api-error-link-closed = эта ссылка на проверку закрыта
api-error-login-required = сначала войдите
api-error-login-failed = неверное имя или пароль
api-error-too-many-attempts = слишком много попыток: подождите немного и попробуйте снова
api-error-admin-only = это может сделать только администратор
api-error-rate-limited = слишком много запросов из этой сети: подождите минуту и попробуйте снова
api-error-transfer-not-allowed = для проверки скорости нужен идущий тест: запустите тест снова
api-error-foreign-origin = этот сервер отвечает только своим страницам
api-error-storage-full = хранилище сервера заполнено: сообщите в службу поддержки
api-error-invalid-path = этот адрес недействителен
api-error-internal = сервер не смог её обработать

## Сохранение прогона на странице оператора.
save-saving = Сохранение результата…
save-retrying = Не удалось сохранить ({ $reason }); повтор через { $seconds } с (попытка { $attempt })…
save-saved = Сохранено. Поддержка может открыть результат по вашему коду.
save-saved-as-run = Сохранено как прогон { $run } этой сессии. Поддержка может открыть результат по вашему коду.
save-failed = Результат НЕ сохранён: { $reason }. Нажмите «Повторить сохранение» или продиктуйте поддержке код и результат.
save-retry = Повторить сохранение

## Страница проверки для оператора.
test-title = Проверка готовности к звонкам
test-keep-tab-open = Не закрывайте эту вкладку, пока не появится результат. Это займёт около 20 секунд.
test-your-code = Ваш код
test-read-code-to-support = Продиктуйте его поддержке, если попросят.
test-unknown-code = Этот код не соответствует ни одной сессии: результаты не будут сохранены. Попросите у поддержки новую ссылку или
test-start-new-test = начните новую проверку
test-unknown-code-end = .
test-settings-failed = Не удалось начать проверку: её настройки не загрузились с сервера ({ $reason }). Проверьте подключение и снова нажмите «Начать».
test-code-not-loaded = Код проверки не загрузился с сервера. Проверьте подключение и перезагрузите эту страницу.
test-start = Начать
test-testing = Проверка…
test-again = Проверить снова
test-testing-probe = Проверка: { $probe }…
test-finished-announcement = Проверка завершена: { $verdict }.
test-finished-in = Завершено за { $duration }.
test-invalid-link-title = Ссылка недействительна
test-invalid-link = Код в адресе не является кодом CallReady. Проверьте полученную ссылку или
test-invalid-link-end = .
test-probe-waiting = ожидание

## Главная страница.
landing-title = Готов ли этот компьютер к звонкам?
landing-lead = CallReady проверяет браузер и сеть на соответствие требованиям платформ для звонков: доступность, WebSocket и SIP, задержку. Это занимает около 20 секунд и не требует установки.
landing-start = Начать проверку
landing-starting = Запуск…
landing-start-failed = Не удалось начать проверку: { $reason }.
landing-have-link = Вам прислали ссылку? Лучше откройте её: так ваша служба поддержки увидит результаты.

## Вход.
login-title = Вход
login-intro = Для поддержки и отдела продаж: создавайте ссылки на проверку и просматривайте все результаты.
login-name = Имя
login-password = Пароль
login-submit = Войти
login-signing-in = Вход…

## Несуществующая страница.
notfound-title = Страница не найдена
notfound-check-link = Проверьте полученную ссылку или
notfound-start-new-test = начните новую проверку
notfound-check-link-end = .

## Отчёт.
report-search-title = Открыть отчёт
report-search-intro = Введите код отчёта из ссылки на отчёт (например, { $example }). После входа отчёт открывается и по коду, который оператор диктует со своего экрана.
report-code-label = Код сессии
report-open = Открыть отчёт
report-not-a-code = Это не код сессии: { $reason }.
report-not-a-code-title = Это не код сессии
report-not-a-code-detail = { $code }: { $reason }.
report-type-another-code = Ввести другой код
report-no-such-session = Сессии с кодом { $code } нет. Уточните код у оператора.
report-load-failed = Не удалось загрузить отчёт: { $reason }.
report-loading = Загрузка отчёта…
report-runs-hidden-title = Этот код запускает проверку
report-runs-hidden = { $code } — код, по которому оператор проходит проверку. Результаты открываются по коду отчёта сессии (ссылка на отчёт, выданная поддержке) или после входа.
report-sign-in = Войти
report-type-report-code = Ввести код отчёта
report-caption = Отчёт { $product }
report-session = Сессия
report-code-created = Код { $code } · создана { $created }
report-site-needs-calls = { $count ->
    [one] площадке нужен { $count } одновременный звонок
    [few] площадке нужны { $count } одновременных звонка
   *[many] площадке нужно { $count } одновременных звонков
}
report-requirements = требования: { $profile }
report-share-link = Ссылка на отчёт для отправки:
report-refresh = Обновить
report-print = Печать
report-no-runs = Прогонов пока нет. Попросите оператора открыть ссылку и нажать «Начать».
report-run-count = { $count ->
    [one] { $count } прогон, сначала новые.
    [few] { $count } прогона, сначала новые.
   *[many] { $count } прогонов, сначала новые.
}
report-run-option = Прогон { $run }
report-run-to-compare = Прогон для сравнения
report-verdict = Вердикт
report-compare-title = Два прогона рядом
report-run-title = Прогон { $run } · { $time }
report-test-duration = Длительность проверки
report-server-tested = Проверенный сервер
report-browser-page = Браузер (по данным страницы)
report-browser-server = Браузер (по данным сервера)
report-memory = Память
report-memory-gb = { $value } ГБ
report-memory-unknown = неизвестно (этот браузер не сообщает)
report-logical-processors = Логические процессоры
report-unknown = неизвестно
report-public-network = Публичная сеть
report-public-address-id = Идентификатор публичного адреса
report-figures = Измерения
report-browser-network = Браузер и сеть (обезличенные данные)
report-for-it-title = Для вашего ИТ-отдела: { $profile }
report-for-it-open = Платформе нужен доступ к этим адресам и портам с компьютеров операторов; каждый прогон проверяет их из браузера оператора:
report-for-it-by-hand = Веб-страница не может это проверить; проверьте вручную:
report-rtt-chart-label = Время приёма-передачи (RTT) потока, имитирующего звонок, во времени
report-rtt-chart-caption = Время приёма-передачи за { $seconds } с потока, имитирующего звонок (верх графика: { $top })
report-rate-chart-label = Скорость приёма, затем отправки, по секундам
report-rate-chart-download = приём
report-rate-chart-then = затем
report-rate-chart-upload = отправка
report-rate-chart-caption = , по секундам (верх графика: { $top })

## PDF-отчёт.
pdf-page = страница { $page } из { $pages }
report-pdf = PDF

## Closed links (the server says why; the page shows it in its language)

link-closed = Эта тестовая ссылка больше не принимает прогоны. Попросите новую у службы поддержки.
link-closed-expired = Срок действия этой тестовой ссылки истёк { $date }. Попросите новую у службы поддержки.
link-closed-used = { $count ->
    [one] Эта тестовая ссылка уже использована для { $count } разрешённого теста. Попросите новую у службы поддержки.
    [few] Эта тестовая ссылка уже использована для { $count } разрешённых тестов. Попросите новую у службы поддержки.
    [many] Эта тестовая ссылка уже использована для { $count } разрешённых тестов. Попросите новую у службы поддержки.
   *[other] Эта тестовая ссылка уже использована для { $count } разрешённого теста. Попросите новую у службы поддержки.
}
