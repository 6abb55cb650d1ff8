// Shared by the format tests: the committed fixtures (made by
// __tests__/fixtures/formats/generate.ts with the OpenSSL CLI) and their certificates.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/formats/', import.meta.url));
export const P12_PASSWORD = 'correct horse';

export function fixture(name: string): Buffer {
  return readFileSync(`${FIXTURES}${name}`);
}

export const LEAF_SUBJECT = 'CN=formats.example.test';
export const INTERMEDIATE_SUBJECT = 'CN=Formats Intermediate CA,O=tls-gate tests';
export const ROOT_SUBJECT = 'CN=Formats Root CA,O=tls-gate tests';
