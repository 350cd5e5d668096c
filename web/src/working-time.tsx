import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { BusinessCalendar } from '../../src/calendar/business-calendar';
import { api } from './api/client';
import type { WorkingTime } from './api/types';
import { bogotaYear } from './format/bogota-date';
import { calendarFromWorkingTime } from './format/business-time';

const CalendarContext = createContext<BusinessCalendar | null>(null);

/** Years of holidays the badges can count across: a few back (old tickets), one ahead. */
const YEARS_BACK = 4;

export function WorkingTimeProvider({ children }: { children: ReactNode }) {
  const [calendar, setCalendar] = useState<BusinessCalendar | null>(null);
  useEffect(() => {
    const year = bogotaYear();
    api
      .call<WorkingTime>('workingTime', { query: { from: year - YEARS_BACK, to: year + 1 } })
      .then((working) => setCalendar(calendarFromWorkingTime(working)))
      // Without it the badges still say the state, only not the business time left.
      .catch(() => setCalendar(null));
  }, []);
  return <CalendarContext.Provider value={calendar}>{children}</CalendarContext.Provider>;
}

export function useBusinessCalendar(): BusinessCalendar | null {
  return useContext(CalendarContext);
}
