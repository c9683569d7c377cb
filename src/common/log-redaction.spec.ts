import { describe, expect, it } from '@jest/globals';
import { redactRequest, redactUrl } from './log-redaction.js';

describe('redactUrl', () => {
  it.each([
    ['/signoff/abc123', '/signoff/[token]'],
    ['/signoff/abc123/document.pdf', '/signoff/[token]/document.pdf'],
    ['/signoff/abc123/approve?x=1', '/signoff/[token]/approve?x=1'],
    ['/SignOff/abc123', '/SignOff/[token]'],
    ['https://host.example/signoff/abc123#top', 'https://host.example/signoff/[token]#top'],
    ['/signoffs/42', '/signoffs/42'],
    ['/projects/1/signoffs', '/projects/1/signoffs'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('leaves a missing URL missing', () => {
    expect(redactUrl(undefined)).toBeUndefined();
  });
});

describe('redactRequest', () => {
  it('redacts the URL and the Referer and keeps the other fields', () => {
    const logged = redactRequest({
      id: 7,
      method: 'GET',
      url: '/signoff/secret/document.pdf',
      headers: { referer: 'http://127.0.0.1:3000/signoff/secret', 'user-agent': 'x' },
    });
    expect(logged).toEqual({
      id: 7,
      method: 'GET',
      url: '/signoff/[token]/document.pdf',
      headers: { referer: 'http://127.0.0.1:3000/signoff/[token]', 'user-agent': 'x' },
    });
    expect(JSON.stringify(logged)).not.toContain('secret');
  });
});
