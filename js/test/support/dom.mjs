// A jsdom page installed as the global browser environment for the React
// tests: window, document, HTMLElement, location, and a navigator whose
// sendBeacon records what was sent (the error boundaries report through it).
import { JSDOM } from 'jsdom';

/**
 * Installs a jsdom page at `url` as the globals React and phi-guard's browser
 * code read. Returns the JSDOM and the list that `navigator.sendBeacon` fills.
 */
export function installDom(url) {
  const dom = new JSDOM('<!doctype html><html><head></head><body><div id="root"></div></body></html>', { url });
  const beacons = [];
  globalThis.window = dom.window;
  globalThis.document = dom.window.document;
  globalThis.HTMLElement = dom.window.HTMLElement;
  globalThis.location = dom.window.location;
  Object.defineProperty(globalThis, 'navigator', {
    configurable: true,
    value: { userAgent: 'node', sendBeacon: (to, data) => { beacons.push({ url: to, data }); return true; } },
  });
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  return { dom, beacons };
}
