import { inputValueMessage, isInputValueError } from './pg-errors';

describe('database errors caused by input values', () => {
  it.each(['22P02', '22021', '22003', '22007', '22008', '22001', '2201W', '23514'])('treats %s as a refused value', (code) => {
    expect(isInputValueError({ code })).toBe(true);
  });

  it.each(['23505', '23503', '23502', '40001', '42P01', 'XX000'])('leaves %s alone', (code) => {
    expect(isInputValueError({ code })).toBe(false);
  });

  it('refuses things that are not database errors', () => {
    expect(isInputValueError(new Error('22P02'))).toBe(false);
    expect(isInputValueError(null)).toBe(false);
  });

  it('explains without SQL, constraint names or values', () => {
    expect(inputValueMessage('22001')).toBe('A text value is too long');
    expect(inputValueMessage('22003')).toBe('A number is out of range');
    expect(inputValueMessage('22008')).toBe('A date or time is malformed or out of range');
    expect(inputValueMessage('22P02')).toBe('A value is malformed');
    expect(inputValueMessage('23514')).toBe('A value is not allowed here');
    expect(inputValueMessage('2201W')).toBe('A value is not acceptable');
  });
});
