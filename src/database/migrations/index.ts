import { InitialIntake1732600000000 } from './1732600000000-initial-intake';
import { Lz4MailStorage1732700000000 } from './1732700000000-lz4-mail-storage';
import { RoutingQueuesCutover1732800000000 } from './1732800000000-routing-queues-cutover';
import { Sla1732900000000 } from './1732900000000-sla';
import { Outbound1733000000000 } from './1733000000000-outbound';
import { AccountsAudit1733100000000 } from './1733100000000-accounts-audit';
import { TicketWork1733200000000 } from './1733200000000-ticket-work';
import { TicketLiveUpdates1733250000000 } from './1733250000000-ticket-live-updates';
import { TicketSearch1733300000000 } from './1733300000000-ticket-search';
import { ApiReadPaths1733400000000 } from './1733400000000-api-read-paths';
import { ReportFigures1733500000000 } from './1733500000000-report-figures';
import { Exports1733600000000 } from './1733600000000-exports';
import { AutomaticMailNotSearched1733700000000 } from './1733700000000-automatic-mail-not-searched';
import { SearchSkipsSilentArticles1733800000000 } from './1733800000000-search-skips-silent-articles';
import { Lz4MessageBodies1733900000000 } from './1733900000000-lz4-message-bodies';
import { SearchHeadPerStatement1734000000000 } from './1734000000000-search-head-per-statement';
import { SearchRowsOncePerBatch1734100000000 } from './1734100000000-search-rows-once-per-batch';

/** Listed explicitly (not globbed) so ts-node, jest and compiled dist/ all run the same set, in order. */
export const migrations = [InitialIntake1732600000000, Lz4MailStorage1732700000000, RoutingQueuesCutover1732800000000, Sla1732900000000, Outbound1733000000000, AccountsAudit1733100000000, TicketWork1733200000000, TicketLiveUpdates1733250000000, TicketSearch1733300000000, ApiReadPaths1733400000000, ReportFigures1733500000000, Exports1733600000000, AutomaticMailNotSearched1733700000000, SearchSkipsSilentArticles1733800000000, Lz4MessageBodies1733900000000, SearchHeadPerStatement1734000000000, SearchRowsOncePerBatch1734100000000];
