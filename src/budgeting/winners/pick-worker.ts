import { parentPort, workerData } from 'node:worker_threads';
import type { BudgetRule } from 'src/budgeting/budgeting.enums';
import { pickWinners } from './pick-winners';
import { fromWireElection, toWireOutcome, WireElection } from './wire';

// The worker thread's body: one election in, its outcome out.
const { rule, election } = workerData as { rule: BudgetRule; election: WireElection };
parentPort!.postMessage(toWireOutcome(pickWinners(rule, fromWireElection(election))));
