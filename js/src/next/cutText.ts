import type { Guard } from '../common/guard.js';

/**
 * Characters of context scanned on each side of a cut: enough for the
 * longest value a cut can split (an address, a name with its title, a URL
 * with its query) and the words before it that make the guard see it.
 */
const EDGE_WINDOW = 256;

/**
 * What ends a token: whitespace and the punctuation that delimits values in
 * messages, JSON, query strings and markup. Not `-` `.` `_` `@` `+` `/` `:`
 * `'` `#` `%`, which occur inside the values (`219-09-9999`,
 * `maria.garcia@example.com`, `03/14/1961`, `O'Brien`): a token holding them
 * is dropped whole.
 */
const BREAK = /[\s"\\,;()[\]{}<>|=&?]/;

const isBreak = (text: string, i: number): boolean => BREAK.test(text[i]!);

/**
 * @internal `text` cut to at most `max` characters (UTF-16 code units)
 * before it is scanned, so the work and the output are bounded, without
 * leaving a piece of a value at the edge: a value cut in two is not
 * recognised any more (`219-09-99` is no SSN, `Maria Gar` no name) and
 * would pass the redaction that follows. So the cut moves back:
 *
 * 1. before any value the guard finds in the {@link EDGE_WINDOW} characters
 *    on each side of it that the cut would split (a name of two words, an
 *    SSN, an e-mail address);
 * 2. before a token the cut would split, to the last whitespace or
 *    delimiter (see {@link BREAK}); a text without any drops all of it.
 *
 * Both repeat until neither moves it (the window scanned again around
 * the cut whenever it has moved back past the window's middle); then
 * trailing whitespace goes too.
 * It never ends inside a surrogate pair (a pair is inside a token). The
 * cost is bounded by `max` and the window, whatever the length of `text`.
 * Returns the kept prefix and how many
 * characters were dropped (0 when `text` fits); it adds no marker, so the
 * caller can add one after redacting. Throws what `guard.scan` throws.
 *
 * @example
 * cutText(guard, 'bad payload: ssn 219-09-9999 and more', 25); // { kept: 'bad payload: ssn', cut: 21 }
 * cutText(guard, 'no chart for Maria Garcia', 18); // { kept: 'no chart for', cut: 13 } (not 'no chart for Maria')
 */
export function cutText(guard: Guard, text: string, max: number): { kept: string; cut: number } {
  if (text.length <= max) return { kept: text, cut: 0 };
  // The values found around the cut; scanned again around it whenever the
  // cut has moved back out of the middle of the window (a token longer than
  // the window walked past: `Maria Garcia:eyJ…` cut inside the token must
  // not then stop between the two names).
  let from = 0;
  let spans: Array<[number, number]> = [];
  const around = (at: number): void => {
    from = Math.max(0, at - EDGE_WINDOW);
    spans = guard.scan(text.slice(from, at + EDGE_WINDOW), { format: 'error' }).findings
      .map((f): [number, number] => [from + f.start, from + f.end]);
  };
  let end = max;
  around(end);
  for (let moved = true; moved && end > 0;) {
    const was = end;
    if (from > 0 && end < from + EDGE_WINDOW) around(end);
    for (const [s, e] of spans) if (s < end && e > end) end = s;
    if (end > 0 && !isBreak(text, end - 1) && !isBreak(text, end)) {
      while (end > 0 && !isBreak(text, end - 1)) end--;
    }
    moved = end !== was;
  }
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  return { kept: text.slice(0, end), cut: text.length - end };
}

/**
 * @internal `redacted`, then the marker of a part {@link cutText} cut: how
 * much, never what (` … [N characters cut]`). Added after redacting, so no
 * detector of this scan touches its count.
 *
 * @example
 * withCutNote('bad payload: ssn', 21); // 'bad payload: ssn … [21 characters cut]'
 */
export function withCutNote(redacted: string, cut: number): string {
  if (cut === 0) return redacted;
  return `${redacted}${redacted === '' || /\s$/.test(redacted) ? '' : ' '}\u2026 [${cut} characters cut]`;
}

/**
 * @internal `text` redacted (format `error`) and, when longer than `max`,
 * first cut by {@link cutText} so that what is kept and its marker (see
 * {@link withCutNote}) fit `max` characters together: a receiver with the
 * same bound (the relay, for a browser report) has nothing more to cut.
 * Redaction may still change the length (a tag replaces each value).
 * Throws what `guard.scan` and `guard.redactText` throw.
 *
 * @example
 * cutAndRedact(guard, 'bad payload: ssn 219-09-9999 and more', 36); // 'bad payload: … [25 characters cut]'
 * cutAndRedact(guard, 'bad payload: ssn 219-09-9999', 36); // 'bad payload: ssn [SSN]' (it fits)
 */
export function cutAndRedact(guard: Guard, text: string, max: number): string {
  if (text.length <= max) return guard.redactText(text, 'error');
  // The marker of the longest cut possible (all of `text`): the real one is no longer.
  const room = max - withCutNote('x', text.length).length + 1;
  const { kept, cut } = cutText(guard, text, Math.max(0, room));
  return withCutNote(guard.redactText(kept, 'error'), cut);
}
