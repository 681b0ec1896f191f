import type { Envelope, LiveState } from './types'

const SCALARS = ['status', 'item', 'queue', 'floor', 'attendance', 'moderation', 'removed'] as const
const LISTS = { speech: 'speeches', comment: 'comments', commitment: 'commitments', poll: 'polls' } as const

/**
 * Folds one event into the state. Events at or below the current seq are ignored (so replays and
 * overlaps between catch-up and live delivery never apply twice). Returns whether it was applied.
 * The server sends the changed slices, so this needs no knowledge of the meeting's rules.
 */
export function applyEnvelope(state: LiveState, env: Envelope): boolean {
  if (env.seq <= state.seq) return false
  const view = env.view ?? {}
  for (const key of SCALARS) {
    if (key in view) (state as unknown as Record<string, unknown>)[key] = (view as Record<string, unknown>)[key]
  }
  for (const [key, list] of Object.entries(LISTS)) {
    const item = (view as Record<string, { id: string } | undefined>)[key]
    if (!item) continue
    const items = (state as unknown as Record<string, { id: string }[]>)[list]
    const i = items.findIndex((x) => x.id === item.id)
    if (i >= 0) items.splice(i, 1, item)
    else items.push(item)
  }
  state.seq = env.seq
  return true
}

/** Whether events are missing between the state and this event (it must then catch up first). */
export function hasGap(state: LiveState, env: Envelope): boolean {
  return env.seq > state.seq + 1
}

/** Events the server gives per catch-up request. */
export const CATCH_UP_PAGE = 1000

/**
 * Fetches and applies every logged event after the state's seq, a page at a time, until a page comes
 * back short: after a long absence (a vote tallied four times a second makes a thousand events in four
 * minutes) one page would leave a hole that the buffered live events would then jump over.
 */
export async function catchUp(
  state: LiveState,
  page: (after: number, limit: number) => Promise<Envelope[]>,
  apply: (env: Envelope) => void,
): Promise<void> {
  for (;;) {
    const events = await page(state.seq, CATCH_UP_PAGE)
    events.forEach(apply)
    if (events.length < CATCH_UP_PAGE) return
  }
}

/** Milliseconds left on the floor, from the server's deadline corrected by the clock offset. */
export function remainingMs(floor: LiveState['floor'], now: number, offset: number): number | null {
  if (!floor) return null
  if (floor.deadline === null) return floor.remainingMs
  return Math.max(0, floor.deadline - (now + offset))
}

export function formatSeconds(ms: number | null): string {
  if (ms === null) return '--:--'
  const total = Math.ceil(ms / 1000)
  const m = Math.floor(total / 60)
  const s = total % 60
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`
}
