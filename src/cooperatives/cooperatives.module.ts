import { Module } from '@nestjs/common';
import { IdentityModule } from 'src/identity/identity.module';
import { MembershipModule } from 'src/membership/membership.module';
import { BylawsResolver, CooperativesResolver, MemberCooperativeResolver } from './cooperatives.resolver';
import { CooperativesService } from './cooperatives.service';

@Module({
  imports: [IdentityModule, MembershipModule],
  providers: [CooperativesService, CooperativesResolver, MemberCooperativeResolver, BylawsResolver],
  exports: [CooperativesService],
})
export class CooperativesModule {}
