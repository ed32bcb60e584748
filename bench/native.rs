//! `make bench`, native half: throughput of the pure Rust core on the inputs
//! written by `bench/inputs.mjs`, and the cost of each detector family.
//!
//! A plain timed loop rather than a harness: one warm-up call, then calls
//! until a time budget is spent (at least three), and the median per call.
//! Built with the `bench-native` profile (opt-level 3, the speed a server
//! deployment of the core would get):
//!
//! On x86-64, `make bench` (bench/run.sh) builds it for CPUs with SSSE3:
//!
//! ```sh
//! RUSTFLAGS="-C target-feature=+ssse3" cargo bench --profile bench-native --bench native -- bench/out/inputs/manifest.json bench/out/native.json
//! ```

use phi_guard::{Config, Format, Guard, REGISTRY};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Longest single call the bench is willing to wait for.
const MAX_PREDICTED_SECS: f64 = 30.0;

/// Median seconds per call of `f`, and how many timed calls that took.
fn time(mut f: impl FnMut(), budget: Duration) -> (f64, usize) {
    let warm = Instant::now();
    f(); // warm-up: lazily built tables (names, labels), caches, page faults
    // A call slower than the whole budget is timed once more and no more.
    let min = if warm.elapsed() > budget { 1 } else { 3 };
    let mut samples = Vec::new();
    let start = Instant::now();
    while samples.len() < min || (start.elapsed() < budget && samples.len() < 10_000) {
        let t = Instant::now();
        f();
        samples.push(t.elapsed().as_secs_f64());
    }
    samples.sort_by(|a, b| a.total_cmp(b));
    (samples[samples.len() / 2], samples.len())
}

/// Seconds one call on `bytes` should take, extrapolated from earlier
/// `(bytes, seconds)` points with the growth exponent of the last two (at
/// least linear). 0 when there is nothing to go on.
fn predict(points: &[(f64, f64)], bytes: f64) -> f64 {
    match points {
        [.., (b1, s1), (b2, s2)] => {
            let k = ((s2 / s1).ln() / (b2 / b1).ln()).max(1.0);
            s2 * (bytes / b2).powf(k)
        }
        [(b, s)] => s * bytes / b,
        [] => 0.0,
    }
}

/// A guard with every detector off except `keep` (all off for `None`).
fn guard_with_only(keep: Option<&str>) -> Guard {
    let config = Config {
        disable_detectors: REGISTRY.iter().map(|(id, _, _)| id.to_string()).filter(|id| Some(id.as_str()) != keep).collect(),
        ..Config::default()
    };
    Guard::new(config).expect("detector ids come from the registry")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let (manifest, out) = match args.as_slice() {
        [m, o, ..] => (m.clone(), o.clone()),
        _ => {
            eprintln!("usage: native <manifest.json> <out.json>");
            std::process::exit(2);
        }
    };
    let items: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&manifest).expect("read manifest")).expect("manifest is JSON");
    let guard = Guard::default();
    let budget = Duration::from_millis(400);
    let mut throughput = Vec::new();
    let mut families = Vec::new();
    // The cost growth seen between the two previous sizes of each family
    // predicts the next size; one predicted past MAX_PREDICTED_SECS is skipped
    // and reported as such (superlinear cost would stall the run for hours).
    let mut seen: std::collections::HashMap<String, Vec<(f64, f64)>> = Default::default();
    for item in &items {
        let name = item["name"].as_str().unwrap_or_default();
        let family = item["family"].as_str().unwrap_or_default().to_string();
        let file = item["file"].as_str().unwrap_or_default();
        let format: Format = item["format"].as_str().unwrap_or("text").parse().expect("known format");
        let text = std::fs::read_to_string(file).expect("read input");
        // The input and its variants (bench/inputs.mjs: VARIETY), which the
        // timed loop cycles through so that no short text is learned.
        let mut texts = vec![text.clone()];
        if let Some(v) = item["variants"].as_str() {
            let more: Vec<String> = serde_json::from_str(&std::fs::read_to_string(v).expect("read variants")).expect("variants are a JSON array of strings");
            texts.extend(more);
        }
        let bytes = texts.iter().map(String::len).sum::<usize>() as f64 / texts.len() as f64;
        let mb = bytes / (1024.0 * 1024.0);
        let predicted = predict(seen.get(&family).map_or(&[][..], Vec::as_slice), bytes);
        if predicted > MAX_PREDICTED_SECS {
            eprintln!("[bench native] {name:<18} skipped: predicted {predicted:.0} s per call");
            throughput.push(json!({ "name": name, "bytes": text.len(), "skipped": format!("predicted {predicted:.0} s per call from the smaller sizes") }));
            continue;
        }
        let findings = guard.scan(&text, format).findings.len();
        // A `lines` input: a call a line of each text (a logger's wrapper).
        let lines: Vec<Vec<&str>> = if item["lines"].as_bool() == Some(true) { texts.iter().map(|t| t.split('\n').collect()).collect() } else { Vec::new() };
        let mut next = 0;
        let (secs, iters) = time(
            || {
                if lines.is_empty() {
                    drop(std::hint::black_box(guard.scan(&texts[next % texts.len()], format)));
                } else {
                    for line in &lines[next % lines.len()] {
                        drop(std::hint::black_box(guard.scan(line, format)));
                    }
                }
                next += 1;
            },
            budget,
        );
        seen.entry(family).or_default().push((bytes, secs));
        eprintln!("[bench native] {name:<18} {:>8.1} MB/s  ({iters} runs of {} texts)", mb / secs, texts.len());
        throughput.push(json!({ "name": name, "bytes": bytes, "texts": texts.len(), "medianMs": secs * 1e3, "mbPerSec": mb / secs, "runs": iters, "findings": findings }));

        // Cost per detector family on the 1 MB inputs: time with only that
        // detector on, minus the time with every detector off (the base:
        // format walk, label scan, overlap resolution, redaction).
        if name.ends_with("-1MB") {
            let base = guard_with_only(None);
            let (base_s, _) = time(|| drop(std::hint::black_box(base.scan(&text, format))), budget);
            let mut rows = vec![json!({ "detector": "(base)", "ms": base_s * 1e3 })];
            for (id, family, _) in REGISTRY {
                let g = guard_with_only(Some(id));
                let (s, _) = time(|| drop(std::hint::black_box(g.scan(&text, format))), budget);
                rows.push(json!({ "detector": id, "family": family, "ms": (s - base_s).max(0.0) * 1e3 }));
            }
            families.push(json!({ "input": name, "allMs": secs * 1e3, "rows": rows }));
        }
    }
    let res = json!({ "profile": "bench-native", "throughput": throughput, "detectorCost": families });
    std::fs::write(&out, serde_json::to_string_pretty(&res).expect("serialise")).expect("write results");
}
