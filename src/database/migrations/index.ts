import { Foundation1700000000001 } from './1700000000001-foundation';
import { EquityAndLedger1700000000002 } from './1700000000002-equity-and-ledger';
import { Governance1700000000003 } from './1700000000003-governance';
import { Budgeting1700000000004 } from './1700000000004-budgeting';
import { Licensing1700000000005 } from './1700000000005-licensing';
import { Audit1700000000006 } from './1700000000006-audit';
import { MemberSubledgers1700000000007 } from './1700000000007-member-subledgers';
import { Identity1700000000008 } from './1700000000008-identity';
import { Notifications1700000000009 } from './1700000000009-notifications';
import { OptionMethods1700000000010 } from './1700000000010-option-methods';
import { BallotRoundsAndSpends1700000000011 } from './1700000000011-ballot-rounds-and-spends';
import { VentureCommune1700000000012 } from './1700000000012-venture-commune';

/** Every migration, in order. A schema change is a new file here, never an edit of an old one. */
export const MIGRATIONS = [Foundation1700000000001, EquityAndLedger1700000000002, Governance1700000000003, Budgeting1700000000004, Licensing1700000000005, Audit1700000000006, MemberSubledgers1700000000007, Identity1700000000008, Notifications1700000000009, OptionMethods1700000000010, BallotRoundsAndSpends1700000000011, VentureCommune1700000000012];
