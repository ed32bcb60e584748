import Link from 'next/link';

export default function Home() {
  return (
    <>
      <h1>Your care, online</h1>
      <p className="lead">
        Northwind Telehealth is a demo patient portal. Every place where apps like this leak protected health
        information is wired through <code>phi-guard</code>, and every leak it catches becomes a signed breach signal
        on the compliance dashboard.
      </p>
      <div className="grid" style={{ marginTop: '1.5rem' }}>
        <section className="card" aria-labelledby="h-portal">
          <h2 id="h-portal">Patient portal</h2>
          <p>Sign in with the demo account to see your records and upcoming visits.</p>
          <Link className="button" href="/login">Sign in</Link>
        </section>
        <section className="card" aria-labelledby="h-leaks">
          <h2 id="h-leaks">Try a leak</h2>
          <ul>
            <li><a href="/api/public/patients/p-1001">A buggy public API</a> returns a full record to anyone: you get it redacted.</li>
            <li><a href="/appointments?patient=Maria%20Garcia&amp;dob=1962-03-14">A link with a name and birth date</a> is stripped before the page sees it.</li>
            <li><Link href="/error-demo">A page that crashes</Link> with patient details in the error shows a safe message.</li>
          </ul>
        </section>
        <section className="card" aria-labelledby="h-compliance">
          <h2 id="h-compliance">Compliance</h2>
          <p>Incidents, affected individuals, notification deadlines and the signal chain.</p>
          <Link className="button secondary" href="/dashboard">Open the dashboard</Link>
        </section>
      </div>
    </>
  );
}
