## Консоль (`/console`): сессии поддержки, фильтры и выгрузки.
## `console-sessions-count` находится в ui.ftl.

console-signed-in-as = Вы вошли как { $name } ({ $role ->
    [admin] администратор
    [support] поддержка
   *[other] { $role }
})
console-webhooks-link = Вебхуки
console-sign-out = Выйти
console-title = Сессии
console-runs-csv = Тесты в CSV
console-runs-json = Тесты в JSON
console-search-placeholder = Код, метка, площадка или агент
console-search-label = Поиск
console-site-filter = Площадка
console-verdict-filter = Результат
console-any-verdict = Любой результат
console-not-tested-yet = Ещё не проверено
console-created-from = Созданы с
console-created-to = Созданы по
console-search = Найти
# `reason` — ответ сервера, на английском.
console-list-failed = Не удалось получить список сессий: { $reason }.
console-newer = Более новые
console-older = Более старые
console-page = Страница { $page } из { $pages }
console-all-sessions = ← Все сессии

## Столбцы таблицы сессий.
console-col-code = Код
console-col-label = Метка
console-col-site = Площадка
console-col-agent = Агент
console-col-profile = Профиль
console-col-runs = Тесты
console-col-latest = Последний тест

## Форма новых приглашений (один агент или список).
invite-title = Новое приглашение
invite-label = Метка
invite-site = Площадка
invite-agents = Агенты (по одному в строке; если пусто — одна ссылка на всю площадку)
invite-agents-file = …или CSV-файл (столбец с заголовком «агент» или «имя», иначе первый)
invite-expires = Срок действия ссылки
invite-max-runs = Лимит тестов на ссылку
invite-no-limit = без ограничений
invite-submit = Создать ссылки
invite-max-runs-invalid = Лимит тестов на ссылку: нужно целое число.
invite-col-agent = Агент
invite-col-code = Код
invite-col-link = Ссылка для отправки
invite-download-csv = Скачать CSV
# После чтения CSV-файла с агентами: сколько их и имя файла.
invite-file-note = { $count ->
    [one] Из файла { $file } прочитан { $count } агент.
    [few] Из файла { $file } прочитано { $count } агента.
   *[many] Из файла { $file } прочитано { $count } агентов.
}
# Файл, который нельзя использовать: его имя, затем одна из причин ниже (или
# причина от модуля чтения CSV, на английском).
invite-file-error = { $file }: { $reason }
invite-file-too-large = файл больше { $kib } КиБ
invite-file-unreadable = не удалось прочитать файл
invite-file-no-agent = в файле нет ни одного агента
# `count` всегда больше `max`.
invite-file-too-many = { $count ->
    [one] в файле { $count } агент, а одно приглашение вмещает не более { $max }
    [few] в файле { $count } агента, а одно приглашение вмещает не более { $max }
   *[many] в файле { $count } агентов, а одно приглашение вмещает не более { $max }
}

## Страница площадки (`/console/site/<site>`).
site-title = Площадка: { $site }
# Слова под крупным числом (сессии, чей последний тест готов, и т. д.).
site-count-ready = { $count ->
    [one] готов
    [few] готовы
   *[many] готовы
}
site-count-warnings = { $count ->
    [one] с предупреждениями
    [few] с предупреждениями
   *[many] с предупреждениями
}
site-count-not-ready = { $count ->
    [one] не готов
    [few] не готовы
   *[many] не готовы
}
site-count-untested = { $count ->
    [one] ещё не проверен
    [few] ещё не проверены
   *[many] ещё не проверены
}
site-median-rtt = Медианная круговая задержка
site-median-loss = Медианные потери в звонке
site-median-down = Медианная скорость загрузки
site-median-up = Медианная скорость отдачи
site-failing-title = Проверки, которые чаще всего не проходят
# `title` — название проверки; `count` — у скольких агентов она не пройдена.
site-failing-check = { $count ->
    [one] { $title }: { $count } агент
    [few] { $title }: { $count } агента
   *[many] { $title }: { $count } агентов
}
site-sessions = Сессии

## Страница вебхуков (`/console/webhooks`, администраторы).
webhooks-title = Вебхуки
# `timestamp` и `signature` — названия HTTP-заголовков, показываются как код.
webhooks-intro = Каждое событие отправляется POST-запросом с JSON, подписанным секретом вебхука (заголовки { $timestamp } и { $signature }), и отправка повторяется со всё большими интервалами в течение 24 часов, пока получатель не ответит кодом 2xx.
webhooks-list-failed = Не удалось получить список вебхуков: { $reason }.
webhooks-log-failed = Не удалось прочитать журнал отправок: { $reason }.
webhooks-none = Вебхуков пока нет.
webhooks-remove = Удалить
webhooks-col-url = URL
webhooks-col-events = События
webhooks-col-added = Добавлен
webhooks-deliveries = Отправки
webhooks-refresh = Обновить
webhooks-no-deliveries = Пока ничего не отправлено.
webhooks-send-again = Отправить снова
webhooks-col-queued = В очереди с
webhooks-col-event = Событие
webhooks-col-status = Статус
webhooks-col-tries = Попытки
webhooks-col-last-error = Последняя ошибка
webhooks-col-next-try = Следующая попытка
# Состояние отправки: `status` — pending, delivered или failed.
webhooks-status = { $status ->
    [pending] ожидает
    [delivered] доставлено
    [failed] не доставлено
   *[other] { $status }
}
webhooks-event-run-stored = Тест сохранён
webhooks-event-session-created = Сессия создана
webhooks-event-other = Другое
webhooks-url = URL получателя (http или https)
webhooks-events = События
webhooks-secret = Секрет (если пусто — будет создан и показан один раз)
webhooks-add = Добавить вебхук
# `secret` — сам секрет, показывается как код.
webhooks-secret-made = Секрет вебхука показывается только сейчас: { $secret } — сохраните его на стороне получателя.

## Branding (/console/branding)

console-branding-link = Оформление
invite-brand = Бренд
invite-brand-deployment = Бренд установки
invite-region = Регион
invite-region-nearest = Ближайший к агенту
branding-title = Оформление
branding-intro = Название продукта, цвет, логотип и строка поддержки, которые операторы и клиенты видят на странице теста, в отчёте, в консоли и в PDF. Бренд с идентификатором «default» относится ко всей установке; любой другой — к приглашениям, в которых он указан.
branding-none = Брендов пока нет: все страницы выглядят как CallReady.
branding-col-brand = Бренд
branding-col-id = Идентификатор
branding-col-support = Строка поддержки
branding-col-logo = Логотип
branding-scope-deployment = (вся установка)
branding-scope-invites = (приглашения, где он указан)
branding-edit = Изменить
branding-remove = Удалить
branding-form-title = Добавить или изменить бренд
branding-id = Идентификатор
branding-id-help = «default» — для всей установки; другой идентификатор (a-z, 0-9, -) — для бренда, который можно указать в приглашении.
branding-name = Название продукта
branding-colour = Основной цвет
branding-contrast-ok = Белый текст на этом цвете: { $ratio }:1, соответствует WCAG AA.
branding-contrast-low = Белый текст на этом цвете: { $ratio }:1, меньше { $min }:1, которых требует WCAG AA. Выберите цвет темнее.
branding-contrast-invalid = Введите цвет в формате #rrggbb.
branding-preview = Начать тест
branding-support = Строка поддержки
branding-support-placeholder = Служба ИТ-поддержки: +7 495 123-45-67, helpdesk@example.com
branding-save = Сохранить бренд
branding-saved = Бренд «{ $name }» сохранён.
branding-logo = Логотип
branding-logo-help = Логотип бренда из формы выше: SVG или PNG, не больше { $kib } КиБ (из SVG удаляются скрипты и внешние ссылки). Сначала сохраните бренд.
branding-logo-remove = Удалить логотип
branding-failed = Не удалось сохранить бренд: { $reason }
