// app/global-error.tsx: errors in the root layout; its own <html> and <body>, a PHI-free fallback, a relay report
'use client';
export { PhiGlobalError as default } from 'phi-guard/react';
