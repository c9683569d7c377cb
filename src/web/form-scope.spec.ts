import { describe, expect, it } from '@jest/globals';
import { formValues, takeFormScope } from './form-scope.js';

describe('formValues', () => {
  it('names values by path, as field errors are named', () => {
    expect(
      formValues({
        title: 'Zusätzliche Geräte',
        lineTitle: ['Drucker', '', 'Scanner'],
        lines: [{ title: 'Beratung', quantity: '1,5' }, { title: '' }],
      }),
    ).toEqual({
      title: 'Zusätzliche Geräte',
      'lineTitle.0': 'Drucker',
      'lineTitle.1': '',
      'lineTitle.2': 'Scanner',
      'lines.0.title': 'Beratung',
      'lines.0.quantity': '1,5',
      'lines.1.title': '',
    });
  });

  it('never keeps a password or the CSRF token, nested or not', () => {
    expect(
      formValues({ email: 'a@b.de', password: 'x', newPassword: ['y'], user: { password: 'z' } }),
    ).toEqual({ email: 'a@b.de' });
    expect(formValues({ _csrf: 'token' })).toEqual({});
  });

  it('keeps a bounded amount: 500 values, 10,000 characters each, 3 levels deep', () => {
    const many = formValues({ row: Array.from({ length: 600 }, (_, i) => String(i)) });
    expect(Object.keys(many)).toHaveLength(500);
    expect(formValues({ text: 'x'.repeat(20_000) }).text).toHaveLength(10_000);
    expect(formValues({ a: { b: { c: 'kept', d: { e: 'too deep' } } } })).toEqual({
      'a.b.c': 'kept',
    });
  });
});

describe('takeFormScope', () => {
  it('takes the scope out of the body', () => {
    const body: Record<string, unknown> = { _form: 'change-request', title: 'x' };
    expect(takeFormScope(body)).toBe('change-request');
    expect(body).toEqual({ title: 'x' });
  });

  it('drops a scope that is not a plain name, and answers nothing without one', () => {
    const body: Record<string, unknown> = { _form: ['a', 'b'] };
    expect(takeFormScope(body)).toBeUndefined();
    expect(body).toEqual({});
    expect(takeFormScope({ _form: '"><script>' })).toBeUndefined();
    expect(takeFormScope({ title: 'x' })).toBeUndefined();
    expect(takeFormScope(undefined)).toBeUndefined();
  });
});
