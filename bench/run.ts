import 'reflect-metadata';
import { capTableBench } from './cap-table.bench';
import { castVoteBench } from './cast-vote.bench';
import { equalSharesBench } from './equal-shares.bench';
import { exportBench } from './export.bench';
import { Figure } from './support';
import { requestOverheadBench } from './request-overhead.bench';
import { surplusBench } from './surplus.bench';
import { tallyBench } from './tally.bench';

/** `npm run bench [-- name]`: one JSON line per figure on stdout. A benchmark reports; it never fails. */
const BENCHES: Record<string, () => Promise<Figure[]>> = {
  'cap-table': capTableBench,
  tally: tallyBench,
  surplus: surplusBench,
  'request-overhead': requestOverheadBench,
  export: exportBench,
  'cast-vote': castVoteBench,
  'equal-shares': equalSharesBench,
};

async function main(): Promise<void> {
  const only = process.argv[2];
  const names = only ? [only] : Object.keys(BENCHES);
  for (const name of names) {
    const bench = BENCHES[name];
    if (!bench) {
      console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}`);
      process.exitCode = 2;
      return;
    }
    for (const result of await bench()) console.log(JSON.stringify(result));
  }
}

void main();
