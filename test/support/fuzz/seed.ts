import { TestServer } from '../harness';
import { addMember, adminMemberId, capital, createCooperative, founderUnit, labour, patronage, signUp, TestCooperative, unique } from '../factories';
import { createProposal } from '../governance';
import { SeededData } from './scalar-values';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** Runs a mutation and returns the id it answers with. */
async function idOf(server: TestServer, token: string, mutation: string, inputType: string, input: Record<string, unknown>): Promise<string> {
  const data = await server.request<Record<string, { id: string }>>(`mutation ($input: ${inputType}!) { ${mutation}(input: $input) { id } }`, { input }, token);
  return data[mutation].id;
}

/**
 * A cooperative with its admin (the fuzzing user), a coordinator and a member holding units, a
 * proposal, a work, a licensee with an agreement, a surplus, a budget round with a bucket and a
 * pending application. Steps past the core (cooperative and members) are best effort: the IDs that
 * could be made feed the fuzzer; a step that fails is reported and skipped.
 */
export async function seedCooperative(server: TestServer): Promise<{ coop: TestCooperative; seeded: SeededData; skipped: string[] }> {
  const coop = await createCooperative(server);
  const token = coop.admin.token;
  const coordinator = await addMember(server, coop, unique('coordinator'), ['COORDINATOR']);
  const member = await addMember(server, coop);
  const adminMember = await adminMemberId(server, coop);
  // The admin's own member id stays out: a fuzzed leaveCooperative or setMemberRoles on it would lock the fuzzer out.
  const ids: Record<string, string[]> = { cooperativeId: [coop.id], memberId: [coordinator.id, member.id] };
  const add = (name: string, id: string): void => {
    ids[name] = [...(ids[name] ?? []), id];
  };
  const skipped: string[] = [];
  const step = async (what: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      skipped.push(`${what}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  };

  await step('units', async () => {
    await founderUnit(server, coop, adminMember);
    await labour(server, coop, member.id, '8');
    await capital(server, coop, coordinator.id, '100.00');
    await patronage(server, coop, member.id, '20.00');
  });
  await step('proposal', async () => add('proposalId', await createProposal(server, coop, { closesAt: inDays(60) })));
  await step('work', async () => add('workId', await idOf(server, token, 'registerWork', 'RegisterWorkInput', { cooperativeId: coop.id, title: 'Bread recipe' })));
  await step('licensee', async () => {
    const licenseeId = await idOf(server, token, 'registerLicensee', 'RegisterLicenseeInput', { cooperativeId: coop.id, name: 'Big Bakery', email: `${unique('licensee')}@example.org`, use: 'COMMERCIAL' });
    add('licenseeId', licenseeId);
    const agreementId = await idOf(server, token, 'grantCommercialLicense', 'GrantLicenseInput', { licenseeId,
      workId: ids.workId[0],
      fee: { period: 'MONTHLY', amount: '10.00' },
      startsOn: '2026-01-01',
    });
    add('agreementId', agreementId);
  });
  await step('surplus and round', async () => {
    const surplusId = await idOf(server, token, 'declareSurplus', 'DeclareSurplusInput', { cooperativeId: coop.id, period: '2025', amount: '1000.00', idempotencyKey: unique('key') });
    add('surplusId', surplusId);
    const roundId = await idOf(server, token, 'openBudgetRound', 'OpenBudgetRoundInput', { cooperativeId: coop.id, title: 'Round', surplusId, grantingClosesAt: inDays(60) });
    add('roundId', roundId);
    add('bucketId', await idOf(server, token, 'proposeBucket', 'ProposeBucketInput', { roundId, title: 'Oven', description: 'A bigger oven', minGoal: '10.00', maxGoal: '50.00' }));
  });
  await step('application', async () => {
    const applicant = await signUp(server);
    add('applicationId', await idOf(server, applicant.token, 'applyForMembership', 'ApplyInput', { cooperativeId: coop.id, stakeholderClass: 'USER' }));
  });
  ids.id = Object.values(ids).flat();

  return { coop, seeded: { idsByName: ids, slug: coop.slug, emails: [coop.admin.email, coordinator.user.email, member.user.email] }, skipped };
}
