## The console (`/console`): support's sessions, filters and exports.
## `console-sessions-count` is in ui.ftl.

console-signed-in-as = Signed in as { $name } ({ $role })
console-webhooks-link = Webhooks
console-sign-out = Sign out
console-title = Sessions
console-runs-csv = Runs as CSV
console-runs-json = Runs as JSON
console-search-placeholder = Code, label, site or agent
console-search-label = Search
console-site-filter = Site
console-verdict-filter = Verdict
console-any-verdict = Any verdict
console-not-tested-yet = Not tested yet
console-created-from = Created from
console-created-to = Created to
console-search = Search
# `reason` is the server's answer, in English.
console-list-failed = Could not list sessions: { $reason }.
console-newer = Newer
console-older = Older
console-page = Page { $page } of { $pages }
console-all-sessions = ← All sessions

## The columns of a table of sessions.
console-col-code = Code
console-col-label = Label
console-col-site = Site
console-col-agent = Agent
console-col-profile = Profile
console-col-runs = Runs
console-col-latest = Latest

## The form for new invites (one agent or a list).
invite-title = New invite
invite-label = Label
invite-site = Site
invite-agents = Agents (one per line; empty: one link for the whole site)
invite-agents-file = …or a CSV file (the column headed agent or name, else the first one)
invite-expires = Link valid for
invite-max-runs = Runs per link
invite-no-limit = no limit
invite-submit = Create links
invite-max-runs-invalid = Runs per link: a whole number.
invite-col-agent = Agent
invite-col-code = Code
invite-col-link = Link to send
invite-download-csv = Download as CSV
# After a CSV file of agents is read: how many, and the file's name.
invite-file-note = { $count ->
    [one] { $count } agent read from { $file }.
   *[other] { $count } agents read from { $file }.
}
# A file that cannot be used: its name, then one of the reasons below (or the
# CSV reader's, in English).
invite-file-error = { $file }: { $reason }
invite-file-too-large = the file is larger than { $kib } KiB
invite-file-unreadable = the file could not be read
invite-file-no-agent = the file lists no agent
# `count` is always above `max`.
invite-file-too-many = the file lists { $count } agents; one invite takes at most { $max }

## A site's view (`/console/site/<site>`).
site-title = Site: { $site }
# The words after a large number (sessions whose latest run is ready, and so on).
site-count-ready = { $count ->
    [one] ready
   *[other] ready
}
site-count-warnings = { $count ->
    [one] with warnings
   *[other] with warnings
}
site-count-not-ready = { $count ->
    [one] not ready
   *[other] not ready
}
site-count-untested = { $count ->
    [one] not tested yet
   *[other] not tested yet
}
site-median-rtt = Median round trip
site-median-loss = Median call loss
site-median-down = Median download
site-median-up = Median upload
site-failing-title = Checks failing most often
# `title` is the check's title; `count` how many agents' latest runs it failed or warned in.
site-failing-check = { $count ->
    [one] { $title }: { $count } agent
   *[other] { $title }: { $count } agents
}
site-sessions = Sessions

## The webhooks page (`/console/webhooks`, admins).
webhooks-title = Webhooks
# `timestamp` and `signature` are the names of HTTP headers, shown as code.
webhooks-intro = Each event is sent as a JSON POST, signed with the webhook's secret (headers { $timestamp } and { $signature }), and tried again with growing waits for 24 hours until the receiver answers 2xx.
webhooks-list-failed = Could not list webhooks: { $reason }.
webhooks-log-failed = Could not read the delivery log: { $reason }.
webhooks-none = No webhook yet.
webhooks-remove = Remove
webhooks-col-url = URL
webhooks-col-events = Events
webhooks-col-added = Added
webhooks-deliveries = Deliveries
webhooks-refresh = Refresh
webhooks-no-deliveries = Nothing sent yet.
webhooks-send-again = Send again
webhooks-col-queued = Queued
webhooks-col-event = Event
webhooks-col-status = Status
webhooks-col-tries = Tries
webhooks-col-last-error = Last error
webhooks-col-next-try = Next try
# A delivery's state: `status` is pending, delivered or failed.
webhooks-status = { $status }
webhooks-event-run-stored = A run is stored
webhooks-event-session-created = A session is created
webhooks-event-other = Other
webhooks-url = Receiver URL (http or https)
webhooks-events = Events
webhooks-secret = Secret (empty: one is made and shown once)
webhooks-add = Add webhook
# `secret` is the secret itself, shown as code.
webhooks-secret-made = The webhook's secret, shown only now: { $secret } — keep it with the receiver.

## Branding (/console/branding)

console-branding-link = Branding
invite-brand = Brand
invite-brand-deployment = The deployment's
invite-region = Region
invite-region-nearest = The nearest to the agent
branding-title = Branding
branding-intro = The product name, colour, logo and support line that agents and prospects see on the test page, the report, the console and the PDF. The brand with the id "default" is the whole deployment's; any other is worn by the invites that name it.
branding-none = No brand yet: every page shows CallReady's own look.
branding-col-brand = Brand
branding-col-id = Id
branding-col-support = Support line
branding-col-logo = Logo
branding-scope-deployment = (the whole deployment)
branding-scope-invites = (invites that name it)
branding-edit = Edit
branding-remove = Remove
branding-form-title = Add or change a brand
branding-id = Id
branding-id-help = "default" for the whole deployment; another id (a-z, 0-9, -) for a brand invites can name.
branding-name = Product name
branding-colour = Primary colour
branding-contrast-ok = White text on this colour: { $ratio }:1, meets WCAG AA.
branding-contrast-low = White text on this colour: { $ratio }:1, below the { $min }:1 WCAG AA needs. Choose a darker colour.
branding-contrast-invalid = Enter a colour as #rrggbb.
branding-preview = Start the test
branding-support = Support line
branding-support-placeholder = IT helpdesk: +33 1 23 45 67 89, helpdesk@example.com
branding-save = Save the brand
branding-saved = Brand "{ $name }" saved.
branding-logo = Logo
branding-logo-help = Logo for the brand in the form above: SVG or PNG, at most { $kib } KiB (an SVG is cleaned of scripts and outside links). Save the brand first.
branding-logo-remove = Remove the logo
branding-failed = The brand could not be saved: { $reason }
