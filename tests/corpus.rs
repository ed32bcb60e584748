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
    // The claims-and-feeds family's own totals (tp, fn, ptp, fp): see its floors below.
    let mut newest = Row::default();
    let mut negatives_per_type: BTreeMap<String, u32> = BTreeMap::new();
    let mut leaks = Vec::new();
    for c in &cases {
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
            if c.id.starts_with(NEWEST) {
                if hit { newest.tp += 1 } else { newest.fn_ += 1 }
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
            if c.id.starts_with(NEWEST) {
                if ok { newest.ptp += 1 } else { newest.fp += 1 }
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
    // The older families alone, and the newest alone.
    let older_recall = (tp - newest.tp) as f64 / (tp + fn_ - newest.tp - newest.fn_) as f64;
    let older_precision = (ptp - newest.ptp) as f64 / (ptp + fp - newest.ptp - newest.fp) as f64;
    let newest_recall = newest.tp as f64 / (newest.tp + newest.fn_).max(1) as f64;
    let newest_precision = newest.ptp as f64 / (newest.ptp + newest.fp).max(1) as f64;
    println!("older families: recall {older_recall:.3} precision {older_precision:.3}; {NEWEST}: recall {newest_recall:.3} precision {newest_precision:.3}");
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
    // The newest family has floors of its own, under what it measures now
    // and raised as its misses are fixed: written without the detectors'
    // source, it scored 0.335 recall and 0.877 precision when it landed
    // (X12 was not read at all, nor tables inside text), FAMILY_RECALL and
    // FAMILY_PRECISION under what the next session's fixes measure
    // (0.950 and 0.977: person records in flat files, submitter contacts,
    // quiet organisation names).
    assert!(newest_recall >= FAMILY_RECALL, "{NEWEST} recall {newest_recall:.3}");
    assert!(newest_precision >= FAMILY_PRECISION, "{NEWEST} precision {newest_precision:.3}");
}

/// The id prefix of the newest corpus family (tests/corpus/claims-and-feeds.jsonl).
const NEWEST: &str = "cf-";
/// Its floors (see the test).
const FAMILY_RECALL: f64 = 0.94;
const FAMILY_PRECISION: f64 = 0.97;

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
