import { DemoClient } from './client';

export const DEMO_SLUG = 'demo-commons';
export const DEMO_PASSWORD = 'demo-password-2026';

export interface Persona {
  role: string;
  email: string;
  does: string;
}

interface Account {
  email: string;
  token: string;
  userId: string;
}

interface DemoMember extends Account {
  memberId: string;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000);
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Worked example V1's electorate: 2 founders, 4 funders, 10 workers, 20 users, and their YES_NO ballots. */
const ELECTORATE = [
  { prefix: 'founder', count: 2, ballots: ['YES', 'YES'] },
  { prefix: 'funder', count: 4, ballots: ['YES', 'NO', 'NO', 'NO'] },
  { prefix: 'worker', count: 10, ballots: ['YES', 'YES', 'YES', 'YES', 'YES', 'YES', 'NO', 'NO', 'NO', 'ABSTAIN'] },
  { prefix: 'user', count: 20, ballots: [...Array<string>(5).fill('YES'), ...Array<string>(15).fill('NO')] },
] as const;

/** Runs `work` over `items`, a few at a time (sign-up hashes passwords, which is deliberately slow). */
async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map((item, j) => work(item, i + j)))));
  return results;
}

export class DemoSeed {
  constructor(private readonly api: DemoClient) {}

  async exists(): Promise<boolean> {
    const coordinator = await this.logIn('coordinator@demo.example').catch(() => null);
    if (!coordinator) return false;
    const { cooperative } = await this.api.request<{ cooperative: { id: string } | null }>(`query ($slug: String!) { cooperative(slug: $slug) { id } }`, { slug: DEMO_SLUG }, coordinator.token);
    return cooperative !== null;
  }

  async run(): Promise<Persona[]> {
    const coordinator = await this.account('coordinator@demo.example', 'Ada Coordinator');
    const { createCooperative: coop } = await this.api.request<{ createCooperative: { id: string } }>(
      `mutation ($input: CreateCooperativeInput!) { createCooperative(input: $input) { id } }`,
      { input: { name: 'Demo Commons', slug: DEMO_SLUG, currency: 'EUR' } },
      coordinator.token,
    );
    const members = await this.electorate(coop.id, coordinator);
    await this.proposals(coop.id, coordinator, members);
    await this.surplusAndRound(coop.id, coordinator, members);
    const licensee = await this.licensing(coop.id, coordinator);
    return [
      { role: 'coordinator', email: coordinator.email, does: 'admits members, runs proposals and rounds, declares surplus, bills licensees' },
      { role: 'member', email: members.worker[0].email, does: 'a worker: votes on the open proposals and funds buckets from their allocation' },
      { role: 'licensee', email: licensee, does: "Acme Ltd's account: sees its own invoices, payments and standing" },
    ];
  }

  private async logIn(email: string): Promise<Account> {
    const { logIn } = await this.api.request<{ logIn: { token: string; user: { id: string } } }>(`mutation ($input: LogInInput!) { logIn(input: $input) { token user { id } } }`, {
      input: { email, password: DEMO_PASSWORD },
    });
    return { email, token: logIn.token, userId: logIn.user.id };
  }

  /** A verified account, as a person gets one: sign up, then follow the mailed link. */
  private async account(email: string, displayName: string): Promise<Account> {
    const { signUp } = await this.api.request<{ signUp: { token: string; user: { id: string } } }>(`mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id } } }`, {
      input: { email, password: DEMO_PASSWORD, displayName },
    });
    await this.api.request(`mutation ($token: String!) { verifyEmail(token: $token) { id } }`, { token: await this.api.mailedToken(email, 'verify-email') });
    return { email, token: signUp.token, userId: signUp.user.id };
  }

  /** Invited by the coordinator, accepted through the mailed link. */
  private async member(cooperativeId: string, coordinator: Account, email: string, name: string): Promise<DemoMember> {
    const person = await this.account(email, name);
    await this.api.request(`mutation ($input: AddMemberInput!) { addMember(input: $input) { id } }`, { input: { cooperativeId, email } }, coordinator.token);
    const { acceptInvitation } = await this.api.request<{ acceptInvitation: { id: string } }>(`mutation ($token: String!) { acceptInvitation(token: $token) { id } }`, {
      token: await this.api.mailedToken(email, 'accept-invitation'),
    }, person.token);
    return { ...person, memberId: acceptInvitation.id };
  }

  /** V1's 36 members, each with units from a recorded contribution of their class; founding then closes. */
  private async electorate(cooperativeId: string, coordinator: Account): Promise<Record<'founder' | 'funder' | 'worker' | 'user', DemoMember[]>> {
    const byClass = {} as Record<'founder' | 'funder' | 'worker' | 'user', DemoMember[]>;
    for (const { prefix, count } of ELECTORATE) {
      const names = Array.from({ length: count }, (_, i) => i + 1);
      byClass[prefix] = await inBatches(names, 6, (n) => this.member(cooperativeId, coordinator, `${prefix}${n}@demo.example`, `${prefix[0].toUpperCase()}${prefix.slice(1)} ${n}`));
      await inBatches(byClass[prefix], 6, (member, i) => this.contribute(prefix, member.memberId, i, coordinator.token));
    }
    await this.api.request(`mutation ($id: ID!) { closeFounding(cooperativeId: $id) { id } }`, { id: cooperativeId }, coordinator.token);
    return byClass;
  }

  private contribute(prefix: 'founder' | 'funder' | 'worker' | 'user', memberId: string, i: number, token: string): Promise<unknown> {
    switch (prefix) {
      case 'founder':
        return this.api.request(`mutation ($input: MemberRefInput!) { issueFounderUnits(input: $input) { id } }`, { input: { memberId } }, token);
      case 'funder':
        return this.api.request(`mutation ($input: RecordMoneyInput!) { recordCapital(input: $input) { id } }`, { input: { memberId, amount: `${(i + 1) * 1000}.00`, note: 'Share capital' } }, token);
      case 'worker':
        return this.api.request(
          `mutation ($input: RecordLabourInput!) { recordLabour(input: $input) { id } }`,
          { input: { memberId, hours: String(20 + i * 10), description: 'Building the commons', occurredOn: isoDay(day(-30)) } },
          token,
        );
      case 'user':
        return this.api.request(`mutation ($input: RecordMoneyInput!) { recordPatronage(input: $input) { id } }`, { input: { memberId, amount: `${50 + i * 5}.00`, note: 'Membership dues' } }, token);
    }
  }

  private async proposal(cooperativeId: string, token: string, input: Record<string, unknown>): Promise<string> {
    const { createProposal } = await this.api.request<{ createProposal: { id: string } }>(
      `mutation ($input: CreateProposalInput!) { createProposal(input: $input) { id } }`,
      { input: { cooperativeId, kind: 'ORDINARY', closesAt: day(7).toISOString(), ...input } },
      token,
    );
    return createProposal.id;
  }

  private vote(proposalId: string, token: string, input: Record<string, unknown>): Promise<unknown> {
    return this.api.request(`mutation ($input: CastVoteInput!) { castVote(input: $input) { id } }`, { input: { proposalId, ...input } }, token);
  }

  /** V1 as a closed YES_NO proposal (PASSED, where a head count would have rejected it), and open ones to vote on. */
  private async proposals(cooperativeId: string, coordinator: Account, members: Record<'founder' | 'funder' | 'worker' | 'user', DemoMember[]>): Promise<void> {
    const v1 = await this.proposal(cooperativeId, coordinator.token, { title: 'Open a second workshop', body: 'Worked example V1: 14 yes against 21 no, and it passes by class.', method: 'YES_NO' });
    for (const { prefix, ballots } of ELECTORATE) await inBatches(members[prefix], 8, (member, i) => this.vote(v1, member.token, { choice: ballots[i] }));
    await this.api.request(`mutation ($id: ID!) { closeProposal(id: $id) { id } }`, { id: v1 }, coordinator.token);

    const consent = await this.proposal(cooperativeId, coordinator.token, {
      title: 'Adopt the code of conduct',
      body: 'Consent: object with BLOCK (and a reason) if you cannot live with it.',
      method: 'CONSENT',
    });
    await inBatches(members.founder, 4, (member) => this.vote(consent, member.token, { choice: 'YES' }));
    await this.proposal(cooperativeId, coordinator.token, {
      title: 'Publish the accounts monthly',
      body: 'Results stay hidden until the vote closes, and ballots are anonymous.',
      method: 'YES_NO',
      resultsVisibility: 'AFTER_CLOSE',
      anonymous: true,
    });
    await this.optionProposals(cooperativeId, coordinator, members);
  }

  /** One open proposal per option method, each with a few ballots, and V3's instant runoff closed with an outcome statement. */
  private async optionProposals(cooperativeId: string, coordinator: Account, members: Record<'founder' | 'funder' | 'worker' | 'user', DemoMember[]>): Promise<void> {
    const create = async (method: string, title: string, options: string[], extra: Record<string, unknown> = {}) => {
      const { createProposal } = await this.api.request<{ createProposal: { id: string; options: { id: string }[] } }>(
        `mutation ($input: CreateProposalInput!) { createProposal(input: $input) { id options { id } } }`,
        { input: { cooperativeId, kind: 'ORDINARY', method, title, body: `A ${method} vote.`, options, closesAt: day(10).toISOString(), ...extra } },
        coordinator.token,
      );
      return { id: createProposal.id, options: createProposal.options.map((o) => o.id) };
    };
    const voters = [...members.founder, ...members.funder, ...members.worker.slice(1), ...members.user.slice(0, 6)];
    const single = await create('SINGLE_CHOICE', 'Name of the new workshop', ['The Forge', 'Commons Lab', 'Second Floor']);
    await inBatches(voters, 8, (m, i) => this.vote(single.id, m.token, { optionIds: [single.options[i % 3]] }));
    const approval = await create('APPROVAL', 'Which open days?', ['Monday', 'Wednesday', 'Saturday'], { maxChoices: 2 });
    await inBatches(voters, 8, (m, i) => this.vote(approval.id, m.token, { optionIds: i % 2 ? [approval.options[0], approval.options[2]] : [approval.options[1]] }));
    const score = await create('SCORE', 'Rate the logo drafts', ['Circle', 'Square', 'Hexagon']);
    await inBatches(voters, 8, (m, i) => this.vote(score.id, m.token, { scores: score.options.map((optionId, o) => ({ optionId, score: (i + o) % 6 })) }));
    const dots = await create('DOT_VOTE', 'Where should the tool budget go?', ['Lathe', 'Laser cutter', '3D printer'], { dots: 10 });
    await inBatches(voters, 8, (m, i) => this.vote(dots.id, m.token, { allocations: [{ optionId: dots.options[i % 3], amount: 6 }, { optionId: dots.options[(i + 1) % 3], amount: 4 }] }));
    const quadratic = await create('QUADRATIC', 'Priorities for next year', ['Housing', 'Training', 'Tools'], { credits: 25 });
    await inBatches(voters, 8, (m, i) => this.vote(quadratic.id, m.token, { allocations: [{ optionId: quadratic.options[i % 3], amount: 4 }, { optionId: quadratic.options[(i + 2) % 3], amount: 3 }] }));
    const condorcet = await create('CONDORCET', 'Second site', ['Memphis', 'Nashville', 'Chattanooga', 'Knoxville']);
    await inBatches(voters, 8, (m, i) => this.vote(condorcet.id, m.token, { ranking: i % 2 ? [condorcet.options[1], condorcet.options[2]] : [condorcet.options[0], condorcet.options[1], condorcet.options[3]] }));
    // Worked example V3's rankings, scaled to the 20 users, closed: Knoxville wins the runoff.
    const cities = await create('RANKED_CHOICE', 'Where do we open?', ['Memphis', 'Nashville', 'Chattanooga', 'Knoxville']);
    const [m, n, c, k] = cities.options;
    const rankings = [...Array<string[]>(8).fill([m, n, c, k]), ...Array<string[]>(5).fill([n, c, k, m]), ...Array<string[]>(3).fill([c, k, n, m]), ...Array<string[]>(4).fill([k, c, n, m])];
    await inBatches(members.user, 8, (member, i) => this.vote(cities.id, member.token, { ranking: rankings[i] }));
    await this.api.request(`mutation ($id: ID!) { closeProposal(id: $id) { id } }`, { id: cities.id }, coordinator.token);
    await this.api.request(
      `mutation ($input: OutcomeStatementInput!) { recordOutcomeStatement(input: $input) { recordedAt } }`,
      { input: { proposalId: cities.id, statement: 'We open in Knoxville, after the runoff.', reviewOn: isoDay(day(90)) } },
      coordinator.token,
    );
  }

  /** A surplus of 100,000.00 split 30/50/20, its co-budget round open, with buckets partly funded. */
  private async surplusAndRound(cooperativeId: string, coordinator: Account, members: Record<'founder' | 'funder' | 'worker' | 'user', DemoMember[]>): Promise<void> {
    const { declareSurplus } = await this.api.request<{ declareSurplus: { id: string } }>(
      `mutation ($input: DeclareSurplusInput!) { declareSurplus(input: $input) { id } }`,
      { input: { cooperativeId, period: String(new Date().getUTCFullYear() - 1), amount: '100000.00', idempotencyKey: 'demo-surplus' } },
      coordinator.token,
    );
    const { openBudgetRound } = await this.api.request<{ openBudgetRound: { id: string } }>(
      `mutation ($input: OpenBudgetRoundInput!) { openBudgetRound(input: $input) { id } }`,
      { input: { cooperativeId, title: 'Co-budget from last year', surplusId: declareSurplus.id, grantingClosesAt: day(14).toISOString() } },
      coordinator.token,
    );
    const buckets = [
      { title: 'Community solar roof', description: 'Panels on the workshop roof.', minGoal: '3000.00', maxGoal: '5000.00', by: members.founder[0] },
      { title: 'Repair café tools', description: 'Soldering stations and a sewing machine.', minGoal: '800.00', maxGoal: '1200.00', by: members.worker[1] },
      { title: 'Translation sprint', description: 'The handbook in three more languages.', minGoal: '2000.00', maxGoal: '2500.00', by: members.user[0] },
    ];
    const ids: string[] = [];
    for (const { by, ...bucket } of buckets) {
      const { proposeBucket } = await this.api.request<{ proposeBucket: { id: string } }>(
        `mutation ($input: ProposeBucketInput!) { proposeBucket(input: $input) { id } }`,
        { input: { roundId: openBudgetRound.id, ...bucket } },
        by.token,
      );
      await this.api.request(`mutation ($id: ID!) { approveBucket(id: $id) { id } }`, { id: proposeBucket.id }, coordinator.token);
      ids.push(proposeBucket.id);
    }
    const give = (member: DemoMember, bucketId: string, amount: string) =>
      this.api.request(`mutation ($input: ContributeInput!) { contribute(input: $input) { id } }`, { input: { bucketId, amount } }, member.token);
    for (const founder of members.founder) await give(founder, ids[0], '1500.00');
    for (const worker of members.worker.slice(0, 3)) await give(worker, ids[1], '300.00');
    await give(members.user[0], ids[2], '250.00');
  }

  /** Acme Ltd uses a work commercially at 250.00 a month: three invoices, 500.00 paid, one still open. */
  private async licensing(cooperativeId: string, coordinator: Account): Promise<string> {
    const { registerWork } = await this.api.request<{ registerWork: { id: string } }>(
      `mutation ($input: RegisterWorkInput!) { registerWork(input: $input) { id } }`,
      { input: { cooperativeId, title: 'OpenHouse', description: 'Open-source house designs.' } },
      coordinator.token,
    );
    const email = 'acme@demo.example';
    const { registerLicensee } = await this.api.request<{ registerLicensee: { id: string } }>(
      `mutation ($input: RegisterLicenseeInput!) { registerLicensee(input: $input) { id } }`,
      { input: { cooperativeId, name: 'Acme Ltd', email, use: 'COMMERCIAL' } },
      coordinator.token,
    );
    const now = new Date();
    const firstOfMonth = (back: number) => isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)));
    await this.api.request(
      `mutation ($input: GrantLicenseInput!) { grantCommercialLicense(input: $input) { id } }`,
      { input: { licenseeId: registerLicensee.id, workId: registerWork.id, fee: { period: 'MONTHLY', amount: '250.00' }, startsOn: firstOfMonth(2) } },
      coordinator.token,
    );
    await this.api.request(`mutation ($input: IssueInvoicesInput!) { issueInvoices(input: $input) { id } }`, { input: { cooperativeId, through: isoDay(now) } }, coordinator.token);
    await this.api.request(
      `mutation ($input: RecordPaymentInput!) { recordPayment(input: $input) { id } }`,
      { input: { licenseeId: registerLicensee.id, amount: '500.00', idempotencyKey: 'demo-acme-1' } },
      coordinator.token,
    );
    const account = await this.account(email, 'Acme Ltd');
    await this.api.request(`mutation ($id: ID!) { inviteLicenseeAccount(licenseeId: $id) { id } }`, { id: registerLicensee.id }, coordinator.token);
    await this.api.request(`mutation ($token: String!) { acceptLicenseeInvitation(token: $token) { id } }`, { token: await this.api.mailedToken(email, 'accept-licensee-invitation') }, account.token);
    return email;
  }
}
