import { parseContentType } from './util.js';

/**
 * @internal Where the JSON value of one line of a JSON-lines body lies
 * (NDJSON, JSON lines, JSON text sequences): the line without its line
 * break (`\n`, `\r\n`) and a text sequence's leading record separators
 * (U+001E), or `undefined` for a blank line.
 *
 * @example
 * jsonLineSpan('\u001e{"a":1}\r\n'); // [1, 8]
 */
export function jsonLineSpan(line: string): [number, number] | undefined {
  let end = line.length;
  if (end > 0 && line.charCodeAt(end - 1) === 0x0a) end--;
  if (end > 0 && line.charCodeAt(end - 1) === 0x0d) end--;
  let start = 0;
  while (start < end && line.charCodeAt(start) === 0x1e) start++;
  return line.slice(start, end).trim() === '' ? undefined : [start, end];
}

/**
 * @internal Whether a content type says one JSON value per line: NDJSON,
 * JSON lines and JSON text sequences, bare (`application/x-ndjson`) or as
 * a suffix (`application/fhir+ndjson`).
 *
 * @example
 * isJsonLines('application/fhir+ndjson'); // true
 */
export function isJsonLines(contentType: string | null): boolean {
  const m = contentType === null ? undefined : parseContentType(contentType);
  if (!m || m.type !== 'application') return false;
  const plus = m.subtype.lastIndexOf('+');
  return LINE_SUBTYPES.has(plus >= 0 ? m.subtype.slice(plus + 1) : m.subtype.replace(/^x-/, ''));
}
const LINE_SUBTYPES = new Set(['ndjson', 'jsonl', 'jsonlines', 'ldjson', 'json-seq']);
