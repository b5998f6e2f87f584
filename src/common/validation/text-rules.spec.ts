import { characterCount, isBlank, unstorableTextProblem } from './text-rules';
import { isUuid } from './uuid';

describe('text rules', () => {
  it.each(['\u0000', 'a\u0000b'])('refuses NUL in %j', (value) => {
    expect(unstorableTextProblem(value)).toBe('must not contain NUL characters');
  });

  it.each(['\ud800', 'x\udc00', '\udc00\ud800', 'ok\ud83d'])('refuses the lone surrogate in %j', (value) => {
    expect(unstorableTextProblem(value)).toMatch(/lone surrogate/);
  });

  it.each(['', 'Open Bakery', '\ud83d\ude00', 'e\u0301', 'Zoë'])('accepts %j', (value) => {
    expect(unstorableTextProblem(value)).toBeUndefined();
  });

  it('knows blank text', () => {
    for (const blank of ['', ' ', '\t\n\r', '\u00a0\u2003', '\u200b', '\ufeff', '\u3000']) expect(isBlank(blank)).toBe(true);
    for (const text of ['a', ' a ', '.', '\u0301']) expect(isBlank(text)).toBe(false);
  });

  it('counts characters as PostgreSQL does', () => {
    expect(characterCount('abc')).toBe(3);
    expect(characterCount('\ud83d\ude00\ud83d\ude00')).toBe(2);
    expect(characterCount('x\ufe0f')).toBe(2);
    expect(characterCount('e\u0301')).toBe(2);
  });

  it('knows UUIDs of any version and case', () => {
    expect(isUuid('0fbd6f97-7996-49b3-aba0-05c5989c16ff')).toBe(true);
    expect(isUuid('0FBD6F97-7996-49B3-ABA0-05C5989C16FF')).toBe(true);
    expect(isUuid('00000000-0000-0000-0000-000000000000')).toBe(true);
    expect(isUuid('0fbd6f97-7996-09b3-0ba0-05c5989c16ff')).toBe(true);
    for (const bad of ['', 'not-a-uuid', '{0fbd6f97-7996-49b3-aba0-05c5989c16ff}', '0fbd6f97799649b3aba005c5989c16ff', ' 0fbd6f97-7996-49b3-aba0-05c5989c16ff', '0fbd6f97-7996-49b3-aba0-05c5989c16ff\n', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz']) {
      expect(isUuid(bad)).toBe(false);
    }
  });
});
