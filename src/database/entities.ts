import { MembershipApplication } from 'src/admissions/application.entity';
import { Bylaws } from 'src/cooperatives/bylaws.entity';
import { Cooperative } from 'src/cooperatives/cooperative.entity';
import { UnitEntry } from 'src/equity/unit-entry.entity';
import { Proposal } from 'src/governance/proposal.entity';
import { User } from 'src/identity/user.entity';
import { JournalEntry, JournalLine, LedgerAccount } from 'src/ledger/ledger.entities';
import { LicenseAgreement, Licensee, Work } from 'src/licensing/licensing.entities';
import { Member } from 'src/membership/member.entity';

export const ENTITIES = [User, Cooperative, Bylaws, Member, MembershipApplication, UnitEntry, LedgerAccount, JournalEntry, JournalLine, Proposal, Work, Licensee, LicenseAgreement];
