/**
 * A ranked election as a `.blt` file (the OpenSTV / Droop format) for an independent recount: the
 * number of options and seats; one line per distinct ranking with its count and 1-based option
 * numbers, ended by 0; a 0 line; each option's name; the title. It carries no voter and no class, so
 * another tool recounts the ballots unweighted (the class weighting is Tetrad's own).
 */
export function toBlt(title: string, labels: readonly string[], rankings: readonly { ranking: readonly number[]; n: number }[]): string {
  const quote = (text: string) => `"${text.replace(/["\\]/g, '').replace(/[\r\n]+/g, ' ')}"`;
  const lines = [
    `${labels.length} 1`,
    ...rankings.filter((r) => r.ranking.length > 0).map((r) => `${r.n} ${r.ranking.map((position) => position + 1).join(' ')} 0`),
    '0',
    ...labels.map(quote),
    quote(title),
  ];
  return `${lines.join('\n')}\n`;
}

/** Reads a `.blt` file back (for tests and tools): options, title and the rankings as positions. */
export function parseBlt(text: string): { options: number; title: string; labels: string[]; rankings: { ranking: number[]; n: number }[] } {
  const lines = text.trimEnd().split('\n');
  const [options] = lines[0].split(' ').map(Number);
  const end = lines.indexOf('0');
  const rankings = lines.slice(1, end).map((line) => {
    const [n, ...rest] = line.split(' ').map(Number);
    return { n, ranking: rest.slice(0, -1).map((c) => c - 1) };
  });
  const labels = lines.slice(end + 1, end + 1 + options).map((l) => l.slice(1, -1));
  return { options, title: lines[end + 1 + options].slice(1, -1), labels, rankings };
}
