import { Module } from '@nestjs/common';
import { IdentityModule } from 'src/identity/identity.module';
import { MemberResolver, UserMembershipsResolver } from './membership.resolver';
import { MembershipService } from './membership.service';

@Module({
  imports: [IdentityModule],
  providers: [MembershipService, MemberResolver, UserMembershipsResolver],
  exports: [MembershipService],
})
export class MembershipModule {}
