## Listes.
list-separator = {"\u00A0; "}

## Unités : `value` est un nombre déjà écrit avec la virgule décimale.
unit-ms = { $value } ms
unit-kbps = { $value } kbit/s
unit-mbps = { $value } Mbit/s
unit-gbps = { $value } Gbit/s
unit-percent = { $value } %
unit-seconds = { $value } s

console-sessions-count = { $count ->
    [one] { $count } session
   *[other] { $count } sessions
}

## L'en-tête de chaque page.
nav-read-report = Lire un rapport
nav-console = Console
nav-language = Langue
nav-skip = Aller au contenu

## Statuts et verdicts, tels que les badges, les pastilles et le bandeau du verdict les affichent.
status-pass = Réussi
status-unknown = Inconnu
status-not-tested = Non testé
status-warning = Avertissement
status-fail = Échec
verdict-ready = Prêt
verdict-ready-with-warnings = Prêt, avec des avertissements
verdict-not-ready = Pas prêt
verdict-ready-explanation = Cet ordinateur et ce réseau remplissent les conditions requises pour les appels.
verdict-ready-with-warnings-explanation = Les appels devraient fonctionner, mais corrigez les avertissements ci-dessous pour une qualité fiable.
verdict-not-ready-explanation = Les appels ne fonctionneront pas de façon fiable tant que les échecs ci-dessous ne seront pas corrigés.

## La liste des vérifications, une ligne par vérification.
checklist-what-to-do = Que faire :
checklist-for-it = Pour le service informatique :
checklist-blocked-by = N’a pas pu être exécuté à cause de : { $check }.

## L’encadré « À envoyer à votre service informatique ».
it-box-heading = À envoyer à votre service informatique
it-box-copy = Copier le texte
it-box-copied = Copié
it-box-email = Envoyer par e-mail
it-box-code = Code { $code }
it-box-code-run = Code { $code }, essai { $run }, { $time }
it-box-browser = Navigateur : { $browser }
it-box-public-network = Réseau public : { $network }
it-box-server-tested = Serveur testé : { $host }
it-box-subject = Test { $product } { $code } : { $verdict }
it-box-subject-run = Test { $product } { $code }, essai { $run } : { $verdict }

## Pourquoi un appel au serveur a échoué, inséré dans des phrases (d’où la minuscule).
api-unreachable = le serveur est injoignable
api-timeout = le serveur n’a pas répondu à temps
api-unexpected-answer = réponse inattendue du serveur : { $error }
api-http-status = le serveur a répondu HTTP { $status }
api-refused = le serveur l’a refusé (HTTP { $status } : { $message })
api-error-invalid-json = la requête n’était pas du JSON valide
api-error-body-too-large = la requête était trop volumineuse
api-error-unsupported-media-type = le type de contenu de la requête a été refusé
api-error-invalid-field = une valeur a été refusée : { $detail }
api-error-invalid-code = ce n’est pas un code valide
api-error-session-not-found = aucun test ne porte ce code
api-error-not-found = introuvable
api-error-invalid-token = ce lien n’est pas valide
api-error-token-not-found = ce lien est inconnu ou a expiré
api-error-session-full = ce lien de test a servi pour tous ses tests
api-error-transfer-too-large = le transfert était trop volumineux
api-error-transfer-timeout = le transfert a pris trop de temps
api-error-transfer-cut = le transfert a été interrompu
api-error-unknown-profile = ce profil d’exigences est inconnu
api-error-link-closed = ce lien de test est fermé
api-error-login-required = connectez-vous d’abord
api-error-login-failed = nom ou mot de passe incorrect
api-error-too-many-attempts = trop de tentatives : patientez un moment puis réessayez
api-error-admin-only = seul un administrateur peut le faire
api-error-rate-limited = trop de requêtes depuis ce réseau : patientez une minute puis réessayez
api-error-transfer-not-allowed = le test de débit exige un test en cours : relancez le test
api-error-foreign-origin = ce serveur ne répond qu'à ses propres pages
api-error-storage-full = le stockage du serveur est plein : prévenez votre support
api-error-invalid-path = cette adresse n'est pas valide
api-error-internal = le serveur n’a pas pu la traiter

## L’enregistrement d’un essai sur la page de l’agent.
save-saving = Enregistrement du résultat…
save-retrying = Échec de l’enregistrement ({ $reason }) ; nouvel envoi dans { $seconds } s (tentative { $attempt })…
save-saved = Enregistré. Le support peut le consulter avec votre code.
save-saved-as-run = Enregistré comme essai { $run } de cette session. Le support peut le consulter avec votre code.
save-failed = Le résultat n’a PAS été enregistré : { $reason }. Appuyez sur « Réessayer l’enregistrement », ou lisez le code et le résultat au support.
save-retry = Réessayer l’enregistrement

## La page de test de l’agent.
test-title = Test de préparation aux appels
test-keep-tab-open = Gardez cet onglet ouvert jusqu’à l’affichage du résultat. Cela prend environ 20 secondes.
test-your-code = Votre code
test-read-code-to-support = Lisez-le au support s’il vous le demande.
test-unknown-code = Ce code ne correspond à aucune session : les résultats ne pourront pas être enregistrés. Demandez un nouveau lien au support ou
test-start-new-test = lancez un nouveau test
test-unknown-code-end = .
test-settings-failed = Le test n’a pas pu démarrer : ses paramètres n’ont pas pu être chargés depuis le serveur ({ $reason }). Vérifiez la connexion et appuyez de nouveau sur Démarrer.
test-code-not-loaded = Le code du test n’a pas pu être chargé depuis le serveur. Vérifiez la connexion, puis rechargez cette page.
test-start = Démarrer
test-testing = Test en cours…
test-again = Refaire le test
test-testing-probe = Test en cours : { $probe }…
test-finished-announcement = Test terminé : { $verdict }.
test-finished-in = Terminé en { $duration }.
test-invalid-link-title = Ce lien n’est pas valide
test-invalid-link = Le code figurant dans l’adresse n’est pas un code CallReady. Vérifiez le lien que vous avez reçu, ou
test-invalid-link-end = .
test-probe-waiting = en attente

## La page d’accueil.
landing-title = Cet ordinateur est-il prêt pour les appels ?
landing-lead = CallReady vérifie votre navigateur et votre réseau au regard des exigences des plateformes d’appel : joignabilité, WebSocket et SIP, latence. Cela prend environ 20 secondes, sans rien installer.
landing-start = Lancer un test
landing-starting = Démarrage…
landing-start-failed = Impossible de lancer un test : { $reason }.
landing-have-link = Vous avez reçu un lien ? Ouvrez-le plutôt : votre équipe support verra les résultats.

## La connexion.
login-title = Connexion
login-intro = Pour le support et les commerciaux : créez des liens de test et consultez tous les résultats.
login-name = Nom
login-password = Mot de passe
login-submit = Se connecter
login-signing-in = Connexion…

## Une page qui n’existe pas.
notfound-title = Page introuvable
notfound-check-link = Vérifiez le lien que vous avez reçu, ou
notfound-start-new-test = lancez un nouveau test
notfound-check-link-end = .

## Le rapport.
report-search-title = Lire un rapport
report-search-intro = Saisissez le code figurant dans le lien du rapport (par exemple { $example }). Une fois connecté, vous pouvez aussi l’ouvrir avec le code que l’agent lit sur son écran.
report-code-label = Code de session
report-open = Ouvrir le rapport
report-not-a-code = Ce n’est pas un code de session : { $reason }.
report-not-a-code-title = Ce n’est pas un code de session
report-not-a-code-detail = { $code } : { $reason }.
report-type-another-code = Saisir un autre code
report-no-such-session = Aucune session n’a le code { $code }. Vérifiez-le avec l’agent.
report-load-failed = Le rapport n’a pas pu être chargé : { $reason }.
report-loading = Chargement du rapport…
report-runs-hidden-title = Ce code sert à passer le test
report-runs-hidden = { $code } est le code avec lequel un agent passe le test. Les résultats s’ouvrent avec le code de rapport de la session (le lien de rapport remis au support), ou après connexion.
report-sign-in = Se connecter
report-type-report-code = Saisir le code du rapport
report-caption = Rapport { $product }
report-session = Session
report-code-created = Code { $code } · créée le { $created }
report-site-needs-calls = { $count ->
    [one] le site a besoin de { $count } appel simultané
   *[other] le site a besoin de { $count } appels simultanés
}
report-requirements = exigences : { $profile }
report-share-link = Lien du rapport à partager :
report-refresh = Actualiser
report-print = Imprimer
report-no-runs = Aucun essai pour l’instant. Demandez à l’agent d’ouvrir le lien et d’appuyer sur Démarrer.
report-run-count = { $count ->
    [one] { $count } essai.
   *[other] { $count } essais, du plus récent au plus ancien.
}
report-run-option = Essai { $run }
report-run-to-compare = Essai à comparer
report-verdict = Verdict
report-compare-title = Deux essais côte à côte
report-run-title = Essai { $run } · { $time }
report-test-duration = Durée du test
report-server-tested = Serveur testé
report-browser-page = Navigateur (page)
report-browser-server = Navigateur (vu par le serveur)
report-memory = Mémoire
report-memory-gb = { $value } Go
report-memory-unknown = inconnue (non communiquée par ce navigateur)
report-logical-processors = Processeurs logiques
report-unknown = inconnu
report-public-network = Réseau public
report-public-address-id = Identifiant de l’adresse publique
report-figures = Mesures
report-browser-network = Navigateur et réseau (anonymisés)
report-for-it-title = Pour votre service informatique : { $profile }
report-for-it-open = La plateforme a besoin de ces accès depuis les ordinateurs des agents ; chaque essai les vérifie depuis le navigateur de l’agent :
report-for-it-by-hand = Une page web ne peut pas les tester ; vérifiez-les manuellement :
report-rtt-chart-label = Temps aller-retour du flux de type appel au fil du temps
report-rtt-chart-caption = Aller-retour sur { $seconds } s de flux de type appel (haut du graphique : { $top })
report-rate-chart-label = Débit en réception puis en envoi, par seconde
report-rate-chart-download = réception
report-rate-chart-then = puis
report-rate-chart-upload = envoi
report-rate-chart-caption = , par seconde (haut du graphique : { $top })

## Le rapport PDF.
pdf-page = page { $page } sur { $pages }
report-pdf = PDF

## Closed links (the server says why; the page shows it in its language)

link-closed = Ce lien de test n’accepte plus d’essais. Demandez-en un nouveau à votre support.
link-closed-expired = Ce lien de test a expiré le { $date }. Demandez-en un nouveau à votre support.
link-closed-used = { $count ->
    [one] Ce lien de test permettait { $count } test, déjà effectué. Demandez-en un nouveau à votre support.
   *[other] Ce lien de test permettait { $count } tests, tous effectués. Demandez-en un nouveau à votre support.
}
