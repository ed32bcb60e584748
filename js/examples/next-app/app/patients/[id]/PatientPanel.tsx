// app/patients/[id]/PatientPanel.tsx: a boundary around one widget; the rest of the page keeps working
'use client';
import type { ReactNode } from 'react';
import { PhiErrorBoundary } from 'phi-guard/react';

export function PatientPanel({ children }: { children: ReactNode }) {
  return (
    <PhiErrorBoundary relayUrl="/api/phi-guard/relay" route="/patients/[id]">
      {children}
    </PhiErrorBoundary>
  );
}
