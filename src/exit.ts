// Ends the process once everything written so far has reached stdout and stderr. Work abandoned
// at a deadline (a stalled OCSP fetch, a probe past its host deadline) still holds sockets and
// timers; waiting for them would keep the CI step alive past the limits the policy promises.
export function exitWhenFlushed(code: number): void {
  process.stdout.write('', () => {
    process.stderr.write('', () => process.exit(code));
  });
}
