//! The console's reads: sessions with their latest verdict, filtered and paged, and
//! runs for export, with the same filters.

use sqlx::Row;

use super::engine::Engine;
use super::sessions::{session_of, Store, SESSION_COLUMNS};
use super::{SessionRow, StoreError};

/// Filters of `GET /api/sessions` and the exports; `None` filters nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// A session code (canonical), matched exactly, or text found in the label,
    /// site or agent.
    pub code: Option<String>,
    pub text: Option<String>,
    /// The site, exactly.
    pub site: Option<String>,
    /// `ready`, `ready_with_warnings`, `not_ready`, or `untested`.
    pub verdict: Option<String>,
    /// Created at or after / before, Unix ms.
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
}

/// A session with its runs counted and its latest verdict.
#[derive(Clone, Debug)]
pub struct Listed {
    pub session: SessionRow,
    pub runs: i64,
    pub latest_verdict: Option<String>,
    pub latest_at_ms: Option<i64>,
}

/// A stored run with its session, for export.
#[derive(Clone, Debug)]
pub struct ExportedRun {
    pub session: SessionRow,
    pub number: i64,
    pub created_at_ms: i64,
    pub verdict: String,
    pub checks_json: String,
    pub results_json: String,
    pub client_prefix: String,
}

/// Most runs one export holds.
pub const MAX_EXPORTED_RUNS: i64 = 10_000;

/// `LIKE` pattern for text anywhere, with `%`, `_` and `\` taken literally.
fn contains_pattern(text: &str) -> String {
    let escaped: String =
        text.chars().flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] }).collect();
    format!("%{escaped}%")
}

/// The sessions with their counts, as a subquery named `s`.
fn listed_sessions() -> String {
    format!(
        "SELECT {SESSION_COLUMNS}, \
         (SELECT COUNT(*) FROM runs r WHERE r.session_id = sessions.id) AS run_count, \
         (SELECT verdict FROM runs r WHERE r.session_id = sessions.id ORDER BY number DESC LIMIT 1) AS latest_verdict, \
         (SELECT created_at_ms FROM runs r WHERE r.session_id = sessions.id ORDER BY number DESC LIMIT 1) \
         AS latest_at_ms FROM sessions"
    )
}

/// `?` placeholders numbered `$1`, `$2`… in order, as both engines take them.
fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push_str(&format!("${n}"));
        } else {
            out.push(c);
        }
    }
    out
}

/// The `WHERE` clause over `s` for `filter`, its text (`?` placeholders, numbered
/// by [`numbered`] once the statement is whole) and its values in order. Text
/// matches ignore case on both engines: SQLite's `LIKE` does, PostgreSQL's `ILIKE`.
fn conditions(filter: &Filter, verdict_column: &str, engine: Engine) -> (String, Vec<Value>) {
    let like = match engine {
        Engine::Sqlite => "LIKE",
        Engine::Postgres => "ILIKE",
    };
    let mut clauses = vec!["1 = 1".to_string()];
    let mut values = Vec::new();
    match (&filter.code, &filter.text) {
        (Some(code), Some(text)) => {
            clauses.push(format!(
                "(s.code = ? OR s.report_code = ? OR s.label {like} ? ESCAPE '\\' OR s.site {like} ? ESCAPE '\\' \
                 OR s.agent {like} ? ESCAPE '\\')"
            ));
            values.push(Value::Text(code.clone()));
            values.push(Value::Text(code.clone()));
            values.extend(std::iter::repeat_n(Value::Text(contains_pattern(text)), 3));
        }
        (Some(code), None) => {
            clauses.push("(s.code = ? OR s.report_code = ?)".into());
            values.push(Value::Text(code.clone()));
            values.push(Value::Text(code.clone()));
        }
        (None, Some(text)) => {
            clauses.push(format!(
                "(s.label {like} ? ESCAPE '\\' OR s.site {like} ? ESCAPE '\\' OR s.agent {like} ? ESCAPE '\\')"
            ));
            values.extend(std::iter::repeat_n(Value::Text(contains_pattern(text)), 3));
        }
        (None, None) => {}
    }
    if let Some(site) = &filter.site {
        clauses.push("s.site = ?".into());
        values.push(Value::Text(site.clone()));
    }
    match filter.verdict.as_deref() {
        Some("untested") => clauses.push(format!("{verdict_column} IS NULL")),
        Some(verdict) => {
            clauses.push(format!("{verdict_column} = ?"));
            values.push(Value::Text(verdict.to_string()));
        }
        None => {}
    }
    if let Some(from) = filter.from_ms {
        clauses.push("s.created_at_ms >= ?".into());
        values.push(Value::Int(from));
    }
    if let Some(to) = filter.to_ms {
        clauses.push("s.created_at_ms < ?".into());
        values.push(Value::Int(to));
    }
    (clauses.join(" AND "), values)
}

#[derive(Clone, Debug)]
enum Value {
    Text(String),
    Int(i64),
}

fn bind_all<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    values: &'q [Value],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for value in values {
        query = match value {
            Value::Text(text) => query.bind(text.as_str()),
            Value::Int(n) => query.bind(*n),
        };
    }
    query
}

impl Store {
    /// A page of sessions, newest first, and how many the filter gives in all.
    pub async fn list_sessions(
        &self,
        filter: &Filter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Listed>, i64), StoreError> {
        let (clause, values) = conditions(filter, "s.latest_verdict", self.engine);
        let base = listed_sessions();
        let total_sql = numbered(&format!("SELECT COUNT(*) AS n FROM ({base}) s WHERE {clause}"));
        let total: i64 = bind_all(sqlx::query(&total_sql), &values).fetch_one(&self.pool).await?.get("n");
        let page_sql = numbered(&format!(
            "SELECT * FROM ({base}) s WHERE {clause} ORDER BY s.created_at_ms DESC, s.id DESC LIMIT {limit} OFFSET {offset}"
        ));
        let rows = bind_all(sqlx::query(&page_sql), &values).fetch_all(&self.pool).await?;
        let listed = rows
            .iter()
            .map(|row| {
                Ok(Listed {
                    session: session_of(row)?,
                    runs: row.get("run_count"),
                    latest_verdict: row.get("latest_verdict"),
                    latest_at_ms: row.get("latest_at_ms"),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok((listed, total))
    }

    /// Runs of the sessions `filter` gives (the verdict filter applies to each run),
    /// newest first, at most [`MAX_EXPORTED_RUNS`].
    pub async fn export_runs(&self, filter: &Filter) -> Result<Vec<ExportedRun>, StoreError> {
        let (clause, values) = conditions(filter, "r.verdict", self.engine);
        let sql = numbered(&format!(
            "SELECT s.*, r.number, r.created_at_ms AS run_at_ms, r.verdict AS run_verdict, r.checks_json, \
             r.results_json, r.client_prefix FROM ({base}) s JOIN runs r ON r.session_id = s.id WHERE {clause} \
             ORDER BY r.created_at_ms DESC, r.id DESC LIMIT {MAX_EXPORTED_RUNS}",
            base = listed_sessions()
        ));
        let rows = bind_all(sqlx::query(&sql), &values).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                Ok(ExportedRun {
                    session: session_of(row)?,
                    number: row.get("number"),
                    created_at_ms: row.get("run_at_ms"),
                    verdict: row.get("run_verdict"),
                    checks_json: row.get("checks_json"),
                    results_json: row.get("results_json"),
                    client_prefix: row.get("client_prefix"),
                })
            })
            .collect()
    }
}

/// A session of a site and its latest run (verdict, checks, results), if any.
pub type SiteSession = (Listed, Option<(String, String)>);

/// Most sessions a site view reads.
pub const MAX_SITE_SESSIONS: i64 = 2_000;

impl Store {
    /// Every session of `site` (at most [`MAX_SITE_SESSIONS`], newest first), each
    /// with its latest run's checks and results (JSON).
    pub async fn site_sessions(&self, site: &str) -> Result<Vec<SiteSession>, StoreError> {
        let sql = format!(
            "SELECT s.*, r.checks_json, r.results_json FROM ({base}) s \
             LEFT JOIN runs r ON r.session_id = s.id \
             AND r.number = (SELECT MAX(number) FROM runs latest WHERE latest.session_id = s.id) \
             WHERE s.site = $1 ORDER BY s.created_at_ms DESC, s.id DESC LIMIT {MAX_SITE_SESSIONS}",
            base = listed_sessions()
        );
        let rows = sqlx::query(&sql).bind(site).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                let listed = Listed {
                    session: session_of(row)?,
                    runs: row.get("run_count"),
                    latest_verdict: row.get("latest_verdict"),
                    latest_at_ms: row.get("latest_at_ms"),
                };
                let latest =
                    match (row.get::<Option<String>, _>("checks_json"), row.get::<Option<String>, _>("results_json")) {
                        (Some(checks), Some(results)) => Some((checks, results)),
                        _ => None,
                    };
                Ok((listed, latest))
            })
            .collect()
    }
}
