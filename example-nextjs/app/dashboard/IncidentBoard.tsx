'use client';
import { useEffect, useState } from 'react';
import type { Incident, IncidentReport } from '@/lib/server/collector/store';

const POLL_MS = 5000;

const KIND_LABEL: Record<string, string> = {
  unauthorized_disclosure: 'Unauthorized disclosure',
  policy_violation: 'Policy violation',
  phi_in_url: 'PHI in URL',
  phi_in_logs: 'PHI in logs',
  phi_in_error: 'PHI in error report',
  authorized_access: 'Authorized access',
  no_phi: 'No PHI',
  guard_failure: 'Guard failure',
  client_error_report: 'Error report, PHI redacted in the browser',
};

const OBLIGATION_LABEL: Record<string, string> = {
  individual_notice: 'Individual notice',
  hhs_notice: 'HHS notice',
  media_notice: 'Media notice',
  gdpr_art33: 'GDPR Art. 33 (72 h)',
  state_notice: 'State notice',
};

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'];

function formatDue(iso: string): string {
  const d = new Date(iso);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/** "in 59 days 23 h", "in 71 h 58 min", "overdue by 2 days 3 h" — words, not colour. */
export function countdown(iso: string, now: number): { text: string; overdue: boolean } {
  let ms = new Date(iso).getTime() - now;
  const overdue = ms < 0;
  ms = Math.abs(ms);
  const days = Math.floor(ms / 86_400_000);
  const hours = Math.floor((ms % 86_400_000) / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const span = days >= 3 ? `${days} days ${hours} h` : `${days * 24 + hours} h ${minutes} min`;
  return { text: overdue ? `overdue by ${span}` : `in ${span}`, overdue };
}

function Deadlines({ incident, now }: { incident: Incident; now: number }) {
  const due = incident.obligations;
  if (due.length === 0) return <span className="muted">None</span>;
  return (
    <ul className="deadlines">
      {due.map((o) => {
        const c = countdown(o.dueBy, now);
        const label = `${OBLIGATION_LABEL[o.kind] ?? o.kind}${o.state ? ` (${o.state})` : ''}`;
        return (
          <li key={`${o.kind}-${o.state ?? ''}`} data-obligation={o.kind}>
            <strong>{label}</strong>{' '}
            <span className={c.overdue ? 'overdue' : undefined}>{c.text}</span>
            <br />
            <span className="due">
              due <time dateTime={o.dueBy}>{formatDue(o.dueBy)}</time>
              {o.required === false ? ' · if the risk assessment finds a breach' : ' · required'}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

export function IncidentBoard({ initial, drillSent }: { initial: IncidentReport; drillSent: boolean }) {
  const [report, setReport] = useState(initial);
  // Start from the server's clock so the first client render matches the HTML.
  const [now, setNow] = useState(() => new Date(initial.generatedAt).getTime());
  const [stale, setStale] = useState(false);

  useEffect(() => {
    let live = true;
    const poll = async () => {
      try {
        const res = await fetch('/api/collector/incidents', { cache: 'no-store' });
        if (!res.ok) throw new Error(String(res.status));
        const next = (await res.json()) as IncidentReport;
        if (live) { setReport(next); setStale(false); }
      } catch {
        if (live) setStale(true);
      }
    };
    setNow(Date.now());
    const timer = setInterval(() => { void poll(); setNow(Date.now()); }, POLL_MS);
    return () => { live = false; clearInterval(timer); };
  }, []);

  const open = report.incidents.filter((i) => !i.drill);
  const drills = report.incidents.filter((i) => i.drill);
  const worst = SEVERITY_ORDER.find((s) => (report.totals.bySeverity[s] ?? 0) > 0);

  return (
    <>
      {drillSent ? <p className="notice" role="status">Breach drill sent. It appears below, labelled Drill.</p> : null}
      <section aria-labelledby="h-summary">
        <h2 id="h-summary">Summary</h2>
        <div className="stats">
          <div className="stat"><span className="value">{open.length}</span><span className="label">Open incidents</span></div>
          <div className="stat"><span className="value">{report.totals.individuals}</span><span className="label">Affected individuals (de-duplicated)</span></div>
          <div className="stat">
            <span className="value">{worst ? <span className={`badge sev-${worst}`}>{worst.toUpperCase()}</span> : 'None'}</span>
            <span className="label">Highest severity</span>
          </div>
          <div className="stat" data-testid="chain-status">
            <span className={`value ${report.chain.ok ? 'status-ok' : 'status-bad'}`}>
              {report.chain.ok ? '✓ Chain intact' : '✗ Chain broken'}
            </span>
            <span className="label">Signal hash chain, {report.chain.emitters} {report.chain.emitters === 1 ? 'emitter' : 'emitters'}</span>
          </div>
        </div>
        {!report.chain.ok ? (
          <div className="notice error">
            <h3 style={{ margin: 0, fontSize: '1rem' }}>Chain breaks</h3>
            <ul>
              {report.chain.breaks.map((b) => (
                <li key={`${b.emitterId}-${b.seq}-${b.reason}`}>Emitter <code>{b.emitterId.slice(0, 14)}</code>, signal {b.seq}: {b.reason}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      <div className="toolbar" style={{ marginTop: '1.5rem' }}>
        <form action="/api/collector/drill" method="post"><button type="submit">Run breach drill</button></form>
        <span className="muted" role="status" aria-live="polite">
          {stale ? 'Could not refresh; showing the last data received.' : `Updated every ${POLL_MS / 1000} s.`}
        </span>
      </div>

      <h2 id="h-incidents">Incidents</h2>
      <div className="table-wrap">
        <table aria-labelledby="h-incidents">
          <caption>Newest first. Drills are labelled and left out of the totals.</caption>
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Incident</th>
              <th scope="col">Individuals</th>
              <th scope="col">Deadlines</th>
              <th scope="col">Received</th>
            </tr>
          </thead>
          <tbody>
            {report.incidents.length === 0 ? (
              <tr><td colSpan={5} className="muted">No incidents yet. Try a leak from the home page, or run a breach drill.</td></tr>
            ) : [...open, ...drills].map((i) => (
              <tr key={i.id} data-incident-id={i.id} data-kind={i.kind}>
                <td>
                  <span className={`badge sev-${i.severity}`}>{i.severity.toUpperCase()}</span>
                  {i.drill ? <> <span className="badge drill">Drill</span></> : null}
                </td>
                <td>
                  <strong>{KIND_LABEL[i.kind] ?? i.kind}</strong>
                  <br /><code>{i.route}</code>
                  <br /><span className="muted">{i.channel.replace(/_/g, ' ')} · {i.mitigation === 'none' ? 'not mitigated' : i.mitigation}</span>
                  <br /><span className="muted">{Object.keys(i.identifierTypes).join(', ') || 'no identifiers'}</span>
                </td>
                <td>
                  {i.individuals}
                  {i.individuals > 0 && i.newIndividuals < i.individuals ? <span className="muted"> ({i.newIndividuals} new)</span> : null}
                </td>
                <td><Deadlines incident={i} now={now} /></td>
                <td><time dateTime={i.receivedAt}>{formatDue(i.receivedAt)}</time></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
