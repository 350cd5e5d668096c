import { InitialIntake1732600000000 } from './1732600000000-initial-intake';

/** Listed explicitly (not globbed) so ts-node, jest and compiled dist/ all run the same set, in order. */
export const migrations = [InitialIntake1732600000000];
