// Streaming property: createRedactingStream gives the same findings and the
// same redacted output whatever the chunk boundaries (random splits, inside
// multi-byte UTF-8 and inside PHI values), and the same as a one-shot
// redaction of the whole text (all its findings, and exactly the same text
// when the detectors' context fits in the window). Built package; synthetic corpus text only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createGuard } from 'phi-guard';
import { createRedactingStream } from 'phi-guard/next';
import { rng, split } from './support/chunks.mjs';

const guard = await createGuard();
const corpusDir = new URL('../../tests/corpus/', import.meta.url);

/** Lines of plain text (logs, errors, clinical notes) from the corpus, with multi-byte characters mixed in. */
function corpusText(count, offset) {
  const lines = [];
  for (const f of readdirSync(corpusDir).filter((n) => /^(logs|errors|clinical)\.jsonl$/.test(n)).sort()) {
    for (const l of readFileSync(new URL(f, corpusDir), 'utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l).text);
  }
  const pick = [];
  for (let i = 0; i < count; i++) pick.push(lines[(offset + i * 37) % lines.length]);
  return pick.map((l, i) => (i % 3 === 0 ? `é ${l} 😀` : i % 3 === 1 ? `日本 ${l}` : l)).join('\n');
}

async function stream(chunks, options = {}) {
  const found = [];
  const source = new ReadableStream({ start(c) { for (const x of chunks) c.enqueue(x); c.close(); } });
  const out = source.pipeThrough(createRedactingStream(guard, {
    format: 'text', ...options,
    onFindings: (raw, findings) => { for (const f of findings) found.push(`${f.type}:${raw.slice(f.start, f.end)}`); },
  }));
  return { redacted: await new Response(out).text(), found: found.sort() };
}

const oneShot = (text) => {
  const { redacted, findings } = guard.scan(text, { format: 'text' });
  return { redacted, found: findings.map((f) => `${f.type}:${text.slice(f.start, f.end)}`).sort() };
};

test('the same output whatever the chunk boundaries, and nothing less than one shot', async (t) => {
  let equal = 0;
  const seeds = 8;
  for (let seed = 1; seed <= seeds; seed++) {
    const text = corpusText(40, seed * 11);
    const bytes = new TextEncoder().encode(text);
    const want = oneShot(text);
    assert.ok(want.found.length > 20, 'the text has PHI to find');
    const random = rng(seed);
    const whole = await stream([bytes]);
    for (const maxChunk of [1, 7, 64, 700]) {
      const got = await stream(split(bytes, random, maxChunk));
      // Short messages: the texts are long and the diff would flood the log.
      assert.ok(got.redacted === whole.redacted, `seed ${seed}, chunks up to ${maxChunk} bytes: the redacted output depends on the chunks`);
      assert.deepEqual(got.found, whole.found, `seed ${seed}, chunks up to ${maxChunk} bytes: findings depend on the chunks`);
    }
    // Against one shot: every value the whole-text scan finds, the stream finds too.
    const left = [...want.found];
    for (const f of whole.found) { const i = left.indexOf(f); if (i >= 0) left.splice(i, 1); }
    assert.equal(left.length, 0, `seed ${seed}: the stream missed ${left.length} finding(s) of the one-shot scan (types ${left.map((f) => f.split(':')[0]).join(', ')})`);
    if (whole.redacted === want.redacted) equal++;
  }
  // The window (2 × lookbehind) can give a detector more context than a line
  // has, or less than the whole text: exact equality is measured, not assumed.
  t.diagnostic(`identical to one-shot redaction for ${equal} of ${seeds} texts`);
  assert.ok(equal >= seeds / 2, `identical to one shot for only ${equal} of ${seeds} texts`);
});

test('one byte at a time through a multi-byte value and a PHI value', async () => {
  const text = `${'😀'.repeat(300)} Patient: Maria Garcia, SSN 219-09-9999, mail maria.garcia@example.com ${'日本語'.repeat(200)}`;
  const bytes = new TextEncoder().encode(text);
  const got = await stream(split(bytes, () => 0, 1));
  assert.deepEqual(got, oneShot(text));
  assert.ok(!got.redacted.includes('219-09-9999') && !got.redacted.includes('maria.garcia'));
});
