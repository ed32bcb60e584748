import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const here = dirname(fileURLToPath(import.meta.url));

const config: NextConfig = {
  reactStrictMode: true,
  // A second build folder (e.g. NEXT_DIST_DIR=.next-dev) lets one build be tested while another is served.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // `phi-guard` is a `file:../js` dependency: a symlink to a folder outside
  // this app. Turbopack only resolves files under its root, so the root is
  // the repository (a workspace monorepo needs the same setting).
  turbopack: { root: join(here, '..') },
  outputFileTracingRoot: join(here, '..'),
  // sql.js loads its own .wasm from node_modules at run time: keep it out of the bundle.
  serverExternalPackages: ['sql.js'],
};

export default config;
