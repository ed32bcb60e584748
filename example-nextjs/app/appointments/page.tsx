import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { appointmentsOf } from '@/lib/server/patients';
import { currentUser } from '@/lib/server/session';

export const metadata: Metadata = { title: 'Appointments' };

const when = new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' });

export default async function AppointmentsPage() {
  const user = await currentUser();
  if (!user) redirect('/login');
  const visits = appointmentsOf(user.patientId);
  return (
    <>
      <h1>Appointments</h1>
      <p className="lead">
        Links to this page sometimes carry a patient&apos;s name or birth date in the address (from e-mail
        reminders or a scheduling widget). phi-guard&apos;s edge middleware removes those parameters before the
        page, the access log or analytics see them.
      </p>
      <div className="table-wrap">
        <table>
          <caption>Upcoming visits (times in UTC)</caption>
          <thead><tr><th scope="col">When</th><th scope="col">Type</th><th scope="col">Clinician</th><th scope="col">Reason</th></tr></thead>
          <tbody>
            {visits.map((v) => (
              <tr key={v.id}>
                <td><time dateTime={v.start}>{when.format(new Date(v.start))}</time></td>
                <td>{v.kind}</td>
                <td>{v.clinician}</td>
                <td>{v.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
