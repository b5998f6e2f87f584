import { Module } from '@nestjs/common';
import { Entities } from 'src/database/entity-registry';
import { MembershipApplication } from './application.entity';
import { CooperativesModule } from 'src/cooperatives/cooperatives.module';
import { EquityModule } from 'src/equity/equity.module';
import { IdentityModule } from 'src/identity/identity.module';
import { MembershipModule } from 'src/membership/membership.module';
import { AdmissionsResolver, CooperativeApplicationsResolver } from './admissions.resolver';
import { AdmissionsService } from './admissions.service';

@Module({
  imports: [IdentityModule, MembershipModule, CooperativesModule, EquityModule, Entities.of(MembershipApplication)],
  providers: [AdmissionsService, AdmissionsResolver, CooperativeApplicationsResolver],
})
export class AdmissionsModule {}
