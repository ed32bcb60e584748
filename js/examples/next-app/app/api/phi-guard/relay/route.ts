// app/api/phi-guard/relay/route.ts: browser error reports reach your collector only through the server
import { createSignalRelay } from 'phi-guard/next';
import { emitter, guard, onEvent } from '@/lib/phi-guard';

// Checks the origin and size, redacts every field again, logs only that copy
// and records a client_error signal (the signing secret stays on the server).
export const POST = createSignalRelay({
  guard,
  emitter,
  onEvent,
  allowedOrigins: ['https://portal.example.com'], // same-origin posts are always accepted
});
