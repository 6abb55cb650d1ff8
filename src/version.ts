declare const __TLS_GATE_VERSION__: string | undefined;

/** The package version, stamped into the bundle at build time. */
export const VERSION: string =
  typeof __TLS_GATE_VERSION__ === 'string' ? __TLS_GATE_VERSION__ : '0.0.0-dev';

/**
 * Version of rule semantics. Bumped whenever a default severity or a rule's meaning changes, so a
 * policy can pin `rules_version` and an upgrade never flips a verdict silently.
 */
export const RULES_VERSION = 1;
