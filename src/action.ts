// Placeholder until the Action issue: the Action entry exists so dist/index.js builds.
export async function run(): Promise<void> {
  process.stderr.write('tls-gate: the GitHub Action is not implemented yet; use dist/cli.js\n');
  process.exitCode = 1;
}
