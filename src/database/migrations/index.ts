import { Foundation1700000000001 } from './1700000000001-foundation';
import { EquityAndLedger1700000000002 } from './1700000000002-equity-and-ledger';

/** Every migration, in order. A schema change is a new file here, never an edit of an old one. */
export const MIGRATIONS = [Foundation1700000000001, EquityAndLedger1700000000002];
