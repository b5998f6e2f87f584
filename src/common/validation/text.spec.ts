import { validateSync } from 'class-validator';
import { IsOptional } from 'class-validator';
import { Text, textFieldProblem } from './text';

class Sample {
  @Text({ max: 5 })
  name: unknown;

  @IsOptional()
  @Text({ max: 10, allowEmpty: true })
  note?: unknown;

  @IsOptional()
  @Text({ max: 3 }, { each: true })
  options?: unknown[];
}

function problems(values: Partial<Sample>): Record<string, string[]> {
  const sample = Object.assign(new Sample(), { name: 'ok', ...values });
  return Object.fromEntries(validateSync(sample).map((error) => [error.property, Object.values(error.constraints ?? {})]));
}

describe('@Text', () => {
  it('accepts text within the limit', () => {
    expect(problems({ name: 'Bread', note: '', options: ['a', 'bc'] })).toEqual({});
  });

  it('reports one problem per field', () => {
    expect(problems({ name: '' })).toEqual({ name: ['must not be blank'] });
    expect(problems({ name: ' \t' })).toEqual({ name: ['must not be blank'] });
    expect(problems({ name: 'Breads' })).toEqual({ name: ['must be at most 5 characters'] });
    expect(problems({ name: 5 })).toEqual({ name: ['must be text'] });
    expect(problems({ note: '   ' })).toEqual({ note: ['must not be blank'] });
    expect(problems({ options: ['ok', 'long'] })).toEqual({ options: ['must be at most 3 characters'] });
  });

  it('counts characters as PostgreSQL does (variation selectors count)', () => {
    expect(textFieldProblem('x\ufe0f'.repeat(3), { max: 5 })).toBe('must be at most 5 characters');
    expect(textFieldProblem('\ud83d\ude00'.repeat(5), { max: 5 })).toBeUndefined();
  });

  it('refuses what PostgreSQL cannot store', () => {
    expect(textFieldProblem('a\u0000', { max: 5 })).toBe('must not contain NUL characters');
    expect(textFieldProblem('a\ud800', { max: 5 })).toMatch(/lone surrogate/);
  });
});
