import { requestIdFrom } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it.each(['abc', 'trace-1.2:3_X', 'a'.repeat(64)])('uses a well-formed client id: %s', (id) => {
    expect(requestIdFrom({ 'x-request-id': id })).toBe(id);
  });

  it.each(['', 'a'.repeat(65), 'has space', '<script>alert(1)</script>', 'line\nbreak', 'quote"', 'ünïcode'])('replaces %j with a random UUID', (id) => {
    expect(requestIdFrom({ 'x-request-id': id })).toMatch(UUID);
  });

  it('replaces a missing or repeated header with a random UUID', () => {
    expect(requestIdFrom({})).toMatch(UUID);
    expect(requestIdFrom({ 'x-request-id': ['a', 'b'] })).toMatch(UUID);
    expect(requestIdFrom({})).not.toBe(requestIdFrom({}));
  });
});
