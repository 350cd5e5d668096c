import type { AppConfig } from '../config/app-config';
import { defaultRoutingRules } from '../routing/load-routing-rules';
import { EntityRecognizer, TriagePolicy } from './triage-message';

/** Builds the triage policy from validated configuration (shared by intake and `mesa inspect`). */
export function triagePolicyFrom(config: AppConfig, recognizeEntity: EntityRecognizer): TriagePolicy {
  return {
    rules: defaultRoutingRules(),
    institutionalDomains: config.routing.institutionalDomains,
    cutover: config.cutover,
    ownAddresses: config.mailboxes.map((m) => m.address),
    acknowledgementsPerWindow: config.acknowledgements.maxPerAddress,
    recognizeEntity,
  };
}
