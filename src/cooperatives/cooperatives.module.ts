import { Module } from '@nestjs/common';
import { Entities } from 'src/database/entity-registry';
import { Bylaws } from './bylaws.entity';
import { Cooperative } from './cooperative.entity';
import { IdentityModule } from 'src/identity/identity.module';
import { MembershipModule } from 'src/membership/membership.module';
import { BylawsResolver, CooperativesResolver, MemberCooperativeResolver } from './cooperatives.resolver';
import { CooperativesService } from './cooperatives.service';

@Module({
  imports: [IdentityModule, MembershipModule, Entities.of(Cooperative, Bylaws)],
  providers: [CooperativesService, CooperativesResolver, MemberCooperativeResolver, BylawsResolver],
  exports: [CooperativesService],
})
export class CooperativesModule {}
