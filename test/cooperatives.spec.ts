import { gql } from 'graphql-request';
import { expectCode, TestServer } from './support/harness';
import { createCooperative, signUp, unique } from './support/factories';

const CREATE = gql`
  mutation ($input: CreateCooperativeInput!) {
    createCooperative(input: $input) {
      id
      slug
      currency
      foundingOpen
      bylaws {
        version
        reservePercent
        dividendPercent
        cobudgetPercent
        classes {
          class
          equityWeight
          voteWeight
        }
      }
    }
  }
`;
const BY_SLUG = gql`
  query ($slug: String!) {
    cooperative(slug: $slug) {
      id
      name
      bylaws {
        version
        reservePercent
        graceDays
        classes {
          class
          voteWeight
        }
      }
    }
  }
`;
const AMEND = gql`
  mutation ($input: AmendBylawsInput!) {
    amendBylaws(input: $input) {
      version
      reservePercent
      dividendPercent
      cobudgetPercent
      graceDays
      classes {
        class
        voteWeight
      }
    }
  }
`;
const HISTORY = gql`
  query ($slug: String!) {
    cooperative(slug: $slug) {
      bylawsHistory {
        version
        reservePercent
      }
    }
  }
`;
const ME = gql`
  {
    me {
      memberships {
        roles
        cooperative {
          id
        }
      }
    }
  }
`;

const TABLES = ['cooperatives', 'bylaws', 'members'];

describe('cooperatives and bylaws over GraphQL', () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.close());

  it('creates a cooperative with the default fair-shares bylaws; the creator is ADMIN and COORDINATOR', async () => {
    const founder = await signUp(server);
    const slug = unique('coop');
    const { createCooperative } = await server.request<{ createCooperative: Record<string, unknown> & { id: string } }>(CREATE, { input: { name: 'Bakery', slug, currency: 'EUR' } }, founder.token);
    expect(createCooperative).toMatchObject({
      slug,
      currency: 'EUR',
      foundingOpen: true,
      bylaws: {
        version: 1,
        reservePercent: '30',
        dividendPercent: '50',
        cobudgetPercent: '20',
        classes: ['FOUNDER', 'FUNDER', 'WORKER', 'USER'].map((c) => ({ class: c, equityWeight: '0.25', voteWeight: '0.25' })),
      },
    });
    const { me } = await server.request<{ me: { memberships: { roles: string[]; cooperative: { id: string } }[] } }>(ME, {}, founder.token);
    expect(me.memberships).toEqual([{ roles: expect.arrayContaining(['ADMIN', 'COORDINATOR']), cooperative: { id: createCooperative.id } }]);
  });

  it('reads a cooperative by slug, anonymously, and null for an unknown slug', async () => {
    const coop = await createCooperative(server);
    const { cooperative } = await server.request<{ cooperative: { id: string; bylaws: { version: number } } }>(BY_SLUG, { slug: coop.slug });
    expect(cooperative.id).toBe(coop.id);
    expect(cooperative.bylaws.version).toBe(1);
    expect(await server.request(BY_SLUG, { slug: 'no-such-coop' })).toEqual({ cooperative: null });
  });

  it('amends bylaws into a new version and keeps the old one readable', async () => {
    const coop = await createCooperative(server);
    const { amendBylaws } = await server.request<{ amendBylaws: unknown }>(
      AMEND,
      {
        input: {
          cooperativeId: coop.id,
          bylaws: { reservePercent: '25.5', dividendPercent: '54.5', graceDays: 14, voteWeights: { founder: '0.1', funder: '0.2', worker: '0.3', user: '0.4' } },
        },
      },
      coop.admin.token,
    );
    expect(amendBylaws).toEqual({
      version: 2,
      reservePercent: '25.5',
      dividendPercent: '54.5',
      cobudgetPercent: '20',
      graceDays: 14,
      classes: [
        { class: 'FOUNDER', voteWeight: '0.1' },
        { class: 'FUNDER', voteWeight: '0.2' },
        { class: 'WORKER', voteWeight: '0.3' },
        { class: 'USER', voteWeight: '0.4' },
      ],
    });
    const { cooperative } = await server.request<{ cooperative: { bylawsHistory: unknown[] } }>(HISTORY, { slug: coop.slug });
    expect(cooperative.bylawsHistory).toEqual([
      { version: 1, reservePercent: '30' },
      { version: 2, reservePercent: '25.5' },
    ]);
  });

  it('serialises concurrent amendments into consecutive versions', async () => {
    const coop = await createCooperative(server);
    const amendments = Array.from({ length: 8 }, (_, i) =>
      server.request(AMEND, { input: { cooperativeId: coop.id, bylaws: { graceDays: i + 1 } } }, coop.admin.token),
    );
    await Promise.all(amendments);
    const { cooperative } = await server.request<{ cooperative: { bylawsHistory: { version: number }[] } }>(HISTORY, { slug: coop.slug });
    expect(cooperative.bylawsHistory.map((b) => b.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  describe('refuses bad input with its code and writes nothing', () => {
    const cases: [string, Record<string, unknown>, string, string[]?][] = [
      ['a lower-case currency', { currency: 'eur' }, 'BAD_USER_INPUT', ['currency']],
      ['a 4-letter currency', { currency: 'EURO' }, 'BAD_USER_INPUT', ['currency']],
      ['a slug with capitals', { slug: 'Bad Slug' }, 'BAD_USER_INPUT', ['slug']],
      ['an empty name', { name: '' }, 'BAD_USER_INPUT', ['name']],
      ['surplus percents summing to 101', { bylaws: { reservePercent: '31' } }, 'BAD_USER_INPUT', ['bylaws.surplusSplit']],
      ['surplus percents summing to 99.99', { bylaws: { reservePercent: '29.99' } }, 'BAD_USER_INPUT', ['bylaws.surplusSplit']],
      ['a vote weight above 0.50', { bylaws: { voteWeights: { founder: '0.55', funder: '0.15', worker: '0.15', user: '0.15' } } }, 'BAD_USER_INPUT', ['bylaws.voteWeights.founder']],
      ['a vote weight below 0.10', { bylaws: { voteWeights: { founder: '0.09', funder: '0.41', worker: '0.25', user: '0.25' } } }, 'BAD_USER_INPUT', ['bylaws.voteWeights.founder']],
      ['vote weights summing to 1.000001', { bylaws: { voteWeights: { founder: '0.250001', funder: '0.25', worker: '0.25', user: '0.25' } } }, 'BAD_USER_INPUT', ['bylaws.voteWeights']],
      ['suspension shorter than grace', { bylaws: { graceDays: 30, suspensionDays: 10 } }, 'BAD_USER_INPUT', ['bylaws.suspensionDays']],
      ['a zero unit rate', { bylaws: { workerUnitsPerHour: '0' } }, 'BAD_USER_INPUT', ['bylaws.workerUnitsPerHour']],
    ];

    it.each(cases)('%s', async (_label, override, code, fields) => {
      const founder = await signUp(server);
      const before = await server.counts(TABLES);
      const error = await expectCode(server.request(CREATE, { input: { name: 'Co-op', slug: unique('coop'), currency: 'EUR', ...override } }, founder.token), code);
      if (fields) expect(error.extensions?.fields?.map((f) => f.field)).toEqual(fields);
      expect(await server.counts(TABLES)).toEqual(before);
    });

    it.each([
      ['an exponent', '1e2'],
      ['NaN', 'NaN'],
      ['Infinity', 'Infinity'],
      ['an empty string', ''],
      ['a number instead of a string', 30],
    ])('a Decimal written as %s', async (_label, value) => {
      const founder = await signUp(server);
      const before = await server.counts(TABLES);
      await expectCode(server.request(CREATE, { input: { name: 'Co-op', slug: unique('coop'), currency: 'EUR', bylaws: { reservePercent: value } } }, founder.token), 'BAD_USER_INPUT');
      expect(await server.counts(TABLES)).toEqual(before);
    });

    it('a slug that is taken: CONFLICT', async () => {
      const coop = await createCooperative(server);
      const other = await signUp(server);
      const before = await server.counts(TABLES);
      await expectCode(server.request(CREATE, { input: { name: 'Copycat', slug: coop.slug, currency: 'EUR' } }, other.token), 'CONFLICT');
      expect(await server.counts(TABLES)).toEqual(before);
    });

    it('invalid amended bylaws', async () => {
      const coop = await createCooperative(server);
      const before = await server.counts(TABLES);
      await expectCode(server.request(AMEND, { input: { cooperativeId: coop.id, bylaws: { dividendPercent: '60' } } }, coop.admin.token), 'BAD_USER_INPUT');
      expect(await server.counts(TABLES)).toEqual(before);
    });
  });

  it('lets only an ADMIN of that cooperative amend its bylaws', async () => {
    const coop = await createCooperative(server);
    const stranger = await signUp(server);
    const before = await server.counts(TABLES);
    await expectCode(server.request(AMEND, { input: { cooperativeId: coop.id, bylaws: { graceDays: 3 } } }, stranger.token), 'FORBIDDEN');
    await expectCode(server.request(AMEND, { input: { cooperativeId: coop.id, bylaws: { graceDays: 3 } } }), 'UNAUTHENTICATED');
    await expectCode(server.request(AMEND, { input: { cooperativeId: '00000000-0000-4000-8000-000000000000', bylaws: { graceDays: 3 } } }, coop.admin.token), 'NOT_FOUND');
    expect(await server.counts(TABLES)).toEqual(before);
  });

  it('refuses createCooperative anonymously', async () => {
    await expectCode(server.request(CREATE, { input: { name: 'Co-op', slug: unique('coop'), currency: 'EUR' } }), 'UNAUTHENTICATED');
  });
});
