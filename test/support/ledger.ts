import { gql } from 'graphql-request';
import { formatCents, toCents, toDecimal } from 'src/common/money/decimal';
import { TestServer } from './harness';
import { TestCooperative } from './factories';

const LEDGER = gql`
  query ($slug: String!) {
    cooperative(slug: $slug) {
      ledger {
        trialBalance
        accounts {
          code
          balance {
            amount
          }
        }
      }
    }
  }
`;

export interface LedgerView {
  trialBalance: string;
  accounts: { code: string; balance: { amount: string } }[];
}

/** The cooperative's ledger as its admin sees it: the trial balance and every account's balance. */
export async function ledgerOf(server: TestServer, coop: TestCooperative): Promise<LedgerView> {
  return (await server.request<{ cooperative: { ledger: LedgerView } }>(LEDGER, { slug: coop.slug }, coop.admin.token)).cooperative.ledger;
}

/** The summed balance of every account with this code (scoped accounts included), as money text. */
export function balanceOf(ledger: LedgerView, code: string): string {
  return formatCents(ledger.accounts.filter((a) => a.code === code).reduce((sum, a) => sum + toCents(toDecimal(a.balance.amount)), 0n));
}
