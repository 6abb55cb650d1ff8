#!/usr/bin/env node
import { createRequire as __tlsGateCreateRequire } from 'node:module';
const require = __tlsGateCreateRequire(import.meta.url);

// src/cli.ts
process.stderr.write("tls-gate: CLI not implemented yet\n");
process.exitCode = 2;
