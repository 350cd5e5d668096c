import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { recognizeEntity } from '../territory/recognize-entity';
import { triagePolicyFrom } from './triage-policy';
import { TRIAGE_POLICY } from './triage.tokens';

/** The triage policy, built once from configuration and the shipped rule and DIVIPOLA files. */
@Global()
@Module({
  providers: [{ provide: TRIAGE_POLICY, inject: [APP_CONFIG], useFactory: (config: AppConfig) => triagePolicyFrom(config, recognizeEntity) }],
  exports: [TRIAGE_POLICY],
})
export class TriageModule {}
