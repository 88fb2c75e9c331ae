## La console (`/console`) : les sessions du support, filtres et exports.
## `console-sessions-count` est dans ui.ftl.

console-signed-in-as = Connecté en tant que { $name } ({ $role ->
    [admin] administrateur
    [support] support
   *[other] { $role }
})
console-webhooks-link = Webhooks
console-sign-out = Se déconnecter
console-title = Sessions
console-runs-csv = Tests en CSV
console-runs-json = Tests en JSON
console-search-placeholder = Code, libellé, site ou agent
console-search-label = Rechercher
console-site-filter = Site
console-verdict-filter = Verdict
console-any-verdict = Tous les verdicts
console-not-tested-yet = Pas encore testé
console-created-from = Créée à partir du
console-created-to = Créée jusqu'au
console-search = Rechercher
# `reason` est la réponse du serveur, en anglais.
console-list-failed = Impossible de lister les sessions : { $reason }.
console-newer = Plus récentes
console-older = Plus anciennes
console-page = Page { $page } sur { $pages }
console-all-sessions = ← Toutes les sessions

## Les colonnes d'un tableau de sessions.
console-col-code = Code
console-col-label = Libellé
console-col-site = Site
console-col-agent = Agent
console-col-profile = Profil
console-col-runs = Tests
console-col-latest = Dernier test

## Le formulaire des nouvelles invitations (un agent ou une liste).
invite-title = Nouvelle invitation
invite-label = Libellé
invite-site = Site
invite-agents = Agents (un par ligne ; vide : un seul lien pour tout le site)
invite-agents-file = …ou un fichier CSV (la colonne intitulée agent ou nom, sinon la première)
invite-expires = Durée de validité du lien
invite-max-runs = Tests par lien
invite-no-limit = sans limite
invite-submit = Créer les liens
invite-max-runs-invalid = Tests par lien : un nombre entier.
invite-col-agent = Agent
invite-col-code = Code
invite-col-link = Lien à envoyer
invite-download-csv = Télécharger en CSV
# Après la lecture d'un fichier CSV d'agents : combien, et le nom du fichier.
invite-file-note = { $count ->
    [one] { $count } agent lu dans { $file }.
   *[other] { $count } agents lus dans { $file }.
}
# Un fichier inutilisable : son nom, puis l'une des raisons ci-dessous (ou celle
# du lecteur CSV, en anglais).
invite-file-error = { $file } : { $reason }
invite-file-too-large = le fichier dépasse { $kib } Kio
invite-file-unreadable = le fichier n'a pas pu être lu
invite-file-no-agent = le fichier ne contient aucun agent
# `count` dépasse toujours `max`.
invite-file-too-many = le fichier contient { $count } agents ; une invitation en accepte au plus { $max }

## La vue d'un site (`/console/site/<site>`).
site-title = Site : { $site }
# Les mots sous un grand nombre (sessions dont le dernier test est prêt, etc.).
site-count-ready = { $count ->
    [one] prêt
   *[other] prêts
}
site-count-warnings = { $count ->
    [one] avec avertissements
   *[other] avec avertissements
}
site-count-not-ready = { $count ->
    [one] pas prêt
   *[other] pas prêts
}
site-count-untested = { $count ->
    [one] pas encore testé
   *[other] pas encore testés
}
site-median-rtt = Aller-retour médian
site-median-loss = Perte médiane pendant l'appel
site-median-down = Débit descendant médian
site-median-up = Débit montant médian
site-failing-title = Vérifications le plus souvent en échec
# `title` est le titre de la vérification ; `count`, le nombre d'agents concernés.
site-failing-check = { $count ->
    [one] { $title } : { $count } agent
   *[other] { $title } : { $count } agents
}
site-sessions = Sessions

## La page des webhooks (`/console/webhooks`, administrateurs).
webhooks-title = Webhooks
# `timestamp` et `signature` sont des noms d'en-têtes HTTP, affichés comme du code.
webhooks-intro = Chaque événement est envoyé en POST JSON, signé avec le secret du webhook (en-têtes { $timestamp } et { $signature }), puis renvoyé à intervalles croissants pendant 24 heures, jusqu'à ce que le destinataire réponde 2xx.
webhooks-list-failed = Impossible de lister les webhooks : { $reason }.
webhooks-log-failed = Impossible de lire le journal des envois : { $reason }.
webhooks-none = Aucun webhook pour l'instant.
webhooks-remove = Supprimer
webhooks-col-url = URL
webhooks-col-events = Événements
webhooks-col-added = Ajouté le
webhooks-deliveries = Envois
webhooks-refresh = Actualiser
webhooks-no-deliveries = Rien n'a encore été envoyé.
webhooks-send-again = Renvoyer
webhooks-col-queued = Mis en file
webhooks-col-event = Événement
webhooks-col-status = État
webhooks-col-tries = Tentatives
webhooks-col-last-error = Dernière erreur
webhooks-col-next-try = Prochaine tentative
# L'état d'un envoi : `status` vaut pending, delivered ou failed.
webhooks-status = { $status ->
    [pending] en attente
    [delivered] remis
    [failed] échoué
   *[other] { $status }
}
webhooks-event-run-stored = Un test est enregistré
webhooks-event-session-created = Une session est créée
webhooks-event-other = Autre
webhooks-url = URL du destinataire (http ou https)
webhooks-events = Événements
webhooks-secret = Secret (vide : un secret est généré et affiché une seule fois)
webhooks-add = Ajouter le webhook
# `secret` est le secret lui-même, affiché comme du code.
webhooks-secret-made = Le secret du webhook, affiché cette fois seulement : { $secret } — conservez-le côté destinataire.

## Branding (/console/branding)

console-branding-link = Habillage
invite-brand = Marque
invite-brand-deployment = Celle du déploiement
invite-region = Région
invite-region-nearest = La plus proche de l’agent
branding-title = Habillage
branding-intro = Le nom du produit, la couleur, le logo et la ligne d’assistance que voient les agents et les prospects sur la page de test, le rapport, la console et le PDF. La marque d’identifiant « default » habille tout le déploiement ; toute autre habille les invitations qui la nomment.
branding-none = Aucune marque pour l’instant : chaque page garde l’apparence de CallReady.
branding-col-brand = Marque
branding-col-id = Identifiant
branding-col-support = Ligne d’assistance
branding-col-logo = Logo
branding-scope-deployment = (tout le déploiement)
branding-scope-invites = (les invitations qui la nomment)
branding-edit = Modifier
branding-remove = Supprimer
branding-form-title = Ajouter ou modifier une marque
branding-id = Identifiant
branding-id-help = « default » pour tout le déploiement ; un autre identifiant (a-z, 0-9, -) pour une marque que les invitations peuvent nommer.
branding-name = Nom du produit
branding-colour = Couleur principale
branding-contrast-ok = Texte blanc sur cette couleur : { $ratio }:1, conforme WCAG AA.
branding-contrast-low = Texte blanc sur cette couleur : { $ratio }:1, sous les { $min }:1 exigés par WCAG AA. Choisissez une couleur plus foncée.
branding-contrast-invalid = Saisissez une couleur au format #rrggbb.
branding-preview = Lancer le test
branding-support = Ligne d’assistance
branding-support-placeholder = Assistance informatique : +33 1 23 45 67 89, helpdesk@example.com
branding-save = Enregistrer la marque
branding-saved = Marque « { $name } » enregistrée.
branding-logo = Logo
branding-logo-help = Logo de la marque du formulaire ci-dessus : SVG ou PNG, { $kib } Kio au plus (un SVG est nettoyé de ses scripts et liens externes). Enregistrez d’abord la marque.
branding-logo-remove = Retirer le logo
branding-failed = La marque n’a pas pu être enregistrée : { $reason }
