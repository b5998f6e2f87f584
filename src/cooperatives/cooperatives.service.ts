import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { badInput, conflict, notFound } from 'src/common/errors/domain-error';
import { byKeys, Loaders } from 'src/common/loaders/loaders';
import { AuditService } from 'src/audit/audit.service';
import { inTransaction } from 'src/database/transaction';
import { isUniqueViolation } from 'src/database/pg-errors';
import { Role } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { IdentityService } from 'src/identity/identity.service';
import { Bylaws } from './bylaws.entity';
import { amendTerms, BylawsTerms, defaultBylawsTerms, validateBylawsTerms } from './bylaws.rules';
import { Cooperative } from './cooperative.entity';
import { termsFromInput } from './bylaws-input';
import { AmendBylawsInput, BylawsInput, CreateCooperativeInput } from './dto/cooperative.inputs';

function checkedTerms(base: BylawsTerms, input: BylawsInput | undefined): BylawsTerms {
  const terms = amendTerms(base, termsFromInput(input));
  const problems = validateBylawsTerms(terms).map((p) => ({ ...p, field: `bylaws.${p.field}` }));
  if (problems.length) throw badInput(problems, 'Invalid bylaws');
  return terms;
}

@Injectable()
export class CooperativesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly membership: MembershipService,
    private readonly audit: AuditService,
    private readonly identity: IdentityService,
  ) {}

  async create(userId: string, input: CreateCooperativeInput): Promise<Cooperative> {
    const terms = checkedTerms(defaultBylawsTerms(), input.bylaws);
    await this.identity.requireVerified(userId);
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        const cooperatives = manager.getRepository(Cooperative);
        const cooperative = await cooperatives.save(cooperatives.create({ name: input.name.trim(), slug: input.slug, currency: input.currency, foundingClosedAt: null }));
        await this.insertBylawsVersion(manager, cooperative.id, 1, terms, userId, null);
        await this.membership.addFoundingMember(manager, cooperative.id, userId);
        await this.audit.record(manager, { cooperativeId: cooperative.id, actorUserId: userId, action: 'COOPERATIVE_CREATED', subjectId: cooperative.id, data: { name: cooperative.name, slug: cooperative.slug, currency: cooperative.currency } });
        return cooperative;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'cooperatives_slug_unique')) throw conflict(`The slug "${input.slug}" is already taken`);
      throw error;
    }
  }

  async amendBylaws(userId: string, input: AmendBylawsInput): Promise<Bylaws> {
    return inTransaction(this.dataSource, async (manager) => {
      const cooperative = await this.lockCooperative(manager, input.cooperativeId);
      await this.membership.requireMember(userId, cooperative.id, [Role.ADMIN], manager);
      if (!cooperative.foundingOpen) throw conflict('Founding is closed: bylaws now change only through a passed SPECIAL proposal');
      const current = await this.currentBylaws(cooperative.id, manager);
      const terms = checkedTerms(current, input.bylaws);
      const bylaws = await this.insertBylawsVersion(manager, cooperative.id, current.version + 1, terms, userId, null);
      await this.audit.record(manager, { cooperativeId: cooperative.id, actorUserId: userId, action: 'BYLAWS_AMENDED', subjectId: bylaws.id, data: { version: bylaws.version } });
      return bylaws;
    });
  }

  /** Adds the next bylaws version; callers hold the cooperative's row lock. */
  insertBylawsVersion(manager: EntityManager, cooperativeId: string, version: number, terms: BylawsTerms, userId: string | null, proposalId: string | null): Promise<Bylaws> {
    const repository = manager.getRepository(Bylaws);
    return repository.save(repository.create({ ...terms, cooperativeId, version, createdByUserId: userId, enactedByProposalId: proposalId }));
  }

  /** Serialises writers that change a cooperative's own state (bylaws, founding). */
  async lockCooperative(manager: EntityManager, id: string): Promise<Cooperative> {
    const cooperative = await manager.getRepository(Cooperative).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!cooperative) throw notFound('Cooperative');
    return cooperative;
  }

  async currentBylaws(cooperativeId: string, manager: EntityManager = this.dataSource.manager): Promise<Bylaws> {
    const bylaws = await manager.getRepository(Bylaws).findOne({ where: { cooperativeId }, order: { version: 'DESC' } });
    if (!bylaws) throw notFound('Bylaws');
    return bylaws;
  }

  bylawsHistory(cooperativeId: string): Promise<Bylaws[]> {
    return this.dataSource.getRepository(Bylaws).find({ where: { cooperativeId }, order: { version: 'ASC' } });
  }

  bySlug(slug: string): Promise<Cooperative | null> {
    return this.dataSource.getRepository(Cooperative).findOneBy({ slug });
  }

  async byId(id: string): Promise<Cooperative> {
    const cooperative = await this.dataSource.getRepository(Cooperative).findOneBy({ id });
    if (!cooperative) throw notFound('Cooperative');
    return cooperative;
  }

  load(loaders: Loaders, id: string): Promise<Cooperative> {
    return loaders
      .get<string, Cooperative>('cooperative', async (ids) =>
        byKeys(ids, await this.dataSource.getRepository(Cooperative).findBy({ id: In([...ids]) }), (c) => c.id).map((c) => c ?? notFound('Cooperative')),
      )
      .load(id);
  }

  loadCurrentBylaws(loaders: Loaders, cooperativeId: string): Promise<Bylaws> {
    return loaders
      .get<string, Bylaws>('currentBylaws', async (ids) => {
        const rows = await this.dataSource
          .getRepository(Bylaws)
          .createQueryBuilder('b')
          .distinctOn(['b.cooperative_id'])
          .where('b.cooperative_id IN (:...ids)', { ids })
          .orderBy('b.cooperative_id')
          .addOrderBy('b.version', 'DESC')
          .getMany();
        return byKeys(ids, rows, (b) => b.cooperativeId).map((b) => b ?? notFound('Bylaws'));
      })
      .load(cooperativeId);
  }
}
