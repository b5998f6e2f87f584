import { Args, ArgsType, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import GraphQLJSON from 'src/common/scalars/json.scalar';
import { CurrentViewer } from 'src/common/auth/auth.decorators';
import { Viewer } from 'src/common/auth/graphql-context';
import { ConnectionType, PageArgs } from 'src/common/pagination/connection';
import { MembershipService } from 'src/membership/membership.service';
import { AuditService } from './audit.service';

@ObjectType({ description: 'One link of a cooperative\'s tamper-evident audit chain.' })
export class AuditEvent {
  @Field(() => Int) seq: number;
  @Field() occurredAt: Date;
  @Field(() => ID, { nullable: true }) actorUserId: string | null;
  @Field() action: string;
  @Field(() => ID, { nullable: true }) subjectId: string | null;
  @Field(() => GraphQLJSON) data: unknown;
  @Field({ description: 'SHA-256 of the previous event (64 zeros for the first).' }) prevHash: string;
  @Field({ description: 'SHA-256 over this event and prevHash.' }) hash: string;
}

@ObjectType()
export class AuditVerification {
  @Field() valid: boolean;
  @Field(() => Int) checked: number;
  @Field(() => Int, { nullable: true, description: 'The seq of the first event that does not verify.' }) firstBrokenAt: number | null;
}

const AuditEventConnection = ConnectionType(AuditEvent, 'AuditEvent');

@ArgsType()
class AuditLogArgs extends PageArgs {
  @Field(() => ID)
  @IsUUID()
  cooperativeId: string;
}

@Resolver()
export class AuditResolver {
  constructor(
    private readonly audit: AuditService,
    private readonly membership: MembershipService,
  ) {}

  @Query(() => AuditEventConnection, { description: 'Members only: what changed, by whom, in order.' })
  async auditLog(@CurrentViewer() viewer: Viewer, @Args() args: AuditLogArgs) {
    await this.membership.requireMember(viewer.userId, args.cooperativeId);
    return this.audit.list(args.cooperativeId, args);
  }

  @Query(() => AuditVerification, { description: 'Members only: recomputes the whole chain.' })
  async verifyAuditChain(@CurrentViewer() viewer: Viewer, @Args('cooperativeId', { type: () => ID }) cooperativeId: string): Promise<AuditVerification> {
    await this.membership.requireMember(viewer.userId, cooperativeId);
    return this.audit.verify(cooperativeId);
  }
}
