import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { PhiErrorBoundary } from 'phi-guard/react';
import { findPatient } from '@/lib/server/patients';
import { currentUser } from '@/lib/server/session';

export const metadata: Metadata = { title: 'My records' };

export default async function RecordsPage() {
  const user = await currentUser();
  if (!user) redirect('/login');
  const p = findPatient(user.patientId);
  if (!p) redirect('/login');
  return (
    <>
      <h1>My records</h1>
      <p className="lead">Your own record is shown in full: you are signed in and it belongs to you.</p>
      <div className="grid">
        <section className="card" aria-labelledby="h-who">
          <h2 id="h-who">{p.name}</h2>
          <dl className="facts">
            <dt>Date of birth</dt><dd>{p.dateOfBirth}</dd>
            <dt>Medical record no.</dt><dd>{p.mrn}</dd>
            <dt>SSN</dt><dd>{p.ssn}</dd>
            <dt>Phone</dt><dd>{p.phone}</dd>
            <dt>Email</dt><dd>{p.email}</dd>
            <dt>Address</dt><dd>{p.address.line1}, {p.address.city}, {p.address.state} {p.address.zip}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="h-coverage">
          <h2 id="h-coverage">Coverage and care team</h2>
          <dl className="facts">
            <dt>Insurer</dt><dd>{p.insurance.payer}</dd>
            <dt>Plan ID</dt><dd>{p.insurance.healthPlanId}</dd>
            <dt>Primary care</dt><dd>{p.primaryCare}</dd>
          </dl>
        </section>
        {/* A widget-level boundary: if this card fails, only it shows the PHI-free fallback. */}
        <PhiErrorBoundary relayUrl="/api/phi-guard/relay" route="/records">
        <section className="card" aria-labelledby="h-clinical">
          <h2 id="h-clinical">Conditions and medications</h2>
          <h3 className="muted" style={{ fontSize: '1rem' }}>Conditions</h3>
          <ul>{p.conditions.map((c) => <li key={c}>{c}</li>)}</ul>
          <h3 className="muted" style={{ fontSize: '1rem' }}>Medications</h3>
          <ul>{p.medications.map((m) => <li key={m.drug}>{m.drug}, {m.dose}</li>)}</ul>
          <p>Allergies: {p.allergies.length ? p.allergies.join(', ') : 'none recorded'}</p>
        </section>
        </PhiErrorBoundary>
      </div>
      <p style={{ marginTop: '1.5rem' }}>
        The same record as JSON: <a href={`/api/patients/${p.id}`}>/api/patients/{p.id}</a> (yours, in full).
      </p>
    </>
  );
}
