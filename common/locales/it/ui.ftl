## Elenchi.
list-separator = {"; "}

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
nav-skip = Vai al contenuto

## Stati ed esiti, come li mostrano i badge, le etichette e il riquadro dell’esito.
status-pass = Superato
status-unknown = Sconosciuto
status-not-tested = Non testato
status-warning = Avviso
status-fail = Non superato
verdict-ready = Pronto
verdict-ready-with-warnings = Pronto, con avvisi
verdict-not-ready = Non pronto
verdict-ready-explanation = Questo computer e questa rete soddisfano i requisiti per le chiamate.
verdict-ready-with-warnings-explanation = Le chiamate dovrebbero funzionare, ma risolvi gli avvisi qui sotto per una qualità affidabile.
verdict-not-ready-explanation = Le chiamate non funzioneranno in modo affidabile finché non saranno risolti gli errori qui sotto.

## L’elenco delle verifiche, una riga per verifica.
checklist-what-to-do = Cosa fare:
checklist-for-it = Per il reparto IT:
checklist-blocked-by = Non eseguita a causa di: { $check }.

## Il riquadro «Invia questo testo al tuo reparto IT».
it-box-heading = Invia questo testo al tuo reparto IT
it-box-copy = Copia il testo
it-box-copied = Copiato
it-box-email = Invia per email
it-box-code = Codice { $code }
it-box-code-run = Codice { $code }, prova { $run }, { $time }
it-box-browser = Browser: { $browser }
it-box-public-network = Rete pubblica: { $network }
it-box-server-tested = Server testato: { $host }
it-box-subject = Test { $product } { $code }: { $verdict }
it-box-subject-run = Test { $product } { $code }, prova { $run }: { $verdict }

## Perché una richiesta al server non è riuscita, inserito in una frase (quindi minuscolo).
api-unreachable = impossibile raggiungere il server
api-timeout = il server non ha risposto in tempo
api-unexpected-answer = risposta inattesa dal server: { $error }
api-http-status = il server ha risposto HTTP { $status }
api-refused = il server l’ha rifiutato (HTTP { $status }: { $message })
api-error-invalid-json = la richiesta non era JSON valido
api-error-body-too-large = la richiesta era troppo grande
api-error-unsupported-media-type = il tipo di contenuto della richiesta è stato rifiutato
api-error-invalid-field = un valore è stato rifiutato: { $detail }
api-error-invalid-code = questo non è un codice valido
api-error-session-not-found = nessun test ha questo codice
api-error-not-found = non trovato
api-error-invalid-token = questo link non è valido
api-error-token-not-found = questo link è sconosciuto o è scaduto
api-error-session-full = questo link di test è stato usato per tutti i suoi test
api-error-transfer-too-large = il trasferimento era troppo grande
api-error-transfer-timeout = il trasferimento ha richiesto troppo tempo
api-error-transfer-cut = il trasferimento è stato interrotto
api-error-unknown-profile = questo profilo di requisiti è sconosciuto
api-error-link-closed = questo link di test è chiuso
api-error-login-required = accedi prima
api-error-login-failed = nome o password errati
api-error-too-many-attempts = troppi tentativi: attendi un momento e riprova
api-error-admin-only = solo un amministratore può farlo
api-error-rate-limited = troppe richieste da questa rete: attendi un minuto e riprova
api-error-transfer-not-allowed = il test di banda richiede un test in corso: riavvia il test
api-error-foreign-origin = questo server risponde solo alle proprie pagine
api-error-storage-full = lo spazio del server è esaurito: avvisa il tuo supporto
api-error-invalid-path = questo indirizzo non è valido
api-error-internal = il server non è riuscito a gestirla

## Il salvataggio di una prova nella pagina dell’operatore.
save-saving = Salvataggio del risultato…
save-retrying = Salvataggio non riuscito ({ $reason }); riprovo tra { $seconds } s (tentativo { $attempt })…
save-saved = Salvato. L’assistenza può consultarlo con il tuo codice.
save-saved-as-run = Salvato come prova { $run } di questa sessione. L’assistenza può consultarlo con il tuo codice.
save-failed = Il risultato NON è stato salvato: { $reason }. Premi «Riprova il salvataggio» oppure comunica all’assistenza il codice e il risultato.
save-retry = Riprova il salvataggio

## La pagina di test dell’operatore.
test-title = Test di idoneità alle chiamate
test-keep-tab-open = Tieni aperta questa scheda finché non compare il risultato. Ci vogliono circa 20 secondi.
test-your-code = Il tuo codice
test-read-code-to-support = Comunicalo all’assistenza se te lo chiede.
test-unknown-code = Questo codice non corrisponde ad alcuna sessione: i risultati non possono essere salvati. Chiedi all’assistenza un nuovo link oppure
test-start-new-test = avvia un nuovo test
test-unknown-code-end = .
test-settings-failed = Il test non è potuto partire: le sue impostazioni non sono state caricate dal server ({ $reason }). Controlla la connessione e premi di nuovo Avvia.
test-code-not-loaded = Il codice del test non è stato caricato dal server. Controlla la connessione, poi ricarica questa pagina.
test-start = Avvia
test-testing = Test in corso…
test-again = Ripeti il test
test-testing-probe = Test in corso: { $probe }…
test-finished-announcement = Test terminato: { $verdict }.
test-finished-in = Terminato in { $duration }.
test-invalid-link-title = Questo link non è valido
test-invalid-link = Il codice nell’indirizzo non è un codice CallReady. Controlla il link che hai ricevuto oppure
test-invalid-link-end = .
test-probe-waiting = in attesa

## La pagina iniziale.
landing-title = Questo computer è pronto per le chiamate?
landing-lead = CallReady verifica il browser e la rete rispetto ai requisiti delle piattaforme di chiamata: raggiungibilità, WebSocket e SIP, latenza. Ci vogliono circa 20 secondi e non serve installare nulla.
landing-start = Avvia un test
landing-starting = Avvio…
landing-start-failed = Impossibile avviare un test: { $reason }.
landing-have-link = Hai ricevuto un link? Apri quello: il tuo team di assistenza vedrà i risultati.

## L’accesso.
login-title = Accedi
login-intro = Per assistenza e vendite: crea link di test e consulta tutti i risultati.
login-name = Nome
login-password = Password
login-submit = Accedi
login-signing-in = Accesso in corso…

## Una pagina che non esiste.
notfound-title = Pagina non trovata
notfound-check-link = Controlla il link che hai ricevuto oppure
notfound-start-new-test = avvia un nuovo test
notfound-check-link-end = .

## Il report.
report-search-title = Leggi un report
report-search-intro = Digita il codice del report indicato nel link del report (ad esempio { $example }). Dopo l’accesso, il report si apre anche con il codice che l’operatore legge dal proprio schermo.
report-code-label = Codice della sessione
report-open = Apri il report
report-not-a-code = Non è un codice di sessione: { $reason }.
report-not-a-code-title = Non è un codice di sessione
report-not-a-code-detail = { $code }: { $reason }.
report-type-another-code = Digita un altro codice
report-no-such-session = Nessuna sessione ha il codice { $code }. Verificalo con l’operatore.
report-load-failed = Impossibile caricare il report: { $reason }.
report-loading = Caricamento del report…
report-runs-hidden-title = Questo codice serve a eseguire il test
report-runs-hidden = { $code } è il codice con cui un operatore esegue il test. I risultati si aprono con il codice report della sessione (il link del report fornito all’assistenza) oppure dopo l’accesso.
report-sign-in = Accedi
report-type-report-code = Digita il codice del report
report-caption = Report { $product }
report-session = Sessione
report-code-created = Codice { $code } · creata il { $created }
report-site-needs-calls = { $count ->
    [one] la sede richiede { $count } chiamata simultanea
   *[other] la sede richiede { $count } chiamate simultanee
}
report-requirements = requisiti: { $profile }
report-share-link = Link del report da condividere:
report-refresh = Aggiorna
report-print = Stampa
report-no-runs = Ancora nessuna prova. Chiedi all’operatore di aprire il link e premere Avvia.
report-run-count = { $count ->
    [one] { $count } prova.
   *[other] { $count } prove, dalla più recente.
}
report-run-option = Prova { $run }
report-run-to-compare = Prova da confrontare
report-verdict = Esito
report-compare-title = Due prove a confronto
report-run-title = Prova { $run } · { $time }
report-test-duration = Durata del test
report-server-tested = Server testato
report-browser-page = Browser (pagina)
report-browser-server = Browser (visto dal server)
report-memory = Memoria
report-memory-gb = { $value } GB
report-memory-unknown = sconosciuta (non indicata da questo browser)
report-logical-processors = Processori logici
report-unknown = sconosciuto
report-public-network = Rete pubblica
report-public-address-id = ID dell’indirizzo pubblico
report-figures = Misure
report-browser-network = Browser e rete (dati anonimizzati)
report-for-it-title = Per il tuo reparto IT: { $profile }
report-for-it-open = La piattaforma richiede che questi accessi siano aperti dai computer degli operatori; ogni prova li verifica dal browser dell’operatore:
report-for-it-by-hand = Una pagina web non può verificarli; controllali manualmente:
report-rtt-chart-label = Tempo di andata e ritorno del flusso simile a una chiamata nel tempo
report-rtt-chart-caption = Andata e ritorno su { $seconds } s di flusso simile a una chiamata (parte alta del grafico: { $top })
report-rate-chart-label = Velocità di download e poi di upload, al secondo
report-rate-chart-download = download
report-rate-chart-then = poi
report-rate-chart-upload = upload
report-rate-chart-caption = , al secondo (parte alta del grafico: { $top })

## Il rapporto PDF.
pdf-page = pagina { $page } di { $pages }
report-pdf = PDF

## Closed links (the server says why; the page shows it in its language)

link-closed = Questo link di test non accetta altre prove. Chiedine uno nuovo al tuo supporto.
link-closed-expired = Questo link di test è scaduto il { $date }. Chiedine uno nuovo al tuo supporto.
link-closed-used = { $count ->
    [one] Questo link di test consentiva { $count } test, già eseguito. Chiedine uno nuovo al tuo supporto.
   *[other] Questo link di test consentiva { $count } test, già tutti eseguiti. Chiedine uno nuovo al tuo supporto.
}
