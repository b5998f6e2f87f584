import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, RequestLoaders } from 'src/common/auth/auth.decorators';
import { Viewer } from 'src/common/auth/graphql-context';
import { requireViewer } from 'src/common/auth/viewer';
import { Loaders } from 'src/common/loaders/loaders';
import { Money, money } from 'src/common/money/money.type';
import { ConnectionType, PageArgs } from 'src/common/pagination/connection';
import { LocalDateScalar } from 'src/common/scalars/local-date.scalar';
import { Cooperative } from 'src/cooperatives/cooperative.entity';
import { CooperativesService } from 'src/cooperatives/cooperatives.service';
import { Member } from 'src/membership/member.entity';
import { TokenArgs } from 'src/identity/dto/identity.inputs';
import { BillingService } from './billing.service';
import { LicenseeAccountsService } from './licensee-accounts.service';
import { DeclareRevenueInput, FeeScheduleInput, GrantLicenseInput, IssueInvoicesInput, RecordPaymentInput, RegisterLicenseeInput, RegisterWorkInput } from './dto/licensing.inputs';
import { LicenseAgreement, Licensee, Work } from './licensing.entities';
import { LicenseeStanding } from './licensing.rules';
import { LicensingService, today } from './licensing.service';
import { StandingService } from './standing.service';
import { FeeScheduleView, Invoice, Payment, RevenueDeclaration } from './licensing.types';

const InvoiceConnection = ConnectionType(Invoice, 'Invoice');
const PaymentConnection = ConnectionType(Payment, 'Payment');

@Resolver(() => Licensee)
export class LicensingResolver {
  constructor(
    private readonly licensing: LicensingService,
    private readonly billing: BillingService,
    private readonly cooperatives: CooperativesService,
    private readonly accounts: LicenseeAccountsService,
    private readonly standings: StandingService,
  ) {}

  @Mutation(() => Work, { description: 'COORDINATOR: registers a work of the commons.' })
  registerWork(@CurrentViewer() viewer: Viewer, @Args('input') input: RegisterWorkInput): Promise<Work> {
    return this.licensing.registerWork(viewer.userId, input);
  }

  @Mutation(() => Licensee, { description: 'COORDINATOR: registers a licensee and its declared use; WORKER_OWNED needs the three declarations.' })
  registerLicensee(@CurrentViewer() viewer: Viewer, @Args('input') input: RegisterLicenseeInput): Promise<Licensee> {
    return this.licensing.registerLicensee(viewer.userId, input);
  }

  @Mutation(() => LicenseAgreement, { description: 'COORDINATOR: a commercial licence of a work, from the first day of a period.' })
  grantCommercialLicense(@CurrentViewer() viewer: Viewer, @Args('input') input: GrantLicenseInput): Promise<LicenseAgreement> {
    return this.licensing.grantCommercialLicense(viewer.userId, input);
  }

  @Mutation(() => RevenueDeclaration, { description: "COORDINATOR or the licensee's account: revenue of one period of a percentage agreement, declared once." })
  declareRevenue(@CurrentViewer() viewer: Viewer, @Args('input') input: DeclareRevenueInput): Promise<RevenueDeclaration> {
    return this.billing.declareRevenue(viewer.userId, input);
  }

  @Mutation(() => [Invoice], { description: 'COORDINATOR: invoices every period starting on or before `through`, once only; returns the invoices this call created.' })
  issueInvoices(@CurrentViewer() viewer: Viewer, @Args('input') input: IssueInvoicesInput): Promise<Invoice[]> {
    return this.billing.issueInvoices(viewer.userId, input);
  }

  @Mutation(() => Payment, { description: 'COORDINATOR: records a payment once per idempotency key; oldest invoices are paid first, the rest is credit.' })
  recordPayment(@CurrentViewer() viewer: Viewer, @Args('input') input: RecordPaymentInput): Promise<Payment> {
    return this.billing.recordPayment(viewer.userId, input);
  }

  @Mutation(() => Member, { description: 'COORDINATOR: the licensee becomes a member; licence fees stop after the current period and dues start.' })
  convertLicenseeToMember(
    @CurrentViewer() viewer: Viewer,
    @Args('licenseeId', { type: () => ID }) licenseeId: string,
    @Args('dues', { type: () => FeeScheduleInput }) dues: FeeScheduleInput,
  ): Promise<Member> {
    return this.licensing.convertLicenseeToMember(viewer.userId, licenseeId, dues);
  }

  @Mutation(() => Licensee, { description: "COORDINATOR: mails the licensee's address an invitation to link an account." })
  inviteLicenseeAccount(@CurrentViewer() viewer: Viewer, @Args('licenseeId', { type: () => ID }) licenseeId: string): Promise<Licensee> {
    return this.accounts.invite(viewer.userId, licenseeId);
  }

  @Mutation(() => Licensee, { description: "Links the caller's verified account, of the invited address, to the licensee." })
  acceptLicenseeInvitation(@CurrentViewer() viewer: Viewer, @Args() { token }: TokenArgs): Promise<Licensee> {
    return this.accounts.accept(viewer.userId, token);
  }

  @Query(() => Licensee, { nullable: true, description: "Coordinators of its cooperative and the licensee's own account only." })
  licensee(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<Licensee> {
    return this.licensing.readableLicensee(viewer.userId, id);
  }

  @Query(() => Work, {
    nullable: true,
    description: "Coordinators of its cooperative only, as `Cooperative.works`; a licensee's account sees the works it licenses through `Licensee.agreements`.",
  })
  work(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<Work> {
    return this.licensing.readableWork(viewer.userId, id);
  }

  @Query(() => Invoice, { nullable: true, description: "Coordinators of its cooperative and the licensee's own account only, as `Licensee.invoices`." })
  invoice(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<Invoice> {
    return this.billing.readableInvoice(viewer.userId, id);
  }

  @Query(() => [Licensee], { description: 'The licensees whose account the caller is (linked by an accepted invitation).' })
  myLicensees(@CurrentViewer() viewer: Viewer): Promise<Licensee[]> {
    return this.licensing.myLicensees(viewer.userId);
  }

  @ResolveField(() => LicenseeStanding, { description: 'On `asOf` (default today), judging the invoices as they are paid now.' })
  standing(@Parent() licensee: Licensee, @RequestLoaders() loaders: Loaders, @Args('asOf', { type: () => LocalDateScalar, nullable: true }) asOf?: string | null): Promise<LicenseeStanding> {
    return this.standings.standing(licensee, asOf ?? today(), loaders);
  }

  @ResolveField(() => Money, { description: 'Unpaid on issued invoices.' })
  async balanceDue(@Parent() licensee: Licensee, @RequestLoaders() loaders: Loaders): Promise<Money> {
    const [{ due }, cooperative] = await Promise.all([this.billing.balances(loaders, licensee.id), this.cooperatives.load(loaders, licensee.cooperativeId)]);
    return money(due, cooperative.currency);
  }

  @ResolveField(() => Money, { description: 'Paid beyond the issued invoices; spent on later invoices when they are issued.' })
  async credit(@Parent() licensee: Licensee, @RequestLoaders() loaders: Loaders): Promise<Money> {
    const [{ credit }, cooperative] = await Promise.all([this.billing.balances(loaders, licensee.id), this.cooperatives.load(loaders, licensee.cooperativeId)]);
    return money(credit, cooperative.currency);
  }

  @ResolveField(() => Boolean, { description: 'Free uses always; COMMERCIAL: an active member, or an agreement in force today and not SUSPENDED.' })
  licensed(@Parent() licensee: Licensee, @RequestLoaders() loaders: Loaders): Promise<boolean> {
    return this.standings.licensed(licensee, loaders);
  }

  @ResolveField(() => [LicenseAgreement], { description: 'Licence agreements and dues, oldest first, including ended ones.' })
  agreements(@Parent() licensee: Licensee): Promise<LicenseAgreement[]> {
    return this.licensing.agreementsOf(licensee.id);
  }

  @ResolveField(() => InvoiceConnection, { description: 'In issue order.' })
  invoices(@Parent() licensee: Licensee, @Args() page: PageArgs) {
    return this.billing.invoices(licensee.id, page);
  }

  @ResolveField(() => PaymentConnection, { description: 'In the order received.' })
  payments(@Parent() licensee: Licensee, @Args() page: PageArgs) {
    return this.billing.payments(licensee.id, page);
  }
}

@Resolver(() => LicenseAgreement)
export class LicenseAgreementResolver {
  constructor(private readonly licensing: LicensingService) {}

  @ResolveField(() => Work, { nullable: true, description: 'The licensed work (null for dues).' })
  work(@Parent() agreement: LicenseAgreement): Promise<Work | null> | null {
    return agreement.workId ? this.licensing.work(agreement.workId) : null;
  }

  @ResolveField(() => FeeScheduleView)
  fee(@Parent() agreement: LicenseAgreement): FeeScheduleView {
    return { period: agreement.period, amount: agreement.amount, revenuePercent: agreement.revenuePercent, minimum: agreement.minimum };
  }
}

@Resolver(() => Cooperative)
export class CooperativeLicensingResolver {
  constructor(private readonly licensing: LicensingService) {}

  @ResolveField(() => [Licensee], { description: 'Coordinators only.' })
  licensees(@Parent() cooperative: Cooperative, @CurrentViewer() viewer: Viewer | undefined): Promise<Licensee[]> {
    return this.licensing.licensees(requireViewer(viewer).userId, cooperative.id);
  }

  @ResolveField(() => [Work], { description: 'Coordinators only.' })
  works(@Parent() cooperative: Cooperative, @CurrentViewer() viewer: Viewer | undefined): Promise<Work[]> {
    return this.licensing.works(requireViewer(viewer).userId, cooperative.id);
  }
}
