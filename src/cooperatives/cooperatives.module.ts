import { Module } from '@nestjs/common';
import { MembershipModule } from 'src/membership/membership.module';
import { BylawsResolver, CooperativesResolver, MemberCooperativeResolver } from './cooperatives.resolver';
import { CooperativesService } from './cooperatives.service';

@Module({
  imports: [MembershipModule],
  providers: [CooperativesService, CooperativesResolver, MemberCooperativeResolver, BylawsResolver],
  exports: [CooperativesService],
})
export class CooperativesModule {}
