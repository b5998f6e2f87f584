import { Args, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, RequestLoaders } from 'src/common/auth/auth.decorators';
import { Viewer } from 'src/common/auth/graphql-context';
import { requireViewer } from 'src/common/auth/viewer';
import { Loaders } from 'src/common/loaders/loaders';
import { toDecimal } from 'src/common/money/decimal';
import { money, Money } from 'src/common/money/money.type';
import { Cooperative } from 'src/cooperatives/cooperative.entity';
import { Licensee } from 'src/licensing/licensing.entities';
import { LicensingService } from 'src/licensing/licensing.service';
import { Member } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { AssetsService } from './assets.service';
import { BondsService } from './bonds.service';
import { Asset, BondHolding, BondPayment, BondSeries, RentalAgreement } from './commons.types';
import { BondPurchaseInput, GrantRentalInput, IssueBondSeriesInput, PayCouponsInput, RegisterAssetInput } from './dto/commons.inputs';

@Resolver(() => Asset)
export class AssetResolver {
  constructor(private readonly assets: AssetsService) {}

  @Mutation(() => Asset, { description: 'COORDINATOR: records an asset the commune owns and posts its cost (property bought with cash).' })
  registerAsset(@CurrentViewer() viewer: Viewer, @Args('input') input: RegisterAssetInput): Promise<Asset> {
    return this.assets.register(viewer.userId, input);
  }

  @Mutation(() => RentalAgreement, { description: "COORDINATOR: rents an asset to a tenant (a licensee record) at a flat rent; a percentage of the tenant's revenue is refused." })
  grantRental(@CurrentViewer() viewer: Viewer, @Args('input') input: GrantRentalInput): Promise<RentalAgreement> {
    return this.assets.grantRental(viewer.userId, input);
  }

  @ResolveField(() => [RentalAgreement], { description: 'Oldest first, ended ones included.' })
  rentals(@Parent() asset: Asset): Promise<RentalAgreement[]> {
    return this.assets.rentals(asset.id);
  }
}

@Resolver(() => RentalAgreement)
export class RentalAgreementResolver {
  constructor(
    private readonly assets: AssetsService,
    private readonly licensing: LicensingService,
  ) {}

  @ResolveField(() => Asset)
  asset(@Parent() rental: RentalAgreement): Promise<Asset> {
    return this.assets.byId(rental.assetId);
  }

  @ResolveField(() => Licensee, { description: 'Its invoices, payments and standing are those of every billed agreement.' })
  tenant(@Parent() rental: RentalAgreement, @CurrentViewer() viewer: Viewer | undefined): Promise<Licensee> {
    return this.licensing.readableLicensee(requireViewer(viewer).userId, rental.tenantLicenseeId);
  }
}

@Resolver(() => BondSeries)
export class BondSeriesResolver {
  constructor(private readonly bonds: BondsService) {}

  @Mutation(() => BondSeries, { description: 'COORDINATOR: a series with a fixed yearly coupon rate, paid per period, and a maturity date.' })
  issueBondSeries(@CurrentViewer() viewer: Viewer, @Args('input') input: IssueBondSeriesInput): Promise<BondSeries> {
    return this.bonds.issue(viewer.userId, input);
  }

  @Mutation(() => BondHolding, { description: 'COORDINATOR: a member or an outsider lends to the commune; idempotent by key. No vote, no units.' })
  recordBondPurchase(@CurrentViewer() viewer: Viewer, @Args('input') input: BondPurchaseInput): Promise<BondHolding> {
    return this.bonds.purchase(viewer.userId, input);
  }

  @Mutation(() => [BondPayment], { description: "COORDINATOR: a finished period's coupons, apportioned to the cent; exactly once per period (a repeat returns the same payments)." })
  payBondCoupons(@CurrentViewer() viewer: Viewer, @Args('input') input: PayCouponsInput): Promise<BondPayment[]> {
    return this.bonds.payCoupons(viewer.userId, input);
  }

  @Mutation(() => [BondPayment], { description: 'COORDINATOR: repays every holding its principal at maturity; exactly once.' })
  redeemBonds(@CurrentViewer() viewer: Viewer, @Args('seriesId', { type: () => ID }) seriesId: string): Promise<BondPayment[]> {
    return this.bonds.redeem(viewer.userId, seriesId);
  }

  @ResolveField(() => [BondHolding], { description: 'In purchase order.' })
  holdings(@Parent() series: BondSeries): Promise<BondHolding[]> {
    return this.bonds.holdings(series.id);
  }

  @ResolveField(() => [BondPayment], { description: 'Coupons and principal, in the order paid.' })
  payments(@Parent() series: BondSeries): Promise<BondPayment[]> {
    return this.bonds.allPayments(series.id);
  }

  @ResolveField(() => Money, { description: 'Principal still owed: the sum of the holdings.' })
  async outstanding(@Parent() series: BondSeries): Promise<Money> {
    const holdings = await this.bonds.holdings(series.id);
    return money(holdings.reduce((sum, h) => sum.plus(h.principal.amount), toDecimal(0)), series.currency);
  }
}

@Resolver(() => BondHolding)
export class BondHoldingResolver {
  constructor(private readonly membership: MembershipService) {}

  @ResolveField(() => Member, { nullable: true })
  member(@Parent() holding: BondHolding, @RequestLoaders() loaders: Loaders): Promise<Member> | null {
    return holding.memberId ? this.membership.load(loaders, holding.memberId) : null;
  }
}

@Resolver(() => Cooperative)
export class CooperativeCommonsResolver {
  constructor(
    private readonly assetsService: AssetsService,
    private readonly bonds: BondsService,
  ) {}

  @ResolveField(() => [Asset], { description: 'Coordinators only.' })
  assets(@Parent() cooperative: Cooperative, @CurrentViewer() viewer: Viewer | undefined): Promise<Asset[]> {
    return this.assetsService.list(requireViewer(viewer).userId, cooperative.id);
  }

  @ResolveField(() => [BondSeries], { description: 'Coordinators only.' })
  bondSeries(@Parent() cooperative: Cooperative, @CurrentViewer() viewer: Viewer | undefined): Promise<BondSeries[]> {
    return this.bonds.list(requireViewer(viewer).userId, cooperative.id);
  }
}
