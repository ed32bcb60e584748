// Looks for secret values in a folder of build output (every file, read as
// bytes, so minified JS, source maps, JSON and binary chunks all count).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else yield p;
  }
}

/**
 * For each `{ name, value }`, the files under `dir` that contain the value
 * (raw, or JSON/JS-escaped). Returns `{ scanned, found: [{ name, file }] }`;
 * never the value.
 *
 * @example
 * findSecrets('.next/static', [{ name: 'signing secret', value: s }]).found // []
 */
export function findSecrets(dir, secrets) {
  if (!existsSync(dir)) throw new Error(`${dir} does not exist: nothing to scan`);
  const found = [];
  let scanned = 0;
  for (const file of files(dir)) {
    scanned++;
    const text = readFileSync(file).toString('latin1');
    for (const { name, value } of secrets) {
      const forms = new Set([value, JSON.stringify(value).slice(1, -1), Buffer.from(value).toString('base64')]);
      if ([...forms].some((f) => text.includes(f))) found.push({ name, file: relative(dir, file) });
    }
  }
  return { scanned, found };
}

/**
 * The demo defaults the server falls back to when the environment sets no
 * secret (lib/server/env.ts): the values a careless import would ship.
 */
export function demoDefaults(envSource) {
  const grab = (variable) => {
    const m = envSource.match(new RegExp(`${variable}\\s*(?:\\|\\||\\?\\?)\\s*['"\`]([^'"\`]{8,})['"\`]`));
    return m ? m[1] : null;
  };
  return {
    signing: grab('PHI_GUARD_SIGNING_SECRET'),
    fingerprint: grab('PHI_GUARD_FINGERPRINT_KEY'),
  };
}
