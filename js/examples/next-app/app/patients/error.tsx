// app/patients/error.tsx: errors under /patients, redacted in the browser, reported through the relay
'use client';
import { PhiDefaultFallback, usePhiErrorBoundary } from 'phi-guard/react';

export default function PatientsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const state = usePhiErrorBoundary({ error, reset, relayUrl: '/api/phi-guard/relay' });
  return (
    <PhiDefaultFallback
      referenceId={state.error?.referenceId ?? ''}
      redactedMessage={state.redactedMessage}
      reset={state.reset}
    />
  );
}
