//! The operator's commands beside serving: `callready user …`, `callready token …` and
//! `callready backup FILE`, on the database `--db` names. Each prints one line per result and exits 1 with a
//! line on standard error when it cannot do what was asked.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use crate::accounts::{hash_password, new_secret, password_problem, secret_hash, valid_name};
use crate::config::{Config, TokenCommand, UserCommand};
use crate::store::{Role, Store, StoreError};

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("callready: {message}");
    ExitCode::FAILURE
}

/// A password: typed twice at a prompt without echo on a terminal, else the first
/// line of standard input (`echo "$PASSWORD" | callready user add …`).
fn read_password() -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ").map_err(|e| e.to_string())?;
        let again = rpassword::prompt_password("Again: ").map_err(|e| e.to_string())?;
        if first != again {
            return Err("the two passwords differ".into());
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| e.to_string())?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

fn new_password_hash() -> Result<String, String> {
    let password = read_password()?;
    if let Some(problem) = password_problem(&password) {
        return Err(problem);
    }
    hash_password(&password)
}

async fn open(config: &Config) -> Result<Store, String> {
    let database = config.database();
    Store::connect(&database, true).await.map_err(|e| format!("{}: {e}", database.display()))
}

/// A Unix time in ms as a calendar date, UTC (`2026-11-30`).
pub fn date(ms: i64) -> String {
    // Days since the epoch, as a calendar date (UTC), without a date crate.
    let days = ms.div_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A Unix time in ms as `2026-11-30T14:05:09Z`.
pub fn timestamp(ms: i64) -> String {
    let seconds = ms.div_euclid(1000).rem_euclid(86_400);
    format!("{}T{:02}:{:02}:{:02}Z", date(ms), seconds / 3600, seconds / 60 % 60, seconds % 60)
}

/// `2026-11-30` as the Unix time in ms of that day's start (UTC); `None` for
/// anything else.
pub fn day_start_ms(text: &str) -> Option<i64> {
    let mut parts = text.split('-');
    let (year, month, day): (i64, i64, i64) =
        (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?);
    if parts.next().is_some()
        || !(1970..=9999).contains(&year)
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
    {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let ms = days * 86_400_000;
    // 2026-02-31 and the like do not round-trip.
    (date(ms) == text).then_some(ms)
}

pub async fn user(config: &Config, command: &UserCommand) -> ExitCode {
    let store = match open(config).await {
        Ok(store) => store,
        Err(e) => return fail(e),
    };
    match command {
        UserCommand::Add { name, role } => {
            if !valid_name(name) {
                return fail(format!("\"{name}\": a name has 1 to 64 letters, digits or . - _ @"));
            }
            let role = Role::parse(role).unwrap_or(Role::Support);
            let hash = match new_password_hash() {
                Ok(hash) => hash,
                Err(e) => return fail(e),
            };
            match store.add_user(name, role, &hash, crate::now_ms()).await {
                Ok(()) => {
                    println!("account {name} ({}) added", role.as_str());
                    ExitCode::SUCCESS
                }
                Err(StoreError::DuplicateName) => fail(format!("an account called {name} already exists")),
                Err(e) => fail(e),
            }
        }
        UserCommand::List => match store.users().await {
            Ok(users) => {
                for user in users {
                    println!("{}\t{}\t{}", user.name, user.role.as_str(), date(user.created_at_ms));
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        UserCommand::Remove { name } => match store.remove_user(name).await {
            Ok(true) => {
                println!("account {name} removed");
                ExitCode::SUCCESS
            }
            Ok(false) => fail(format!("no account is called {name}")),
            Err(e) => fail(e),
        },
        UserCommand::Password { name } => {
            let hash = match new_password_hash() {
                Ok(hash) => hash,
                Err(e) => return fail(e),
            };
            match store.set_password(name, &hash).await {
                Ok(true) => {
                    println!("password of {name} changed; its logins ended");
                    ExitCode::SUCCESS
                }
                Ok(false) => fail(format!("no account is called {name}")),
                Err(e) => fail(e),
            }
        }
    }
}

pub async fn token(config: &Config, command: &TokenCommand) -> ExitCode {
    let store = match open(config).await {
        Ok(store) => store,
        Err(e) => return fail(e),
    };
    match command {
        TokenCommand::Add { name } => {
            if !valid_name(name) {
                return fail(format!("\"{name}\": a name has 1 to 64 letters, digits or . - _ @"));
            }
            let secret = match new_secret() {
                Ok(secret) => secret,
                Err(e) => return fail(e),
            };
            match store.add_token(name, &secret_hash(&secret), crate::now_ms()).await {
                Ok(()) => {
                    // Shown once: only its hash is kept.
                    println!("{secret}");
                    eprintln!("token {name} added; keep it now, it cannot be shown again");
                    ExitCode::SUCCESS
                }
                Err(StoreError::DuplicateName) => fail(format!("a token called {name} already exists")),
                Err(e) => fail(e),
            }
        }
        TokenCommand::List => match store.tokens().await {
            Ok(tokens) => {
                for (name, created) in tokens {
                    println!("{name}\t{}", date(created));
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        TokenCommand::Remove { name } => match store.remove_token(name).await {
            Ok(true) => {
                println!("token {name} removed");
                ExitCode::SUCCESS
            }
            Ok(false) => fail(format!("no token is called {name}")),
            Err(e) => fail(e),
        },
    }
}

/// `callready backup FILE`: one line saying what the copy holds.
pub async fn backup(config: &Config, file: &std::path::Path) -> ExitCode {
    let db = match config.sqlite_path() {
        Ok(db) => db,
        Err(e) => return fail(e),
    };
    match crate::store::backup::backup(&db, file).await {
        Ok(copy) => {
            println!(
                "backed up {} to {}: {} sessions, {} runs, {:.1} MB",
                db.display(),
                file.display(),
                copy.sessions,
                copy.runs,
                copy.bytes as f64 / 1_048_576.0
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_civil_utc() {
        assert_eq!(super::date(0), "1970-01-01");
        assert_eq!(super::timestamp(1_796_036_070_595), "2026-11-30T10:54:30Z");
        assert_eq!(super::date(1_796_036_070_000), "2026-11-30");
        assert_eq!(super::date(951_782_400_000), "2000-02-29");
        for day in ["1970-01-01", "2000-02-29", "2026-11-30", "2027-12-31"] {
            assert_eq!(super::date(super::day_start_ms(day).unwrap()), day);
        }
        for bad in ["2026-02-30", "2026-13-01", "26-11-30", "2026-11-30-1", "yesterday", ""] {
            assert_eq!(super::day_start_ms(bad), None, "{bad}");
        }
    }
}
