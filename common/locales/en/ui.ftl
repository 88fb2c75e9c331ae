## Lists.
list-separator = {"; "}

## Units: `value` is a number already written with the language's decimal mark.
unit-ms = { $value } ms
unit-kbps = { $value } kbit/s
unit-mbps = { $value } Mbit/s
unit-gbps = { $value } Gbit/s
unit-percent = { $value } %
unit-seconds = { $value } s

console-sessions-count = { $count ->
    [one] { $count } session
   *[other] { $count } sessions
}

## The header of every page.
nav-read-report = Read a report
nav-console = Console
nav-language = Language
nav-skip = Skip to the content

## Statuses and verdicts, as badges, pills and the verdict banner show them.
status-pass = Pass
status-unknown = Unknown
status-not-tested = Not tested
status-warning = Warning
status-fail = Fail
verdict-ready = Ready
verdict-ready-with-warnings = Ready with warnings
verdict-not-ready = Not ready
verdict-ready-explanation = This computer and network meet the requirements for calls.
verdict-ready-with-warnings-explanation = Calls should work, but fix the warnings below for reliable quality.
verdict-not-ready-explanation = Calls will not work reliably until the failures below are fixed.

## The list of checks, one line per check.
# Shown in bold before the check's advice.
checklist-what-to-do = What to do:
# Shown in bold before the exact text for the IT team.
checklist-for-it = For IT:
# `check`: the title of the check that failed first.
checklist-blocked-by = Could not run because of: { $check }.

## The "Send this to your IT team" box: `code` is a session code, `run` a run
## number, `time` a date and time, `verdict` the verdict's words.
it-box-heading = Send this to your IT team
it-box-copy = Copy the text
it-box-copied = Copied
it-box-email = Email it
it-box-code = Code { $code }
it-box-code-run = Code { $code }, run { $run }, { $time }
it-box-browser = Browser: { $browser }
it-box-public-network = Public network: { $network }
it-box-server-tested = Server tested: { $host }
# The subject of the email.
it-box-subject = { $product } test { $code }: { $verdict }
it-box-subject-run = { $product } test { $code }, run { $run }: { $verdict }

## Why a call to the server failed, inserted into sentences (hence no capital).
api-unreachable = the server could not be reached
api-timeout = the server did not answer in time
# `error`: the technical reason, in English.
api-unexpected-answer = unexpected answer from the server: { $error }
api-http-status = the server answered HTTP { $status }
# `message`: the server's own explanation.
api-refused = the server refused it (HTTP { $status }: { $message })
# The server's errors by their code (`{"error": {"code": "session_full", …}}`); $detail is the server's own (English) message, naming the field.
api-error-invalid-json = the request was not valid JSON
api-error-body-too-large = the request was too large
api-error-unsupported-media-type = the request's content type was refused
api-error-invalid-field = a value was refused: { $detail }
api-error-invalid-code = this is not a valid code
api-error-session-not-found = no test has this code
api-error-not-found = not found
api-error-invalid-token = this link is not valid
api-error-token-not-found = this link is unknown or has expired
api-error-session-full = this test link has been used for all its runs
api-error-transfer-too-large = the transfer was too large
api-error-transfer-timeout = the transfer took too long
api-error-transfer-cut = the transfer was cut off
api-error-unknown-profile = this requirement profile is unknown
api-error-link-closed = this test link is closed
api-error-login-required = sign in first
api-error-login-failed = wrong name or password
api-error-too-many-attempts = too many attempts: wait a moment and try again
api-error-admin-only = only an admin may do this
api-error-rate-limited = too many requests from this network: wait a minute and try again
api-error-transfer-not-allowed = the bandwidth test needs a test in progress: start the test again
api-error-foreign-origin = this server answers its own pages only
api-error-storage-full = the server's storage is full: tell your support team
api-error-invalid-path = this address is not valid
api-error-internal = the server failed to handle it

## Saving a run on the agent's page: `reason` is one of the api- messages (or the
## server's explanation).
save-saving = Saving the result…
save-retrying = Saving failed ({ $reason }); retrying in { $seconds } s (attempt { $attempt })…
save-saved = Saved. Support can read it with your code.
save-saved-as-run = Saved as run { $run } of this session. Support can read it with your code.
save-failed = The result was NOT saved: { $reason }. Press Retry, or read the code and the result to support.
save-retry = Retry saving

## The agent's test page.
test-title = Call readiness test
test-keep-tab-open = Keep this tab open until the result appears. It takes about 20 seconds.
test-your-code = Your code
test-read-code-to-support = Read it to support if they ask.
# Followed by a link (test-start-new-test), then test-unknown-code-end.
test-unknown-code = This code does not match any session: results cannot be saved. Ask support for a new link or
test-start-new-test = start a new test
test-unknown-code-end = .
# `reason`: one of the api- messages. "Start" is the button (test-start).
test-settings-failed = The test could not start: its settings did not load from the server ({ $reason }). Check the connection and press Start again.
test-code-not-loaded = The test's code did not load from the server. Check the connection, then reload this page.
test-start = Start
test-testing = Testing…
test-again = Test again
# For screen readers: `probe` is the title of the test that runs.
test-testing-probe = Testing { $probe }…
test-finished-announcement = Test finished: { $verdict }.
# `duration`: a number of seconds with its unit.
test-finished-in = Finished in { $duration }.
test-invalid-link-title = This link is not valid
# Followed by a link (test-start-new-test), then test-invalid-link-end.
test-invalid-link = The code in the address is not a CallReady code. Check the link you were sent, or
test-invalid-link-end = .
# A test's row before it runs.
test-probe-waiting = waiting

## The home page.
landing-title = Is this computer ready for calls?
landing-lead = CallReady checks your browser and network against what calling platforms require: reachability, WebSocket and SIP, latency. It takes about 20 seconds and needs no installation.
landing-start = Start a test
landing-starting = Starting…
landing-start-failed = Could not start a test: { $reason }.
landing-have-link = Were you sent a link? Open it instead: your support team will see the results.

## Signing in.
login-title = Sign in
login-intro = For support and sales: create test links and read every result.
login-name = Name
login-password = Password
login-submit = Sign in
login-signing-in = Signing in…

## A page that does not exist.
notfound-title = Page not found
# Followed by a link (notfound-start-new-test), then notfound-check-link-end.
notfound-check-link = Check the link you were sent, or
notfound-start-new-test = start a new test
notfound-check-link-end = .

## The report: `code` is a session code, `reason` why something failed.
report-search-title = Read a report
# `example`: a report code.
report-search-intro = Type the report code from the report link (for example { $example }). Signed in, the code an agent reads out from their screen opens it too.
report-code-label = Session code
report-open = Open report
report-not-a-code = That is not a session code: { $reason }.
report-not-a-code-title = Not a session code
report-not-a-code-detail = { $code }: { $reason }.
report-type-another-code = Type another code
report-no-such-session = No session has the code { $code }. Check it with the agent.
report-load-failed = The report could not be loaded: { $reason }.
report-loading = Loading the report…
report-runs-hidden-title = This code runs the test
report-runs-hidden = { $code } is the code an agent runs the test with. The results open with the session's report code (the report link support was given), or after signing in.
report-sign-in = Sign in
report-type-report-code = Type the report code
report-caption = { $product } report
# The heading of a session without a label.
report-session = Session
# `created`: a date and time.
report-code-created = Code { $code } · created { $created }
report-site-needs-calls = { $count ->
    [one] site needs { $count } simultaneous call
   *[other] site needs { $count } simultaneous calls
}
# `profile`: the name of a requirement profile.
report-requirements = requirements: { $profile }
# Followed by the link.
report-share-link = Report link to share:
report-refresh = Refresh
report-print = Print
report-no-runs = No run yet. Ask the agent to open the link and press Start.
report-run-count = { $count ->
    [one] { $count } run, newest first.
   *[other] { $count } runs, newest first.
}
# `run`: a run number.
report-run-option = Run { $run }
report-run-to-compare = Run to compare
report-verdict = Verdict
report-compare-title = Two runs side by side
# `time`: a date and time.
report-run-title = Run { $run } · { $time }
report-test-duration = Test duration
report-server-tested = Server tested
report-browser-page = Browser (page)
report-browser-server = Browser (server saw)
report-memory = Memory
# `value`: a number already written with the language's decimal mark.
report-memory-gb = { $value } GB
report-memory-unknown = unknown (not reported by this browser)
report-logical-processors = Logical processors
report-unknown = unknown
report-public-network = Public network
report-public-address-id = Public address id
report-figures = Figures
report-browser-network = Browser and network (anonymised)
report-for-it-title = For your IT team: { $profile }
report-for-it-open = The platform needs these open from the agents' computers; each run checks them from the agent's browser:
report-for-it-by-hand = A web page cannot test these; check them by hand:
report-rtt-chart-label = Round-trip time of the call-like stream over time
# `seconds`: a whole number; `top`: a duration with its unit.
report-rtt-chart-caption = Round trip over { $seconds } s of call-like stream (top of chart = { $top })
report-rate-chart-label = Download then upload rate, per second
# The chart's caption: "download then upload, per second (top of chart = 19.1 Mbit/s)",
# built from these four messages; `top` is a rate with its unit.
report-rate-chart-download = download
report-rate-chart-then = then
report-rate-chart-upload = upload
report-rate-chart-caption = , per second (top of chart = { $top })

## The PDF report.
pdf-page = page { $page } of { $pages }
report-pdf = PDF

## Closed links (the server says why; the page shows it in its language)

link-closed = This test link takes no more runs. Ask your support team for a new one.
link-closed-expired = This test link expired on { $date }. Ask your support team for a new one.
link-closed-used = { $count ->
    [one] This test link has been used for the { $count } test it allows. Ask your support team for a new one.
   *[other] This test link has been used for the { $count } tests it allows. Ask your support team for a new one.
}
