//! CSV as spreadsheets read it: cells written so that none is taken for a formula,
//! and files read the way RFC 4180 writes them (quoted cells, doubled quotes, line
//! breaks inside quotes, CRLF or LF, a UTF-8 byte-order mark), with the separator a
//! spreadsheet saved: `,`, or `;` (Excel in French, Italian or Russian, where the
//! comma is the decimal mark), or a tab.

/// A text cell, quoted; a cell a spreadsheet would run as a formula (`=`, `+`, `-`,
/// `@`, a tab or a carriage return first) gets a leading `'`, so it shows as text.
pub fn text_cell(text: &str) -> String {
    let neutral =
        if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() };
    format!("\"{}\"", neutral.replace('"', "\"\""))
}

/// The separator of a file: the most frequent of `,`, `;` and tab outside quotes on
/// its first line; `,` when it has none.
fn separator(text: &str) -> char {
    let first = text.lines().next().unwrap_or_default();
    let mut quoted = false;
    let mut counts = [(',', 0), (';', 0), ('\t', 0)];
    for c in first.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted {
            counts.iter_mut().filter(|(s, _)| *s == c).for_each(|(_, n)| *n += 1);
        }
    }
    // The first of the most frequent, so a tie (none at all included) gives `,`.
    counts.iter().fold((',', 0), |best, &(s, n)| if n > best.1 { (s, n) } else { best }).0
}

/// The rows of a CSV file, each a list of cells; blank lines are skipped. An error
/// names the line of a quote that never closes.
pub fn read_rows(text: &str) -> Result<Vec<Vec<String>>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let separator = separator(text);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut quote_line = 0;
    let mut line = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                line += usize::from(c == '\n');
                cell.push(c);
            }
            (false, '"') if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
                quote_line = line;
            }
            (false, c) if c == separator => row.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                line += 1;
                row.push(std::mem::take(&mut cell));
                if row.iter().any(|c| !c.trim().is_empty()) {
                    rows.push(std::mem::take(&mut row));
                }
                row.clear();
            }
            (false, c) => cell.push(c),
        }
    }
    if quoted {
        return Err(format!("a quote opened on line {quote_line} never closes"));
    }
    row.push(cell);
    if row.iter().any(|c| !c.trim().is_empty()) {
        rows.push(row);
    }
    Ok(rows)
}

/// Column headings taken for the agent's name, in the product's languages.
const AGENT_HEADINGS: [&str; 8] = ["agent", "name", "nom", "agente", "nome", "агент", "имя", "оператор"];

/// The agents a CSV file lists, for a bulk invite: the column headed `agent` or
/// `name` (any case, or the same word in French, Italian or Russian) when the first
/// row has one, else the first column of every row. Cells are trimmed, empty ones skipped, and the `'` that [`text_cell`]
/// puts before a formula-like name is taken off again, so a file this product
/// wrote reads back as it was.
pub fn agents_from_csv(text: &str) -> Result<Vec<String>, String> {
    let rows = read_rows(text)?;
    let Some(first) = rows.first() else { return Ok(Vec::new()) };
    let header = first.iter().position(|c| AGENT_HEADINGS.contains(&c.trim().to_lowercase().as_str()));
    let (column, skip) = match header {
        Some(column) => (column, 1),
        None => (0, 0),
    };
    Ok(rows
        .iter()
        .skip(skip)
        .filter_map(|row| row.get(column))
        .map(|cell| {
            let cell = cell.trim();
            match cell.strip_prefix('\'') {
                Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
                _ => cell.to_string(),
            }
        })
        .filter(|cell| !cell.is_empty())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_neutralised_and_quotes_doubled() {
        assert_eq!(text_cell("=1+1"), "\"'=1+1\"");
        assert_eq!(text_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(text_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(text_cell("Lyon"), "\"Lyon\"");
    }

    #[test]
    fn rows_read_quotes_line_breaks_and_both_line_ends() {
        let text = "\u{feff}agent,note\r\n\"Lima, Ana\",\"two\nlines\"\r\n\r\nBo,\"a \"\"quote\"\"\"\nLast,";
        let rows = read_rows(text).unwrap();
        assert_eq!(
            rows,
            vec![vec!["agent", "note"], vec!["Lima, Ana", "two\nlines"], vec!["Bo", "a \"quote\""], vec!["Last", ""],]
        );
        assert_eq!(read_rows("a\n\"open,\nb").unwrap_err(), "a quote opened on line 2 never closes");
        let semicolons = read_rows("Site;Nom;Note\nLyon;\"Lima; Ana\";1,5\n").unwrap();
        assert_eq!(semicolons[1], vec!["Lyon", "Lima; Ana", "1,5"]);
        assert_eq!(read_rows("a\tb\tc,d\n1\t2\t3,4").unwrap()[1], vec!["1", "2", "3,4"]);
    }

    #[test]
    fn agents_come_from_the_agent_column_or_the_first_one() {
        let ours =
            format!("agent,code,agent_url\r\n{},ABCD,https://x/t/ABCD\r\n\"Ana Lima\",EFGH,u\r\n", text_cell("=Bo"));
        assert_eq!(agents_from_csv(&ours).unwrap(), vec!["=Bo", "Ana Lima"]);
        assert_eq!(agents_from_csv("Site,Name\nLyon, Ana \nLyon,\nParis,Bo").unwrap(), vec!["Ana", "Bo"]);
        assert_eq!(agents_from_csv("Ana Lima\nBo Chen\n\n").unwrap(), vec!["Ana Lima", "Bo Chen"]);
        assert_eq!(agents_from_csv("\u{feff}Сайт;Имя\nМосква;Анна\n").unwrap(), vec!["Анна"]);
        assert!(agents_from_csv("").unwrap().is_empty());
    }
}
