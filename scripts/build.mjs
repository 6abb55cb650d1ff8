// Bundles the Action and the CLI into dist/ (committed; CI checks a rebuild is byte-identical).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// @actions/* still require() Node built-ins; an ESM bundle needs a real `require` for that.
const requireShim =
  "import { createRequire as __tlsGateCreateRequire } from 'node:module';\n" +
  'const require = __tlsGateCreateRequire(import.meta.url);';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  define: { __TLS_GATE_VERSION__: JSON.stringify(pkg.version) },
};

await build({
  ...common,
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  banner: { js: requireShim },
});
await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.js',
  banner: { js: '#!/usr/bin/env node\n' + requireShim },
});
