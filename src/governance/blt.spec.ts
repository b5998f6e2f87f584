import { parseBlt, toBlt } from './blt';

describe('.blt export', () => {
  it('writes counts, 1-based rankings ending in 0, the names and the title, and reads back', () => {
    const text = toBlt('Capital "city"', ['Memphis', 'Nashville', 'Chattanooga'], [
      { ranking: [0, 1, 2], n: 42 },
      { ranking: [2], n: 15 },
    ]);
    expect(text).toBe('3 1\n42 1 2 3 0\n15 3 0\n0\n"Memphis"\n"Nashville"\n"Chattanooga"\n"Capital city"\n');
    expect(parseBlt(text)).toEqual({ options: 3, title: 'Capital city', labels: ['Memphis', 'Nashville', 'Chattanooga'], rankings: [{ n: 42, ranking: [0, 1, 2] }, { n: 15, ranking: [2] }] });
  });
});
