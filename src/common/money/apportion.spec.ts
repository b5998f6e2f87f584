import Decimal from 'decimal.js';
import fc from 'fast-check';
import { apportion, Claim } from 'src/common/money/apportion';
import { formatCents, toDecimal } from 'src/common/money/decimal';

/** Claims keyed and ranked by position, from decimal-text weights. */
function claimsOf(...weights: string[]): Claim<number>[] {
  return weights.map((weight, i) => ({ key: i, weight: toDecimal(weight), rank: i }));
}

function centsOf(shares: { cents: bigint }[]): bigint[] {
  return shares.map(({ cents }) => cents);
}

function sum(values: bigint[]): bigint {
  return values.reduce((total, v) => total + v, 0n);
}

describe('apportion (largest remainder, in cents)', () => {
  describe('worked examples', () => {
    it('S1: splits 11,000.00 among 18 holders of 10 units, the two extra cents going to ranks 0 and 1', () => {
      const shares = apportion(1_100_000n, claimsOf(...Array<string>(18).fill('10')));

      expect(centsOf(shares)).toEqual([61112n, 61112n, ...Array<bigint>(16).fill(61111n)]);
      expect(sum(centsOf(shares))).toBe(1_100_000n);
      expect(formatCents(shares[0].cents)).toBe('611.12');
      expect(formatCents(shares[17].cents)).toBe('611.11');
    });

    it('S1: rounding each share on its own would lose 0.02', () => {
      const naiveShare = toDecimal('11000.00').dividedBy(18).toDecimalPlaces(2);

      expect(naiveShare.toString()).toBe('611.11');
      expect(naiveShare.times(18).toString()).toBe('10999.98');
    });

    it('S2: splits 100,000.00 by 30/50/20', () => {
      expect(centsOf(apportion(10_000_000n, claimsOf('30', '50', '20')))).toEqual([3_000_000n, 5_000_000n, 2_000_000n]);
    });

    it('S2: splits 5,000.00 in three equal parts, the extra cent to ranks 0 and 1', () => {
      expect(centsOf(apportion(500_000n, claimsOf('1', '1', '1')))).toEqual([166_667n, 166_667n, 166_666n]);
    });

    it('S2: splits 12,500.00 by units 3000:1000', () => {
      expect(centsOf(apportion(1_250_000n, claimsOf('3000', '1000')))).toEqual([937_500n, 312_500n]);
    });

    it('S2: splits 12,500.00 by 100:50:50', () => {
      expect(centsOf(apportion(1_250_000n, claimsOf('100', '50', '50')))).toEqual([625_000n, 312_500n, 312_500n]);
    });
  });

  describe('ties and order', () => {
    it('breaks ties by rank, not by input position, when the input is reversed', () => {
      const reversed = claimsOf('1', '1', '1').reverse();
      const shares = apportion(500_000n, reversed);

      expect(shares.map(({ key }) => key)).toEqual([2, 1, 0]);
      expect(centsOf(shares)).toEqual([166_666n, 166_667n, 166_667n]);
    });

    it('breaks ties by rank whatever the rank values are', () => {
      const claims: Claim<string>[] = [
        { key: 'a', weight: toDecimal(1), rank: 30 },
        { key: 'b', weight: toDecimal(1), rank: -5 },
        { key: 'c', weight: toDecimal(1), rank: 7 },
      ];

      expect(apportion(2n, claims)).toEqual([
        { key: 'a', cents: 0n },
        { key: 'b', cents: 1n },
        { key: 'c', cents: 1n },
      ]);
    });

    it('gives the leftover cent to the largest remainder before the rank', () => {
      // 10 cents by 1:2 -> exact 3.33 and 6.67: the larger remainder wins though it has the higher rank.
      expect(centsOf(apportion(10n, claimsOf('1', '2')))).toEqual([3n, 7n]);
    });
  });

  describe('decimal and zero weights', () => {
    it('handles weights 1.5, 2.25 and 0.001 exactly', () => {
      // Scaled to 1500 : 2250 : 1 of 3751; remainders 1357, 160, 2234, so the one leftover cent goes to 0.001.
      const shares = apportion(1_000_000n, claimsOf('1.5', '2.25', '0.001'));

      expect(centsOf(shares)).toEqual([399_893n, 599_840n, 267n]);
      expect(sum(centsOf(shares))).toBe(1_000_000n);
    });

    it('stays exact beyond the 20 digits of a default Decimal', () => {
      const claims: Claim<string>[] = [
        { key: 'one', weight: new Decimal('1'), rank: 0 },
        { key: 'a hair more', weight: new Decimal('1.00000000000000000000000001'), rank: 1 },
        { key: 'tiny', weight: new Decimal('1e-30'), rank: 2 },
      ];

      expect(centsOf(apportion(1n, claims))).toEqual([0n, 1n, 0n]);
    });

    it('gives zero-weight claims nothing, not even a leftover cent', () => {
      expect(centsOf(apportion(100n, claimsOf('0', '1', '1', '1', '0')))).toEqual([0n, 34n, 33n, 33n, 0n]);
    });

    it('returns zero shares when the total is zero', () => {
      expect(centsOf(apportion(0n, claimsOf('3', '1')))).toEqual([0n, 0n]);
      expect(centsOf(apportion(0n, claimsOf('0', '0')))).toEqual([0n, 0n]);
      expect(apportion(0n, [])).toEqual([]);
    });
  });

  describe('refusals', () => {
    it('refuses a negative total', () => {
      expect(() => apportion(-1n, claimsOf('1'))).toThrow(/total -1 cents is negative/);
    });

    it('refuses a negative weight', () => {
      expect(() => apportion(100n, claimsOf('1', '-0.5'))).toThrow(/weight -0.5 is negative/);
    });

    it('refuses a weight that is not finite', () => {
      expect(() => apportion(100n, claimsOf('1', 'NaN'))).toThrow(/weight NaN is not a finite number/);
      expect(() => apportion(100n, claimsOf('Infinity'))).toThrow(/weight Infinity is not a finite number/);
    });

    it('refuses ranks that are not unique', () => {
      const claims = claimsOf('1', '1').map((claim) => ({ ...claim, rank: 4 }));

      expect(() => apportion(100n, claims)).toThrow(/rank 4 is not unique/);
    });

    it('refuses ranks that are not integers', () => {
      const claims = claimsOf('1').map((claim) => ({ ...claim, rank: 0.5 }));

      expect(() => apportion(100n, claims)).toThrow(/rank 0.5 is not an integer/);
    });

    it('refuses a positive total with no claims', () => {
      expect(() => apportion(1n, [])).toThrow(/no claims to receive 1 cents/);
    });

    it('refuses a positive total when all weights are zero', () => {
      expect(() => apportion(1n, claimsOf('0', '0'))).toThrow(/all weights are zero/);
    });
  });

  describe('properties', () => {
    const PLACES = 4;
    const numRuns = 300;

    /** Weights as whole ten-thousandths, small ones often so that ties and zeros happen. */
    const scaledWeight = fc.oneof(fc.bigInt({ min: 0n, max: 5n }), fc.bigInt({ min: 0n, max: 10n ** 10n }));
    const totalCents = fc.bigInt({ min: 0n, max: 10n ** 12n });
    const input = fc
      .tuple(totalCents, fc.array(scaledWeight, { minLength: 1, maxLength: 50 }))
      .filter(([total, weights]) => total === 0n || weights.some((w) => w > 0n))
      .map(([total, weights]) => ({
        total,
        weights,
        claims: weights.map((w, i): Claim<number> => ({ key: i, weight: toDecimal(w.toString()).dividedBy(10 ** PLACES), rank: i })),
      }));

    it('parts always sum exactly to the total', () => {
      fc.assert(
        fc.property(input, ({ total, claims }) => {
          expect(sum(centsOf(apportion(total, claims)))).toBe(total);
        }),
        { numRuns },
      );
    });

    it('each part is the floor of its exact share or one cent more', () => {
      fc.assert(
        fc.property(input, ({ total, weights, claims }) => {
          const weightSum = sum(weights);
          const shares = apportion(total, claims);
          // Nothing to split (total 0 over zero weights): every part is zero.
          if (weightSum === 0n) return shares.every(({ cents }) => cents === 0n);
          shares.forEach(({ cents }, i) => {
            const floor = (total * weights[i]) / weightSum;
            const exact = (total * weights[i]) % weightSum === 0n;
            expect(cents === floor || (!exact && cents === floor + 1n)).toBe(true);
          });
        }),
        { numRuns },
      );
    });

    it('does not depend on the input order', () => {
      const shuffled = input.chain((sample) =>
        fc
          .shuffledSubarray(sample.claims, { minLength: sample.claims.length, maxLength: sample.claims.length })
          .map((claims) => ({ ...sample, shuffledClaims: claims })),
      );
      fc.assert(
        fc.property(shuffled, ({ total, claims, shuffledClaims }) => {
          const byKey = new Map(apportion(total, shuffledClaims).map(({ key, cents }) => [key, cents]));
          apportion(total, claims).forEach(({ key, cents }) => expect(byKey.get(key)).toBe(cents));
        }),
        { numRuns },
      );
    });

    it('never gives a larger weight fewer cents than a smaller one', () => {
      fc.assert(
        fc.property(input, ({ total, weights, claims }) => {
          const cents = centsOf(apportion(total, claims));
          weights.forEach((wa, a) =>
            weights.forEach((wb, b) => {
              if (wa > wb) expect(cents[a] >= cents[b]).toBe(true);
            }),
          );
        }),
        { numRuns },
      );
    });
  });
});
