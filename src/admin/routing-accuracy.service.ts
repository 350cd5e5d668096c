import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import rulesFile from '../routing/routing-rules.json';
import type { TriagePolicy } from '../triage/triage-message';
import { TRIAGE_POLICY } from '../triage/triage.tokens';
import type { RoutingRulesView } from './admin.views';
import { describeRoutingRules, ruleDescriptions } from './routing-accuracy';
import { countRoutingOutcomes } from './routing-outcomes.query';

/** The routing rules in use, each with how often agents had to correct it. */
@Injectable()
export class RoutingAccuracyService {
  private readonly descriptions = ruleDescriptions(rulesFile);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TRIAGE_POLICY) private readonly triage: TriagePolicy,
  ) {}

  async describe(): Promise<RoutingRulesView> {
    return describeRoutingRules(this.triage.rules, this.descriptions, await countRoutingOutcomes(this.dataSource.manager));
  }
}
