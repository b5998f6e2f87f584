import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { conflict } from 'src/common/errors/domain-error';
import type { BudgetRule } from 'src/budgeting/budgeting.enums';
import type { BudgetElection, BudgetOutcome } from 'src/budgeting/rules/types';
import { fromWireOutcome, toWireElection, WireOutcome } from './wire';

/** Rules running at once in one instance; further ones are refused rather than queued behind them. */
const MAX_RUNNING = 2;
/** A rule that runs longer is stopped: the request is refused and nothing is written. */
const TIME_LIMIT_MS = 60_000;
let running = 0;

/**
 * Applies a round's rule in a worker thread, so a large election (the Method of Equal Shares runs
 * hundreds of times under add1) never holds the event loop that serves every other request.
 */
export async function pickWinnersOffThread(rule: BudgetRule, election: BudgetElection): Promise<BudgetOutcome> {
  if (running >= MAX_RUNNING) throw conflict('Other winner selections are running on this server; try again in a moment');
  running++;
  const worker = new Worker(join(__dirname, 'pick-worker.js'), { workerData: { rule, election: toWireElection(election) } });
  try {
    return fromWireOutcome(
      await new Promise<WireOutcome>((resolve, reject) => {
        const timer = setTimeout(() => reject(conflict(`Picking the winners took longer than ${TIME_LIMIT_MS / 1000} s and was stopped`)), TIME_LIMIT_MS);
        worker.once('message', (outcome: WireOutcome) => (clearTimeout(timer), resolve(outcome)));
        worker.once('error', (error) => (clearTimeout(timer), reject(error)));
        worker.once('exit', (code) => (clearTimeout(timer), reject(new Error(`the winner-selection worker exited with code ${code}`))));
      }),
    );
  } finally {
    running--;
    void worker.terminate();
  }
}
