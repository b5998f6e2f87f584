import { TokenVersionCache } from './token-versions';

describe('the token version cache', () => {
  it('answers within its lifetime and forgets after it', () => {
    let now = 0;
    const cache = new TokenVersionCache(1000, 10, () => now);
    cache.set('u', 2);
    now = 999;
    expect(cache.get('u')).toBe(2);
    now = 1000;
    expect(cache.get('u')).toBeUndefined();
  });

  it('is raised by events but never lowered by a late one', () => {
    const cache = new TokenVersionCache(1000, 10, () => 0);
    cache.set('u', 1);
    cache.raise('u', 3);
    cache.raise('u', 2);
    expect(cache.get('u')).toBe(3);
  });

  it('keeps nothing with a lifetime of 0, and stays within its size', () => {
    expect((() => {
      const cache = new TokenVersionCache(0);
      cache.set('u', 1);
      return cache.get('u');
    })()).toBeUndefined();
    const cache = new TokenVersionCache(1000, 2, () => 0);
    cache.set('a', 1);
    cache.set('b', 1);
    cache.set('c', 1);
    expect([cache.get('a'), cache.get('c')]).toEqual([undefined, 1]);
  });
});
