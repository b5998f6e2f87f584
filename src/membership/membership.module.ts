import { Module } from '@nestjs/common';
import { Entities } from 'src/database/entity-registry';
import { Member } from './member.entity';
import { IdentityModule } from 'src/identity/identity.module';
import { CooperativeMembersResolver, MemberResolver, UserMembershipsResolver } from './membership.resolver';
import { InvitationsService } from './invitations.service';
import { MembershipService } from './membership.service';

@Module({
  imports: [IdentityModule, Entities.of(Member)],
  providers: [MembershipService, InvitationsService, MemberResolver, UserMembershipsResolver, CooperativeMembersResolver],
  exports: [MembershipService, InvitationsService],
})
export class MembershipModule {}
