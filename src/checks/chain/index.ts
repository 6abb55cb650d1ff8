import type { Rule } from '../types.js';
import { incomplete } from './incomplete.js';
import { untrustedRoot } from './untrusted-root.js';
import { selfSignedLeaf } from './self-signed-leaf.js';
import { badSignature } from './bad-signature.js';
import { expired } from './expired.js';
import { notACa } from './not-a-ca.js';
import { pathLength } from './path-length.js';
import { keyUsage } from './key-usage.js';
import { eku } from './eku.js';
import { nameConstraints } from './name-constraints.js';
import { unknownCriticalExtension } from './unknown-critical-extension.js';
import { duplicateExtension } from './duplicate-extension.js';
import { malformed } from './malformed.js';
import { leafIsCa } from './leaf-is-ca.js';
import { wrongOrder } from './wrong-order.js';
import { extraCertificates } from './extra-certificates.js';
import { rootSent } from './root-sent.js';
import { tooLong } from './too-long.js';

/** Every `chain.*` rule, in report order. */
export const chainRules: readonly Rule[] = [
  incomplete,
  untrustedRoot,
  selfSignedLeaf,
  badSignature,
  expired,
  notACa,
  pathLength,
  keyUsage,
  eku,
  nameConstraints,
  unknownCriticalExtension,
  duplicateExtension,
  malformed,
  leafIsCa,
  wrongOrder,
  extraCertificates,
  rootSent,
  tooLong,
];
