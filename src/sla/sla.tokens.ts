/** Injection tokens of the SLA policy and business calendar built from configuration at start-up. */
export const SLA_POLICY = Symbol('SLA_POLICY');
