import type { Rule } from '../types.js';
import { protocolSslv3 } from './sslv3.js';
import { protocolTls10 } from './tls10.js';
import { protocolTls11 } from './tls11.js';
import { belowMinimum } from './below-minimum.js';
import { noModern } from './no-modern.js';

/** Every `protocol.*` rule, in report order. */
export const protocolRules: readonly Rule[] = [
  protocolSslv3,
  protocolTls10,
  protocolTls11,
  belowMinimum,
  noModern,
];
