'use client';
import { useEffect, useState } from 'react';

/**
 * A chart widget with a classic bug: its error message includes the
 * patient's name, record number and birth date (synthetic). It crashes right
 * after it mounts in the browser, so the error that reaches `error.tsx` is the
 * raw one (server errors reach the browser already replaced by Next).
 */
function VitalsChart() {
  const [loaded, setLoaded] = useState(false);
  useEffect(() => { setLoaded(true); }, []);
  if (loaded) {
    throw new Error('VitalsChart: no readings for patient Maria Garcia (MRN 00482913, DOB 1962-03-14)');
  }
  return <p aria-busy="true">Loading vitals chart…</p>;
}

export default function ErrorDemoPage() {
  return (
    <>
      <h1>Vitals</h1>
      <VitalsChart />
    </>
  );
}
