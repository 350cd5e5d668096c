import type { SlaState } from '../api/types';
import { slaBadgeText } from '../format/business-time';
import { formatBogotaDateTime } from '../format/bogota-date';
import { CLOCK_LABEL } from '../format/labels';
import type { SlaClock } from '../api/types';
import { useBusinessCalendar } from '../working-time';

export function SlaBadge({ state, dueAt, clock, now }: { state: SlaState; dueAt: string | null; clock?: SlaClock | null; now: number }) {
  const calendar = useBusinessCalendar();
  const badge = slaBadgeText(state, dueAt, now, calendar);
  const title = dueAt ? `${clock ? `${CLOCK_LABEL[clock]}: ` : ''}vence ${formatBogotaDateTime(dueAt)}` : undefined;
  return (
    <span className={`badge sla-${badge.tone}`} title={title}>
      {badge.text}
    </span>
  );
}
