'use client';
// Errors in the root layout itself: phi-guard's ready-made page (own <html>, PHI-free fallback, relay report).
export { PhiGlobalError as default } from 'phi-guard/react';
