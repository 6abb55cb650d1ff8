import { createRequire as __tlsGateCreateRequire } from 'node:module';
const require = __tlsGateCreateRequire(import.meta.url);

// src/action.ts
async function run() {
  process.stderr.write("tls-gate: the GitHub Action is not implemented yet; use dist/cli.js\n");
  process.exitCode = 1;
}

// src/index.ts
void run();
