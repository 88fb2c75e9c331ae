## La console (`/console`): le sessioni del supporto, filtri ed esportazioni.
## `console-sessions-count` è in ui.ftl.

console-signed-in-as = Accesso effettuato come { $name } ({ $role ->
    [admin] amministratore
    [support] supporto
   *[other] { $role }
})
console-webhooks-link = Webhook
console-sign-out = Esci
console-title = Sessioni
console-runs-csv = Test in CSV
console-runs-json = Test in JSON
console-search-placeholder = Codice, etichetta, sede o agente
console-search-label = Cerca
console-site-filter = Sede
console-verdict-filter = Esito
console-any-verdict = Qualsiasi esito
console-not-tested-yet = Non ancora testato
console-created-from = Creata dal
console-created-to = Creata fino al
console-search = Cerca
# `reason` è la risposta del server, in inglese.
console-list-failed = Impossibile elencare le sessioni: { $reason }.
console-newer = Più recenti
console-older = Meno recenti
console-page = Pagina { $page } di { $pages }
console-all-sessions = ← Tutte le sessioni

## Le colonne di una tabella di sessioni.
console-col-code = Codice
console-col-label = Etichetta
console-col-site = Sede
console-col-agent = Agente
console-col-profile = Profilo
console-col-runs = Test
console-col-latest = Ultimo test

## Il modulo per i nuovi inviti (un agente o un elenco).
invite-title = Nuovo invito
invite-label = Etichetta
invite-site = Sede
invite-agents = Agenti (uno per riga; se vuoto: un solo link per tutta la sede)
invite-agents-file = …oppure un file CSV (la colonna intitolata agente o nome, altrimenti la prima)
invite-expires = Link valido per
invite-max-runs = Test per link
invite-no-limit = nessun limite
invite-submit = Crea i link
invite-max-runs-invalid = Test per link: serve un numero intero.
invite-col-agent = Agente
invite-col-code = Codice
invite-col-link = Link da inviare
invite-download-csv = Scarica in CSV
# Dopo la lettura di un file CSV di agenti: quanti, e il nome del file.
invite-file-note = { $count ->
    [one] { $count } agente letto da { $file }.
   *[other] { $count } agenti letti da { $file }.
}
# Un file inutilizzabile: il suo nome, poi uno dei motivi qui sotto (o quello del
# lettore CSV, in inglese).
invite-file-error = { $file }: { $reason }
invite-file-too-large = il file supera { $kib } KiB
invite-file-unreadable = impossibile leggere il file
invite-file-no-agent = il file non contiene alcun agente
# `count` è sempre maggiore di `max`.
invite-file-too-many = il file contiene { $count } agenti; un invito ne accetta al massimo { $max }

## La vista di una sede (`/console/site/<site>`).
site-title = Sede: { $site }
# Le parole sotto un numero grande (sessioni il cui ultimo test è pronto, ecc.).
site-count-ready = { $count ->
    [one] pronto
   *[other] pronti
}
site-count-warnings = { $count ->
    [one] con avvisi
   *[other] con avvisi
}
site-count-not-ready = { $count ->
    [one] non pronto
   *[other] non pronti
}
site-count-untested = { $count ->
    [one] non ancora testato
   *[other] non ancora testati
}
site-median-rtt = Tempo di andata e ritorno mediano
site-median-loss = Perdita mediana in chiamata
site-median-down = Download mediano
site-median-up = Upload mediano
site-failing-title = Controlli non superati più spesso
# `title` è il titolo del controllo; `count`, quanti agenti ne sono interessati.
site-failing-check = { $count ->
    [one] { $title }: { $count } agente
   *[other] { $title }: { $count } agenti
}
site-sessions = Sessioni

## La pagina dei webhook (`/console/webhooks`, amministratori).
webhooks-title = Webhook
# `timestamp` e `signature` sono nomi di intestazioni HTTP, mostrati come codice.
webhooks-intro = Ogni evento viene inviato come POST JSON, firmato con il segreto del webhook (intestazioni { $timestamp } e { $signature }), e ritentato a intervalli crescenti per 24 ore finché il destinatario non risponde 2xx.
webhooks-list-failed = Impossibile elencare i webhook: { $reason }.
webhooks-log-failed = Impossibile leggere il registro degli invii: { $reason }.
webhooks-none = Ancora nessun webhook.
webhooks-remove = Rimuovi
webhooks-col-url = URL
webhooks-col-events = Eventi
webhooks-col-added = Aggiunto il
webhooks-deliveries = Invii
webhooks-refresh = Aggiorna
webhooks-no-deliveries = Ancora nessun invio.
webhooks-send-again = Invia di nuovo
webhooks-col-queued = In coda dal
webhooks-col-event = Evento
webhooks-col-status = Stato
webhooks-col-tries = Tentativi
webhooks-col-last-error = Ultimo errore
webhooks-col-next-try = Prossimo tentativo
# Lo stato di un invio: `status` è pending, delivered o failed.
webhooks-status = { $status ->
    [pending] in attesa
    [delivered] consegnato
    [failed] non riuscito
   *[other] { $status }
}
webhooks-event-run-stored = Un test viene salvato
webhooks-event-session-created = Una sessione viene creata
webhooks-event-other = Altro
webhooks-url = URL del destinatario (http o https)
webhooks-events = Eventi
webhooks-secret = Segreto (se vuoto: ne viene generato uno, mostrato una sola volta)
webhooks-add = Aggiungi webhook
# `secret` è il segreto stesso, mostrato come codice.
webhooks-secret-made = Il segreto del webhook, mostrato solo ora: { $secret } — conservalo presso il destinatario.

## Branding (/console/branding)

console-branding-link = Personalizzazione
invite-brand = Marchio
invite-brand-deployment = Quello dell’installazione
invite-region = Regione
invite-region-nearest = La più vicina all’agente
branding-title = Personalizzazione
branding-intro = Il nome del prodotto, il colore, il logo e la riga di assistenza che agenti e potenziali clienti vedono nella pagina di test, nel report, nella console e nel PDF. Il marchio con id "default" vale per tutta l’installazione; ogni altro vale per gli inviti che lo indicano.
branding-none = Ancora nessun marchio: ogni pagina ha l’aspetto di CallReady.
branding-col-brand = Marchio
branding-col-id = Id
branding-col-support = Riga di assistenza
branding-col-logo = Logo
branding-scope-deployment = (tutta l’installazione)
branding-scope-invites = (gli inviti che lo indicano)
branding-edit = Modifica
branding-remove = Elimina
branding-form-title = Aggiungi o modifica un marchio
branding-id = Id
branding-id-help = "default" per tutta l’installazione; un altro id (a-z, 0-9, -) per un marchio che gli inviti possono indicare.
branding-name = Nome del prodotto
branding-colour = Colore principale
branding-contrast-ok = Testo bianco su questo colore: { $ratio }:1, conforme a WCAG AA.
branding-contrast-low = Testo bianco su questo colore: { $ratio }:1, sotto i { $min }:1 richiesti da WCAG AA. Scegli un colore più scuro.
branding-contrast-invalid = Inserisci un colore nel formato #rrggbb.
branding-preview = Avvia il test
branding-support = Riga di assistenza
branding-support-placeholder = Helpdesk IT: +39 02 1234 5678, helpdesk@example.com
branding-save = Salva il marchio
branding-saved = Marchio "{ $name }" salvato.
branding-logo = Logo
branding-logo-help = Logo del marchio nel modulo qui sopra: SVG o PNG, al massimo { $kib } KiB (da un SVG si tolgono script e collegamenti esterni). Salva prima il marchio.
branding-logo-remove = Rimuovi il logo
branding-failed = Impossibile salvare il marchio: { $reason }
