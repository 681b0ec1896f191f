// How long a speech has lasted (screen review P22): the server counts a speech's time when it ends, so a
// speech still under way is timed from its start on the server's clock (now + offset).

/** Seconds spoken: the server's count once the speech has ended, else the time since its start. */
export function speechSeconds(sp: { start: number; end: number | null; spokenSeconds: number }, now: number, offset = 0): number {
  if (sp.end != null) return sp.spokenSeconds
  return Math.max(sp.spokenSeconds, Math.floor((now + offset - sp.start) / 1000))
}
