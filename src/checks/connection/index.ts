import type { Rule } from '../types.js';
import { unreachable } from './unreachable.js';
import { timeout } from './timeout.js';
import { notTls } from './not-tls.js';
import { handshakeFailed } from './handshake-failed.js';
import { clientCertificateRequired } from './client-certificate-required.js';
import { clientCertificateRejected } from './client-certificate-rejected.js';
import { clientCredentialsUnusable } from './client-credentials-unusable.js';
import { starttlsFailed } from './starttls-failed.js';
import { probesIncomplete } from './probes-incomplete.js';

/** Every `connection.*` rule, in report order. */
export const connectionRules: readonly Rule[] = [
  unreachable,
  timeout,
  notTls,
  handshakeFailed,
  clientCertificateRequired,
  clientCertificateRejected,
  clientCredentialsUnusable,
  starttlsFailed,
  probesIncomplete,
];
