import { describe, expect, it } from '@jest/globals';
import { compactRequest, redactUrl } from './log-redaction.js';

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

describe('compactRequest', () => {
  it('keeps id, method, the redacted URL and Referer, and no other header', () => {
    const logged = compactRequest({
      id: 7,
      method: 'GET',
      url: '/signoff/secret/document.pdf',
      query: {},
      remoteAddress: '127.0.0.1',
      headers: {
        referer: 'http://127.0.0.1:3000/signoff/secret',
        'user-agent': 'x',
        authorization: 'Bearer t0ken',
        cookie: 'session=c00kie',
      },
    });
    expect(logged).toEqual({
      id: 7,
      method: 'GET',
      url: '/signoff/[token]/document.pdf',
      referer: 'http://127.0.0.1:3000/signoff/[token]',
    });
    expect(JSON.stringify(logged)).not.toMatch(/secret|t0ken|c00kie/);
  });

  it('leaves the Referer out when the request had none', () => {
    expect(compactRequest({ id: 1, method: 'POST', url: '/projects', headers: {} })).toEqual({
      id: 1,
      method: 'POST',
      url: '/projects',
    });
  });
});
