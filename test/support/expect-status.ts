import { expect } from '@jest/globals';

/**
 * Asserts an HTTP status; on a mismatch the error names the answer's body, so a failing test
 * shows the problem+json (Jest's `expect` takes no message argument).
 */
export function expectStatus(
  response: { status: number; body?: unknown; text?: string },
  status: number,
): void {
  if (response.status !== status) {
    const body = JSON.stringify(response.body) ?? response.text;
    throw new Error(`expected HTTP ${status}, got ${response.status}: ${body}`);
  }
  expect(response.status).toBe(status);
}
