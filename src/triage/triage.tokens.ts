/** Injection token of the TriagePolicy built from configuration at start-up. */
export const TRIAGE_POLICY = Symbol('TRIAGE_POLICY');
