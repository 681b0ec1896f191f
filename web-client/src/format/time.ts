import { i18n } from '../i18n'

// Every date and time the client shows, in one place: the platform's clock is Beijing time (the
// server stores instants; a member abroad still reads the meeting's own hour), 24-hour, in the
// language the person chose. A time is an ISO instant or epoch milliseconds (the live state). Reading
// the locale here keeps the text reactive in templates.
const ZONE = 'Asia/Shanghai'

function locale(): string {
  return i18n.global.locale.value
}

/** A date and time, e.g. 2026年3月5日 15:30; nothing for a missing value. */
export function when(at: string | number | null | undefined): string {
  if (at === null || at === undefined || at === '') return ''
  return new Date(at).toLocaleString(locale(), { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' })
}

/** The time of day with seconds, e.g. 15:30:09, for moments inside one meeting; nothing for a missing value. */
export function timeOfDay(at: string | number | null | undefined): string {
  if (at === null || at === undefined || at === '') return ''
  return new Date(at).toLocaleTimeString(locale(), { timeZone: ZONE, hourCycle: 'h23' })
}

/** Today's date in Beijing time, YYYY-MM-DD: the calendar day the platform's dates are about. */
export function todayInChina(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}
