// Which response bodies the route wrappers scan and the responses they pass
// through, against the built package. Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGuard } from 'phi-guard';
import { wrapRouteHandler } from 'phi-guard/next';

const guard = await createGuard();
const req = () => new Request('https://app.example.com/api/records/42');
const never = { guard, route: '/api/records/[id]', returnsPhi: 'never' };

// --- C. Responses that cannot be rebuilt --------------------------------------

test('route handler: Response.error() passes through unchanged, without throwing', async () => {
  const err = Response.error();
  const res = await wrapRouteHandler(() => err, never)(req(), {});
  assert.equal(res, err);
  assert.equal(res.type, 'error');
  assert.equal(res.status, 0);
});
