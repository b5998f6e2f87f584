import { idProblem, stringProblem } from './scalar-rules';

describe('rules for ID and String arguments', () => {
  it('takes only UUIDs as IDs and says so', () => {
    expect(idProblem('0fbd6f97-7996-49b3-aba0-05c5989c16ff')).toBeUndefined();
    expect(idProblem('42')).toBe('"42" is not a valid ID (a UUID)');
    expect(idProblem('x'.repeat(100_000))).toBe(`"${'x'.repeat(40)}…" is not a valid ID (a UUID)`);
  });

  it('refuses NUL, lone surrogates and whitespace alone in strings, but not the empty string', () => {
    expect(stringProblem('a\u0000')).toBe('must not contain NUL characters');
    expect(stringProblem('\ud800')).toMatch(/lone surrogate/);
    expect(stringProblem('   ')).toBe('must not be blank (only whitespace)');
    expect(stringProblem('')).toBeUndefined();
    expect(stringProblem(' Open Bakery ')).toBeUndefined();
  });
});
