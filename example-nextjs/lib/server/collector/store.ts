import 'server-only';
/**
 * The signal collector: what a compliance team runs to receive phi-guard
 * breach signals. For each delivery it
 *
 * 1. verifies the HMAC signature over the raw body (`verifySignature`,
 *    300 s window) — 401 otherwise;
 * 2. rejects replays — 409 when any signal id of the batch is already
 *    stored. The `signals.id` primary key is the replay guard, persisted in
 *    the database, so it holds across restarts and beyond the signature
 *    window (a replay older than 300 s already fails step 1);
 * 3. verifies each emitter's hash chain against the stored head
 *    (`verifyChain`) and records every break;
 * 4. stores the signals and de-duplicates individuals by their keyed
 *    fingerprint (never a value), all in one transaction.
 */
import { verifyChain, verifySignature, type ChainHead, type Signal } from 'phi-guard/signals';
import { SIGNING_SECRET } from '../env';
import { CLIENT_REPORT_SCHEMA, type ClientErrorReportRecord } from '../reporting';
import { query, rows, transaction } from './db';

export type IngestResult =
  | { status: 200; stored: number; chainBreaks: number }
  | { status: 400 | 401 | 409; error: string };

class Replay extends Error {}

let tail: Promise<unknown> = Promise.resolve();

/** Serialises deliveries: chain heads are read, checked and written as one step. */
function serial<T>(work: () => Promise<T>): Promise<T> {
  const run = tail.then(work);
  tail = run.catch(() => undefined);
  return run;
}

function isSignal(s: unknown): s is Signal {
  const v = s as Partial<Signal> | null;
  return !!v && typeof v === 'object' && v.schema === 'phi-guard.breach-signal/v1' && typeof v.id === 'string' && v.id.length > 0
    && v.id.length <= 100 && typeof v.emitterId === 'string' && Number.isSafeInteger(v.seq) && typeof v.hash === 'string'
    && typeof v.kind === 'string' && typeof v.severity === 'string' && Array.isArray(v.obligations);
}

function isClientReport(s: unknown): s is ClientErrorReportRecord {
  const v = s as Partial<ClientErrorReportRecord> | null;
  return !!v && typeof v === 'object' && v.schema === CLIENT_REPORT_SCHEMA && typeof v.id === 'string' && v.id.length > 0 && v.id.length <= 100
    && typeof v.route === 'string' && typeof v.discoveredAt === 'string' && !!v.redactedTypes && typeof v.redactedTypes === 'object'
    && Object.entries(v.redactedTypes).every(([k, n]) => /^[A-Z_]{2,31}$/.test(k) && Number.isSafeInteger(n));
}

/** A client error report stored like a signal: kind `client_error_report`, nothing to notify, no chain. */
function reportAsSignal(r: ClientErrorReportRecord): Signal {
  return {
    schema: 'phi-guard.breach-signal/v1', id: r.id, seq: 0, emitterId: 'relay', prevHash: null, hash: '', occurredAt: r.discoveredAt,
    discoveredAt: r.discoveredAt, drill: false, channel: 'client_error', route: r.route.slice(0, 200), runtime: String(r.runtime).slice(0, 20),
    deployment: null, region: null, kind: 'client_error_report' as Signal['kind'], severity: 'info', notification: 'not_required',
    mitigation: 'redacted', reasons: ['error report redacted in the browser before it was sent'],
    identifierTypes: r.redactedTypes as Signal['identifierTypes'], counts: { findings: 0, individuals: 0, records: 0 },
    fingerprints: { individuals: [], identifiers: [] }, obligations: [],
  };
}

async function note(outcome: string): Promise<void> {
  await transaction((db) => db.run('INSERT INTO deliveries (received_at, outcome) VALUES (?, ?)', [new Date().toISOString(), outcome]));
}

/**
 * Handles one delivery (`POST /api/collector/signals`).
 *
 * @example
 * const result = await ingest(await request.text(), request.headers);
 */
export function ingest(body: string, headers: Headers): Promise<IngestResult> {
  return serial(async () => {
    const verdict = await verifySignature(body, headers, SIGNING_SECRET);
    if (!verdict.ok) {
      await note(verdict.reason);
      return { status: 401, error: verdict.reason };
    }
    let signals: Signal[];
    let all: Signal[];
    const reports = new Set<string>();
    try {
      const parsed = JSON.parse(body) as { signals?: unknown };
      if (!Array.isArray(parsed.signals) || parsed.signals.length === 0) throw new Error('shape');
      all = parsed.signals.map((s: unknown) => {
        if (isSignal(s)) return s;
        if (isClientReport(s)) { reports.add(s.id); return reportAsSignal(s); }
        throw new Error('shape');
      });
      signals = all.filter((s) => !reports.has(s.id));
    } catch {
      await note('malformed');
      return { status: 400, error: 'malformed_delivery' };
    }
    const ids = all.map((s) => s.id);
    const known = await query<{ n: number }>(`SELECT COUNT(*) AS n FROM signals WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
    if (Number(known[0]?.n ?? 0) > 0 || new Set(ids).size !== ids.length) {
      await note('replay');
      return { status: 409, error: 'replay' };
    }

    const emitters = [...new Set(signals.map((s) => s.emitterId))];
    const heads: Record<string, ChainHead> = {};
    if (emitters.length) for (const h of await query<{ emitter_id: string; seq: number; hash: string }>(
      `SELECT emitter_id, seq, hash FROM chain_heads WHERE emitter_id IN (${emitters.map(() => '?').join(',')})`, emitters)) {
      heads[h.emitter_id] = { seq: Number(h.seq), hash: h.hash };
    }
    const report = signals.length ? await verifyChain(signals, { heads }) : { ok: true, breaks: [], heads: {} };

    try {
      await transaction((db) => {
        // Checked again inside the transaction, so the check and the insert are one step.
        if (rows(db, `SELECT 1 FROM signals WHERE id IN (${ids.map(() => '?').join(',')}) LIMIT 1`, ids).length) throw new Replay();
        const now = new Date().toISOString();
        for (const s of all) {
          const prints = [...new Set(s.fingerprints?.individuals ?? [])].filter((f) => typeof f === 'string' && /^[0-9a-f]{8,64}$/.test(f));
          db.run(
            `INSERT INTO signals (id, emitter_id, seq, hash, kind, severity, channel, route, drill, notification, individuals, discovered_at, received_at, body)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [s.id, s.emitterId, s.seq, s.hash, s.kind, s.severity, String(s.channel), String(s.route), s.drill ? 1 : 0,
              String(s.notification), prints.length || Number(s.counts?.individuals ?? 0), String(s.discoveredAt), now, JSON.stringify(s)],
          );
          for (const f of prints) {
            db.run('INSERT OR IGNORE INTO individuals (fingerprint, first_signal, first_seen) VALUES (?, ?, ?)', [f, s.id, now]);
            db.run('INSERT OR IGNORE INTO signal_individuals (signal_id, fingerprint) VALUES (?, ?)', [s.id, f]);
          }
        }
        for (const b of report.breaks) {
          db.run('INSERT INTO chain_breaks (emitter_id, seq, reason, detected_at) VALUES (?, ?, ?, ?)', [b.emitterId, b.seq, b.reason, now]);
        }
        for (const [emitter, head] of Object.entries(report.heads)) {
          db.run('INSERT INTO chain_heads (emitter_id, seq, hash) VALUES (?, ?, ?) ON CONFLICT(emitter_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
            [emitter, head.seq, head.hash]);
        }
        db.run('INSERT INTO deliveries (received_at, outcome) VALUES (?, ?)', [now, 'stored']);
      });
    } catch (e) {
      if (e instanceof Replay) { await note('replay'); return { status: 409, error: 'replay' }; }
      throw e;
    }
    return { status: 200, stored: all.length, chainBreaks: report.breaks.length };
  });
}

/** One incident as the dashboard and `GET /api/collector/incidents` show it. */
export interface Incident {
  id: string;
  kind: Signal['kind'];
  severity: Signal['severity'];
  notification: Signal['notification'];
  channel: string;
  route: string;
  runtime: string;
  mitigation: string;
  drill: boolean;
  /** Distinct individuals in this incident (by fingerprint). */
  individuals: number;
  /** Of those, how many no earlier incident had already exposed. */
  newIndividuals: number;
  identifierTypes: Signal['identifierTypes'];
  obligations: Signal['obligations'];
  discoveredAt: string;
  receivedAt: string;
  emitterId: string;
  seq: number;
}

export interface IncidentReport {
  incidents: Incident[];
  chain: { ok: boolean; emitters: number; breaks: { emitterId: string; seq: number; reason: string; detectedAt: string }[] };
  totals: {
    incidents: number;
    open: number;
    drills: number;
    /** Distinct individuals over real (non-drill) incidents, de-duplicated by fingerprint. */
    individuals: number;
    bySeverity: Record<string, number>;
    deliveries: Record<string, number>;
  };
  generatedAt: string;
}

/** Everything the dashboard shows, newest incident first. */
export async function incidentReport(limit = 200): Promise<IncidentReport> {
  const signals = await query<{ body: string; individuals: number; received_at: string; drill: number; resolved_at: string | null }>(
    'SELECT body, individuals, received_at, drill, resolved_at FROM signals ORDER BY received_at DESC, seq DESC LIMIT ?', [limit]);
  const firsts = await query<{ first_signal: string; n: number }>('SELECT first_signal, COUNT(*) AS n FROM individuals GROUP BY first_signal');
  const firstBy = new Map(firsts.map((r) => [r.first_signal, Number(r.n)]));
  const incidents: Incident[] = signals.map((r) => {
    const s = JSON.parse(r.body) as Signal;
    return {
      id: s.id, kind: s.kind, severity: s.severity, notification: s.notification, channel: s.channel, route: s.route,
      runtime: s.runtime, mitigation: s.mitigation, drill: r.drill === 1, individuals: Number(r.individuals),
      newIndividuals: firstBy.get(s.id) ?? 0, identifierTypes: s.identifierTypes, obligations: s.obligations,
      discoveredAt: s.discoveredAt, receivedAt: r.received_at, emitterId: s.emitterId, seq: s.seq,
    };
  });
  const breaks = await query<{ emitter_id: string; seq: number; reason: string; detected_at: string }>(
    'SELECT emitter_id, seq, reason, detected_at FROM chain_breaks ORDER BY detected_at');
  const emitters = await query<{ n: number }>('SELECT COUNT(*) AS n FROM chain_heads');
  const [counts] = await query<{ total: number; open: number; drills: number }>(
    'SELECT COUNT(*) AS total, SUM(CASE WHEN resolved_at IS NULL THEN 1 ELSE 0 END) AS open, SUM(drill) AS drills FROM signals');
  const [people] = await query<{ n: number }>(
    'SELECT COUNT(DISTINCT si.fingerprint) AS n FROM signal_individuals si JOIN signals s ON s.id = si.signal_id WHERE s.drill = 0');
  const severity = await query<{ severity: string; n: number }>('SELECT severity, COUNT(*) AS n FROM signals WHERE drill = 0 GROUP BY severity');
  const deliveries = await query<{ outcome: string; n: number }>('SELECT outcome, COUNT(*) AS n FROM deliveries GROUP BY outcome');
  return {
    incidents,
    chain: {
      ok: breaks.length === 0,
      emitters: Number(emitters[0]?.n ?? 0),
      breaks: breaks.map((b) => ({ emitterId: b.emitter_id, seq: Number(b.seq), reason: b.reason, detectedAt: b.detected_at })),
    },
    totals: {
      incidents: Number(counts?.total ?? 0),
      open: Number(counts?.open ?? 0),
      drills: Number(counts?.drills ?? 0),
      individuals: Number(people?.n ?? 0),
      bySeverity: Object.fromEntries(severity.map((r) => [r.severity, Number(r.n)])),
      deliveries: Object.fromEntries(deliveries.map((r) => [r.outcome, Number(r.n)])),
    },
    generatedAt: new Date().toISOString(),
  };
}
