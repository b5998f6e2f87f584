import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import { AuthGuard } from './common/auth/auth.guard';
import { GraphQLErrorFilter } from './common/errors/exception.filter';
import { createValidationPipe } from './common/errors/validation';
import { AppConfig } from './config/config';
import { APP_CONFIG, ConfigModule } from './config/config.module';
import { CooperativesModule } from './cooperatives/cooperatives.module';
import { DatabaseModule } from './database/database.module';
import { graphqlOptions } from './graphql/graphql.options';
import { SubscriptionEmitter, SubscriptionEmitterModule } from './graphql/subscription-emitter';
import { HealthController } from './health/health.controller';
import { IdentityModule } from './identity/identity.module';
import { TokenService } from './identity/token.service';
import { MembershipModule } from './membership/membership.module';
import { AdmissionsModule } from './admissions/admissions.module';
import { AuditModule } from './audit/audit.module';
import { BudgetingModule } from './budgeting/budgeting.module';
import { EquityModule } from './equity/equity.module';
import { GovernanceModule } from './governance/governance.module';
import { LedgerModule } from './ledger/ledger.module';
import { LicensingModule } from './licensing/licensing.module';
import { CommonsModule } from './commons/commons.module';
import { PagesModule } from './pages/pages.module';
import { ExportsModule } from './exports/exports.module';
import { NotificationsModule } from './notifications/notifications.module';

/** Wires the modules together; nothing else lives here. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          imports: [IdentityModule, SubscriptionEmitterModule],
          inject: [APP_CONFIG, TokenService, SubscriptionEmitter],
          useFactory: graphqlOptions,
        }),
        IdentityModule,
        MembershipModule,
        AuditModule,
        CooperativesModule,
        LedgerModule,
        EquityModule,
        AdmissionsModule,
        GovernanceModule,
        BudgetingModule,
        LicensingModule,
        CommonsModule,
        PagesModule,
        ExportsModule,
        NotificationsModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: GraphQLErrorFilter },
      ],
    };
  }
}
