import type { Metadata } from 'next';
import { incidentReport } from '@/lib/server/collector/store';
import { IncidentBoard } from './IncidentBoard';

export const metadata: Metadata = { title: 'Compliance dashboard' };
export const dynamic = 'force-dynamic';

/**
 * The compliance team's view of the collector: rendered on the server from
 * the SQLite database, then kept current by polling `/api/collector/incidents`.
 */
export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ drill?: string }> }) {
  const [report, { drill }] = await Promise.all([incidentReport(), searchParams]);
  return (
    <>
      <h1>Compliance dashboard</h1>
      <p className="lead">
        Breach signals received from this app&apos;s guards: signed, chained and free of PHI. Deadlines run from the
        moment of discovery and are an assessment aid, not legal advice.
      </p>
      <IncidentBoard initial={report} drillSent={drill === 'sent'} />
    </>
  );
}
