/**
 * The server-side twin of the error demo: a server component throws with
 * PHI in the message. Next sends the browser only a digest; the full error
 * goes to `instrumentation.ts`'s `onRequestError`, which logs a redacted
 * copy and sends a `server_error` signal.
 */
export const dynamic = 'force-dynamic';

export default function ServerErrorDemo() {
  throw new Error('renderVisitSummary failed for David Thompson (MRN 00517740, DOB 1978-11-02)');
}
