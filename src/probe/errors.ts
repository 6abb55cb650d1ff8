// Error text for findings, stable from run to run: findings are compared by message (sticky
// comments, audit diffs).

/**
 * The reason part of an OpenSSL error. The full message also carries a thread address, an error
 * code and the source file:line, which change between runs and builds.
 */
export function opensslReason(error: Error & { reason?: unknown }): string {
  if (typeof error.reason === 'string' && error.reason) return error.reason;
  // <thread>:error:<code>:<library>:<function>:<reason>:<file>:<line>:<data>
  const match = /^[0-9A-Fa-f]+:error:[0-9A-Fa-f]+:[^:]*:[^:]*:([^:]+):/.exec(error.message);
  return match ? match[1]! : error.message;
}
