import { expect } from '@jest/globals';

/**
 * Asserts an HTTP status; on a mismatch Jest prints the whole answer, so a failing test shows
 * the problem+json body (Jest's `expect` takes no message argument).
 */
export function expectStatus(
  response: { status: number; body?: unknown; text?: string },
  status: number,
): void {
  expect({ status: response.status, body: response.body }).toMatchObject({ status });
}
