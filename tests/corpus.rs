//! The labelled corpus (tests/corpus/*.jsonl) run natively: per-type span
//! recall and precision, regression floors, and "redacted output never
//! contains a detected value". The same files drive tests/score.mjs (wasm).
//!
//! `cargo test --test corpus -- --nocapture` prints the table.

use phi_guard::{utf16_to_byte, Format, Guard, PhiType};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Span {
    start: usize,
    end: usize,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Deserialize)]
struct Case {
    id: String,
    kind: String,
    text: String,
    spans: Vec<Span>,
    #[allow(dead_code)]
    reason: String,
}

fn load() -> Vec<Case> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "jsonl")).collect();
    files.sort();
    files.iter().flat_map(|f| std::fs::read_to_string(f).unwrap().lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str::<Case>(l).unwrap()).collect::<Vec<_>>()).collect()
}

fn format_of(kind: &str) -> Format {
    match kind {
        "json" => Format::Json,
        "html" => Format::Html,
        "url" => Format::Url,
        _ => Format::Text,
    }
}

#[derive(Default)]
struct Row {
    tp: u32,
    fn_: u32,
    ptp: u32,
    fp: u32,
}

#[test]
fn corpus_accuracy_and_no_value_survives_redaction() {
    let guard = Guard::default();
    let cases = load();
    assert!(cases.len() >= 1500, "corpus has {} lines", cases.len());
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    // The newer families' own totals (tp, fn, ptp, fp), as `FAMILIES`: see their floors below.
    let mut newer: Vec<Row> = FAMILIES.iter().map(|_| Row::default()).collect();
    let mut negatives_per_type: BTreeMap<String, u32> = BTreeMap::new();
    let mut leaks = Vec::new();
    for c in &cases {
        let family = FAMILIES.iter().position(|f| c.id.starts_with(f.prefix));
        let scan = guard.scan(&c.text, format_of(&c.kind));
        let gold: Vec<(usize, usize, &str)> = c
            .spans
            .iter()
            .map(|s| (utf16_to_byte(&c.text, s.start).unwrap(), utf16_to_byte(&c.text, s.end).unwrap(), s.kind.as_str()))
            .collect();
        for &(s, e, t) in &gold {
            let hit = scan.findings.iter().any(|f| f.kind.as_str() == t && f.start < e && s < f.end);
            let r = rows.entry(t.to_string()).or_default();
            if hit { r.tp += 1 } else { r.fn_ += 1 }
            if let Some(f) = family {
                if hit { newer[f].tp += 1 } else { newer[f].fn_ += 1 }
            }
            if !hit && std::env::var("PHI_MISSES").is_ok() {
                let lo = c.text.floor_char_boundary(s.saturating_sub(50));
                println!("MISS {t} {} | {}", c.id, &c.text[lo..e.min(c.text.len())]);
            }
            // Property: a value we detected (any type) never survives in the redacted output.
            let covered = scan.findings.iter().any(|f| f.start <= s && e <= f.end);
            let v = &c.text[s..e];
            if covered && v.len() >= 6 && scan.redacted.contains(v) {
                leaks.push(format!("{}: {t} survives redaction", c.id));
            }
        }
        for f in &scan.findings {
            let ok = gold.iter().any(|&(s, e, t)| f.start < e && s < f.end && (t == f.kind.as_str() || f.kind == PhiType::Url));
            let r = rows.entry(f.kind.as_str().to_string()).or_default();
            if ok { r.ptp += 1 } else { r.fp += 1 }
            if let Some(f) = family {
                if ok { newer[f].ptp += 1 } else { newer[f].fp += 1 }
            }
            if !ok && std::env::var("PHI_MISSES").is_ok() {
                let lo = c.text.floor_char_boundary(f.start.saturating_sub(50));
                println!("FP {} {} | {} <<{}>>", f.kind, c.id, &c.text[lo..f.start], &c.text[f.start..f.end]);
            }
        }
        if gold.is_empty() {
            // A clean line is a negative case for every type it does not trigger.
            for t in PhiType::ALL {
                if !scan.findings.iter().any(|f| f.kind == t) {
                    *negatives_per_type.entry(t.as_str().to_string()).or_default() += 1;
                }
            }
        }
    }
    println!("| type | recall | precision |");
    let (mut tp, mut fn_, mut ptp, mut fp) = (0, 0, 0, 0);
    for (t, r) in &rows {
        let rec = r.tp as f64 / (r.tp + r.fn_).max(1) as f64;
        let pre = r.ptp as f64 / (r.ptp + r.fp).max(1) as f64;
        println!("| {t} | {:.3} ({}/{}) | {:.3} ({}/{}) |", rec, r.tp, r.tp + r.fn_, pre, r.ptp, r.ptp + r.fp);
        tp += r.tp;
        fn_ += r.fn_;
        ptp += r.ptp;
        fp += r.fp;
    }
    let recall = tp as f64 / (tp + fn_) as f64;
    let precision = ptp as f64 / (ptp + fp) as f64;
    println!("overall recall {recall:.3} precision {precision:.3}");
    // The older families alone, and each newer one alone.
    let sum = |f: fn(&Row) -> u32| newer.iter().map(f).sum::<u32>();
    let older_recall = (tp - sum(|r| r.tp)) as f64 / (tp + fn_ - sum(|r| r.tp) - sum(|r| r.fn_)) as f64;
    let older_precision = (ptp - sum(|r| r.ptp)) as f64 / (ptp + fp - sum(|r| r.ptp) - sum(|r| r.fp)) as f64;
    println!("older families: recall {older_recall:.3} precision {older_precision:.3}");
    let measured: Vec<(f64, f64)> = newer.iter().map(|r| (r.tp as f64 / (r.tp + r.fn_).max(1) as f64, r.ptp as f64 / (r.ptp + r.fp).max(1) as f64)).collect();
    for (f, (recall, precision)) in FAMILIES.iter().zip(&measured) {
        println!("{}: recall {recall:.3} precision {precision:.3}", f.file);
    }
    // Every type has positive cases that are found and negative cases that stay clean.
    for t in PhiType::ALL {
        let r = rows.get(t.as_str()).unwrap_or_else(|| panic!("no positive case for {t}"));
        assert!(r.tp > 0, "{t}: no positive case detected");
        assert!(negatives_per_type.get(t.as_str()).copied().unwrap_or(0) > 0, "{t}: no negative case");
    }
    assert!(leaks.is_empty(), "{leaks:?}");
    // Regression floors, set just under the measured figures (see README for the current table).
    // Precision's was 0.99 until the forms-and-db family (written without the
    // detectors' source, 2026-12-06) brought false alarms the older families
    // lacked: facilities' FHIR addresses, scheduling dates, an analytics
    // session id, QC timestamps (0.990 measured with them; README's Accuracy lists them).
    assert!(older_recall >= 0.985, "older families' recall {older_recall:.3}");
    assert!(older_precision >= 0.985, "older families' precision {older_precision:.3}");
    // The newer families have floors of their own, under what each
    // measures now and raised as its misses are fixed: each was written
    // without the detectors' source and scored far lower when it landed
    // (see `FAMILIES`).
    for (f, &(recall, precision)) in FAMILIES.iter().zip(&measured) {
        assert!(recall >= f.recall, "{} recall {recall:.3}", f.file);
        assert!(precision >= f.precision, "{} precision {precision:.3}", f.file);
    }
}

/// A corpus family with floors of its own (the others share the older
/// families' floors).
struct Family {
    /// Its lines' id prefix.
    prefix: &'static str,
    /// Its file in tests/corpus (without `.jsonl`).
    file: &'static str,
    recall: f64,
    precision: f64,
}

/// The newer families and their floors.
const FAMILIES: &[Family] = &[
    // 0.335 recall and 0.877 precision when it landed (X12 was not read at
    // all, nor tables inside text); 0.901 / 0.953 after that session's
    // fixes, 0.950 / 0.977 after the next's (person records in flat files,
    // submitter contacts, quiet organisation names), 0.972 / 0.986 with
    // NCPDP D.0 transactions read by field.
    Family { prefix: "cf-", file: "claims-and-feeds", recall: 0.96, precision: 0.97 },
    // 0.858 / 0.724 when it landed (the package's scores): the clinic's own
    // mailboxes and numbers, multipart boundaries and cookies taken for
    // secrets, operation and service names for names; informal chat.
    // 0.882 / 0.966 after the fixes for those, 0.896 / 0.967 with OTLP
    // attribute arrays read (informal chat still missed).
    // 0.901 / 0.986 after the next stop's (source positions, parent ids,
    // pod names and chat clocks are no ids; percent-encoded names).
    // 0.926 / 0.987 with a message's cues read ("this is Helen", "Is this
    // Meera?", "Thanks Robert,", "hi its wei li").
    Family { prefix: "tm-", file: "telemetry-and-messages", recall: 0.92, precision: 0.975 },
    // 0.720 / 0.697 when it landed (the package's scores): C-CDA ids and
    // birth times, iCalendar dates and UIDs, DICOM dumps, vCard components
    // and spreadsheet cells missed; code display names, organisations and
    // the clinic's own addresses taken for patients'.
    // 0.855 / 0.890 after that stop's XML reader and iCalendar/vCard reader
    // (DICOM, spreadsheet cell maps, PDF text and form dumps not started).
    // 0.935 / 0.928 after the next's (DICOM prints and keys, header rows,
    // forms' blank fields); 0.945 / 0.928 with DICOM JSON's person-name
    // objects and `FAMILY^GIVEN` after a name label.
    Family { prefix: "de-", file: "documents-and-exports", recall: 0.94, precision: 0.92 },
];

/// Debug aid: `PHI_ID=json-0024 cargo test --test corpus explain -- --ignored --nocapture`
/// prints one case's gold spans and findings (with values, locally).
#[test]
#[ignore]
fn explain() {
    let Ok(id) = std::env::var("PHI_ID") else { return };
    let guard = Guard::default();
    for c in load().iter().filter(|c| id.split(',').any(|i| i == c.id)) {
        println!("== {} ({})\n{}", c.id, c.kind, c.text);
        for s in &c.spans {
            let (a, b) = (utf16_to_byte(&c.text, s.start).unwrap(), utf16_to_byte(&c.text, s.end).unwrap());
            println!("  gold {} {:?}", s.kind, &c.text[a..b]);
        }
        let scan = guard.scan(&c.text, format_of(&c.kind));
        for f in &scan.findings {
            println!("  found {} {:?} ({}, {})", f.kind, &c.text[f.start..f.end], f.detector, f.reason);
        }
        println!("  redacted: {}", scan.redacted);
    }
}
