//! SQL statements logged with their bound parameters apart from them. An
//! ORM or Postgres writes the statement with placeholders and the values
//! after it, where no label stands before any value:
//!
//! ```text
//! LOG:  execute <unnamed>: SELECT id FROM patients WHERE last_name = $1 AND dob = $2
//! DETAIL:  parameters: $1 = 'Banks', $2 = '1932-03-05'
//!
//! query: 'INSERT INTO "patient"("first_name", "dob") VALUES ($1, $2)',
//! parameters: [ 'Guadalupe', '1953-09-09' ],
//! ```
//!
//! The column a placeholder stands for is the label of the value bound to
//! it, as a JSON key is of its value: [`bound_value`] says where that value
//! starts, and the labelled values' pass reads it there as it reads any
//! value after its label.

use crate::labels::LabelHit;

/// How far after a column its statement's parameters may start (the rest
/// of a statement and the line that lists them).
const PARAMETERS_WITHIN: usize = 2048;

/// Where the value bound to the column that the label `l` names starts,
/// when a logged statement binds it to a placeholder and the parameters
/// follow (see the module's doc), or None:
/// - `col = $2` (a comparison, as in a `WHERE` or `SET`): placeholder 2;
/// - `INSERT INTO t (a, col) VALUES ($1, $2)`: the placeholder in the
///   column's place, or the literal there (`VALUES ('Maria', …)` needs no
///   parameters).
///
/// The parameters are the first `parameters:` or `params=` (any case,
/// [`parameters_after`]) after the column: a list, `[ 'a', 'b' ]` or
/// `["a","b"]`, whose item n is placeholder n's, or Postgres's
/// `$1 = 'a', $2 = 'b'`. A quoted value starts after its quote.
///
/// The INSERT's column list is looked for only in a text that holds a
/// `VALUES (` (`values_list`, from the digit index's marks): in a log,
/// labels followed by a comma are many, and each would be looked around
/// 512 bytes both ways.
#[inline(never)]
pub(crate) fn bound_value(b: &[u8], l: &LabelHit, values_list: bool) -> Option<usize> {
    // A quoted column name: past its closing quote.
    let after = l.end + usize::from(matches!(b.get(l.end), Some(b'"' | b'`')));
    match b.get(after)? {
        b' ' | b'=' => placeholder(b, skip_spaces(b, after)).and_then(|(n, _)| parameter(b, after, n)),
        b',' | b')' if values_list => inserted(b, l, after),
        _ => None,
    }
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    i
}

/// `= $n` at `i` (spaces around the `=`): n, and where it ends.
fn placeholder(b: &[u8], i: usize) -> Option<(usize, usize)> {
    if b.get(i) != Some(&b'=') {
        return None;
    }
    let i = skip_spaces(b, i + 1);
    dollar(b, i)
}

/// `$n` at `i`: n (1 to 99999; Postgres numbers them up to 65535), and where it ends.
fn dollar(b: &[u8], i: usize) -> Option<(usize, usize)> {
    if b.get(i) != Some(&b'$') {
        return None;
    }
    let (mut n, mut end) = (0usize, i + 1);
    while let Some(&c @ b'0'..=b'9') = b.get(end) {
        // Saturating: a run of digits longer than a placeholder's (refused
        // below) overflowed (found by fuzz-short's classify target).
        n = n.saturating_mul(10).saturating_add(usize::from(c - b'0'));
        end += 1;
    }
    (n >= 1 && end - i <= 6).then_some((n, end))
}

/// The column list of an `INSERT INTO t (…) VALUES (…)` around the label
/// `l` (`after` is past its quote): the value in its place, or the
/// parameter its placeholder there binds.
fn inserted(b: &[u8], l: &LabelHit, after: usize) -> Option<usize> {
    let column = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b',' | b' ' | b'"' | b'`');
    let open = l.start - b[l.start.saturating_sub(512)..l.start].iter().rev().take_while(|c| column(c)).count();
    if open == 0 || b[open - 1] != b'(' || !inserts_into(b, open - 1) {
        return None;
    }
    let index = b[open..l.start].iter().filter(|&&c| c == b',').count();
    let close = after + b[after..].iter().take(512).take_while(|c| column(c)).count();
    if b.get(close) != Some(&b')') {
        return None;
    }
    let values = skip_spaces(b, close + 1);
    let rest = b.get(values..values + 6)?;
    if !rest.eq_ignore_ascii_case(b"values") {
        return None;
    }
    let list = skip_spaces(b, values + 6);
    if b.get(list) != Some(&b'(') {
        return None;
    }
    let item = nth_item(b, list + 1, index, b')')?;
    match dollar(b, item) {
        Some((n, _)) => parameter(b, item, n),
        // A literal in the statement itself.
        None => Some(item + usize::from(matches!(b[item], b'\'' | b'"'))),
    }
}

/// Whether the `(` at `paren` opens the column list of `INSERT INTO t`
/// (`t` quoted or not, with its schema; any case).
fn inserts_into(b: &[u8], paren: usize) -> bool {
    let name = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'"' | b'`');
    let end = b[..paren].iter().rposition(|&c| c != b' ').map_or(0, |i| i + 1);
    let start = end - b[end.saturating_sub(128)..end].iter().rev().take_while(|c| name(c)).count();
    start > end.saturating_sub(128) && start < end && b[..start].len() >= 5 && b[start - 5..start].eq_ignore_ascii_case(b"into ")
}

/// Where the value of placeholder `n` starts in the parameters listed
/// after `from` ([`parameters_after`]).
fn parameter(b: &[u8], from: usize, n: usize) -> Option<usize> {
    let Some(i) = parameters_after(b, from) else {
        return failing_row_item(b, from, n);
    };
    let i = skip_spaces(b, i);
    match b.get(i)? {
        b'[' => nth_item(b, i + 1, n - 1, b']').map(|v| v + usize::from(matches!(b[v], b'\'' | b'"'))),
        b'$' => {
            // `$1 = 'a', $2 = 'b'`: each pair read in turn, on this line.
            let mut i = i;
            loop {
                let (k, end) = dollar(b, i)?;
                let v = skip_spaces(b, end);
                let v = skip_spaces(b, v + usize::from(b.get(v) == Some(&b'=')));
                if k == n {
                    return Some(v + usize::from(b.get(v) == Some(&b'\'')));
                }
                let next = item_end(b, v)?;
                if b.get(next) != Some(&b',') {
                    return None;
                }
                i = skip_spaces(b, next + 1);
            }
        }
        _ => None,
    }
}

/// With no parameters listed, the row the statement would have written,
/// when Postgres rejected it and the error quotes it (TypeORM's
/// `QueryFailedError` carries the statement, then the driver's `detail:
/// 'Failing row contains (81389, pat_g6hzz5dxq3, …)'`): its columns are the
/// table's, in order, which for an `INSERT` naming every column is the
/// statement's order, so placeholder `n` is item `n`. Where item `n`
/// starts, looked for in [`PARAMETERS_WITHIN`] bytes after `from`.
fn failing_row_item(b: &[u8], from: usize, n: usize) -> Option<usize> {
    let row = super::FAILING_ROW;
    let at = b[from..b.len().min(from + PARAMETERS_WITHIN)].windows(row.len() + 1).position(|w| w[..row.len()] == *row && w[row.len()] == b'(')?;
    nth_item(b, from + at + row.len() + 1, n - 1, b')')
}

/// Where the parameters a statement's placeholders bind start: after the
/// first `parameters` or `params` (any case, a word of its own) and its
/// `:` or `=`, from `from` to the end of the next line (Postgres and
/// TypeORM list them on the line after the statement, Prisma on its own),
/// and at most [`PARAMETERS_WITHIN`] bytes. The words are looked for at
/// each `p`: a search of the window for them cost a log with a few dozen
/// such statements 6% of its scan.
fn parameters_after(b: &[u8], from: usize) -> Option<usize> {
    let mut end = b.len().min(from + PARAMETERS_WITHIN);
    if let Some(first) = b[from..end].iter().position(|&c| c == b'\n') {
        end = b[from + first + 1..end].iter().position(|&c| c == b'\n').map_or(end, |second| from + first + 1 + second);
    }
    let mut i = from;
    while let Some(p) = b[i..end].iter().position(|&c| c | 0x20 == b'p') {
        let at = i + p;
        i = at + 1;
        if at > 0 && b[at - 1].is_ascii_alphanumeric() {
            continue;
        }
        let Some(word) = [&b"parameters"[..], b"params"].into_iter().find(|w| b.get(at..at + w.len()).is_some_and(|x| x.eq_ignore_ascii_case(w))) else {
            continue;
        };
        let after = skip_spaces(b, at + word.len());
        if matches!(b.get(after), Some(b':' | b'=')) {
            return Some(after + 1);
        }
    }
    None
}

/// Where item `k` (from 0) of a comma-separated list that starts at `i`
/// and ends at `close` starts (past spaces), its items quoted with `'` or
/// `"` (a quote doubled or after a backslash is inside) or bare.
fn nth_item(b: &[u8], mut i: usize, k: usize, close: u8) -> Option<usize> {
    for _ in 0..k {
        i = item_end(b, skip_spaces(b, i))?;
        if b.get(i) != Some(&b',') {
            return None;
        }
        i += 1;
    }
    let i = skip_spaces(b, i);
    (b.get(i).is_some_and(|&c| c != close && c != b'\n')).then_some(i)
}

/// The end of the list item at `i`: past a quoted one's closing quote and
/// spaces, or at a bare one's `,`, `]`, `)` or line end. None when a quote
/// does not close on its line, or the line ends first.
fn item_end(b: &[u8], mut i: usize) -> Option<usize> {
    match b.get(i)? {
        &q @ (b'\'' | b'"') => {
            i += 1;
            loop {
                match *b.get(i)? {
                    b'\\' => i += 2,
                    b'\n' => return None,
                    c if c == q && b.get(i + 1) == Some(&q) => i += 2,
                    c if c == q => return Some(skip_spaces(b, i + 1)),
                    _ => i += 1,
                }
            }
        }
        _ => {
            let n = b[i..].iter().take_while(|c| !matches!(c, b',' | b']' | b')' | b'\n')).count();
            (i + n < b.len() && b[i + n] != b'\n').then_some(i + n)
        }
    }
}

#[cfg(test)]
mod tests {
    /// A `$` before more digits than fit a number is no placeholder, and
    /// reading them does not overflow.
    #[test]
    fn long_digit_runs_after_a_dollar_are_no_placeholder() {
        let long = format!("${}", "9".repeat(40));
        assert_eq!(super::dollar(long.as_bytes(), 0), None);
        assert_eq!(super::dollar(b"$12", 0), Some((12, 3)));
    }

    use crate::detect::assert_redacts;
    use crate::Format;

    /// Each value is read under its column's name: in a comparison with
    /// Postgres's `$n = '…'` parameters, and in an INSERT's column list
    /// with a list of parameters or literals. Each text's redaction, exactly.
    #[test]
    fn bound_parameters_are_read_under_their_columns() {
        assert_redacts(
            Format::Text,
            &[
                (
                    "LOG:  execute <unnamed>: SELECT id FROM patients WHERE last_name = $1 AND first_name = $2 AND dob = $3\nDETAIL:  parameters: $1 = 'Banks', $2 = 'Jalen', $3 = '1932-03-05'",
                    "LOG:  execute <unnamed>: SELECT id FROM patients WHERE last_name = $1 AND first_name = $2 AND dob = $3\nDETAIL:  parameters: $1 = '[NAME]', $2 = '[NAME]', $3 = '[DATE]'",
                ),
                (
                    "QueryFailedError: duplicate key value violates unique constraint\n  query: 'INSERT INTO \"patient\"(\"first_name\", \"last_name\", \"dob\", \"email\") VALUES ($1, $2, $3, $4) RETURNING \"id\"',\n  parameters: [ 'Guadalupe', 'Rodríguez Flores', '1953-09-09', 'gr353@example.com' ],",
                    "QueryFailedError: duplicate key value violates unique constraint\n  query: 'INSERT INTO \"patient\"(\"first_name\", \"last_name\", \"dob\", \"email\") VALUES ($1, $2, $3, $4) RETURNING \"id\"',\n  parameters: [ '[NAME]', '[NAME]', '[DATE]', '[EMAIL]' ],",
                ),
                // Placeholders out of order, a JSON list, a bare number between.
                (
                    "query: INSERT INTO patients (id, last_name, first_name) VALUES ($3, $2, $1) -- PARAMETERS: [\"Maria\",\"Quibble\",42]",
                    "query: INSERT INTO patients (id, last_name, first_name) VALUES ($3, $2, $1) -- PARAMETERS: [\"[NAME]\",\"[NAME]\",42]",
                ),
                // Prisma's query log: the list on the statement's line.
                (
                    "prisma:query SELECT \"public\".\"Patient\".\"id\" FROM \"public\".\"Patient\" WHERE \"public\".\"Patient\".\"ssn\" = $1 LIMIT $2 OFFSET $3 params=[\"219099999\",1,0]",
                    "prisma:query SELECT \"public\".\"Patient\".\"id\" FROM \"public\".\"Patient\" WHERE \"public\".\"Patient\".\"ssn\" = $1 LIMIT $2 OFFSET $3 params=[\"[SSN]\",1,0]",
                ),
                // Literals in the statement.
                ("INSERT INTO patients (first_name, dob) VALUES ('Darnell', '2003-11-14')", "INSERT INTO patients (first_name, dob) VALUES ('[NAME]', '[DATE]')"),
                // No parameters, but the row Postgres rejected, quoted in
                // the driver's detail: item n under column n.
                (
                    "QueryFailedError: null value in column \"status\" violates not-null constraint\n  query: 'INSERT INTO \"visits\"(\"id\", \"patient_id\", \"reason\", \"status\") VALUES ($1, $2, $3, $4)',\n  code: '23502',\n  detail: 'Failing row contains (5120, qx_7kd2mw9pl, follow-up, null).'",
                    "QueryFailedError: null value in column \"status\" violates not-null constraint\n  query: 'INSERT INTO \"visits\"(\"id\", \"patient_id\", \"reason\", \"status\") VALUES ($1, $2, $3, $4)',\n  code: '23502',\n  detail: 'Failing row contains (5120, [OTHER_ID], follow-up, null).'",
                ),
            ],
        );
    }

    /// What is not a bound value stays as it was: a placeholder with no
    /// parameters after it, a number past the list's end, a column list
    /// that is no INSERT's, and an id column's integer.
    #[test]
    fn what_is_not_bound_stays() {
        for text in [
            "SELECT id FROM patients WHERE last_name = $1 AND dob = $2",
            "SELECT id FROM patients WHERE last_name = $3\nDETAIL:  parameters: $1 = 'x', $2 = 'y'",
            "UPDATE patients SET last_name = $2 WHERE id = $1 parameters: [ 42 ]",
            // Parameters two lines on, or a word that only ends in params.
            "SELECT 1 FROM patients WHERE last_name = $1\nLOG:  duration: 2 ms\nDETAIL:  parameters: $1 = 'Banks'",
            "SELECT 1 FROM patients WHERE last_name = $1 urlparams=['Banks']",
            "CREATE INDEX ON patients (last_name, first_name)",
            "INSERT INTO visits (id, patient_id) VALUES ($1, $2) parameters: [ 17, 23 ]",
            // A failing row with fewer items than the placeholder's number.
            "INSERT INTO visits (id, patient_id) VALUES ($1, $2)\nDETAIL:  Failing row contains (17).",
        ] {
            assert_redacts(Format::Text, &[(text, text)]);
        }
    }
}
