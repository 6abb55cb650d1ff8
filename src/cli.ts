process.stderr.write('tls-gate: CLI not implemented yet\n');
process.exitCode = 2;
