import { describe, expect, it } from '@jest/globals';
import { articleBlocks } from './article-text.js';

describe('articleBlocks', () => {
  it.each([
    ['', []],
    ['Eins\nzwei', [{ kind: 'paragraph', text: 'Eins zwei' }]],
    [
      'Eins\n\nZwei',
      [
        { kind: 'paragraph', text: 'Eins' },
        { kind: 'paragraph', text: 'Zwei' },
      ],
    ],
    [
      '# Titel\nText',
      [
        { kind: 'heading', text: 'Titel' },
        { kind: 'paragraph', text: 'Text' },
      ],
    ],
    [
      'Vorher\n- a\n* b\nNachher',
      [
        { kind: 'paragraph', text: 'Vorher' },
        { kind: 'list', items: ['a', 'b'] },
        { kind: 'paragraph', text: 'Nachher' },
      ],
    ],
    [
      '```\n# kein Titel\n  eingerückt\n```',
      [{ kind: 'code', text: '# kein Titel\n  eingerückt' }],
    ],
    ['```\noffen', [{ kind: 'code', text: 'offen' }]],
    ['#kein Titel', [{ kind: 'paragraph', text: '#kein Titel' }]],
    ['<script>x</script>', [{ kind: 'paragraph', text: '<script>x</script>' }]],
    [
      'a\r\n\r\nb',
      [
        { kind: 'paragraph', text: 'a' },
        { kind: 'paragraph', text: 'b' },
      ],
    ],
  ])('%j', (body, expected) => {
    expect(articleBlocks(body)).toEqual(expected);
  });
});
