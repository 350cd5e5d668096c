import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { recognizeEntity } from '../territory/recognize-entity';
import { slaPolicyFrom } from '../sla/sla-policy';
import { SLA_POLICY } from '../sla/sla.tokens';
import { triagePolicyFrom } from './triage-policy';
import { TRIAGE_POLICY } from './triage.tokens';

/** The triage and SLA policies, built once from configuration and the shipped rule and DIVIPOLA files. */
@Global()
@Module({
  providers: [
    { provide: TRIAGE_POLICY, inject: [APP_CONFIG], useFactory: (config: AppConfig) => triagePolicyFrom(config, recognizeEntity) },
    { provide: SLA_POLICY, inject: [APP_CONFIG], useFactory: (config: AppConfig) => slaPolicyFrom(config) },
  ],
  exports: [TRIAGE_POLICY, SLA_POLICY],
})
export class TriageModule {}
