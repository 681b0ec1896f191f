import { describe, expect, it } from 'vitest'
import { applyEnvelope, catchUp, CATCH_UP_PAGE, formatSeconds, hasGap, remainingMs } from './reducer'
import type { Envelope, LiveState } from './types'

function fresh(): LiveState {
  return {
    sessionId: 1, title: '会', seq: 3, status: 'LIVE', venues: [], agenda: [], item: null,
    queue: { mode: 'FIRST_COME', entries: [] }, floor: null,
    attendance: { checkedIn: 0, roster: 5, accounts: [], venues: [] }, moderation: { holdPublic: true }, removed: [],
    speeches: [], comments: [], commitments: [], polls: [], you: { accountId: 9, role: 'MEMBER', venueId: 2,
      may: { chair: false, hostVenue: false, speak: true, comment: true, vote: true, voteInPollsOpenToPublic: true } },
  }
}

const env = (seq: number, view: Envelope['view'], type = 'X'): Envelope => ({ seq, type, at: 0, data: {}, view })

describe('applyEnvelope', () => {
  it('replaces the slices an event carries and advances seq', () => {
    const s = fresh()
    expect(applyEnvelope(s, env(4, { status: 'PAUSED' }))).toBe(true)
    expect(s.status).toBe('PAUSED')
    expect(s.seq).toBe(4)
  })

  it('ignores an event it has already applied, so catch-up and live delivery never double', () => {
    const s = fresh()
    const c = { id: 'c4', accountId: 1, name: '张', role: 'MEMBER' as const, venueId: 2, venueName: '雁江',
      itemId: null, text: '赞成', status: 'PUBLISHED' as const, at: 1 }
    applyEnvelope(s, env(4, { comment: c }))
    expect(applyEnvelope(s, env(4, { comment: c }))).toBe(false)
    expect(applyEnvelope(s, env(2, { status: 'CLOSED' }))).toBe(false)
    expect(s.comments).toHaveLength(1)
    expect(s.status).toBe('LIVE')
  })

  it('upserts list items by id (a held comment later approved)', () => {
    const s = fresh()
    const held = { id: 'c4', accountId: 1, name: '李', role: 'PUBLIC_REP' as const, venueId: 3, venueName: '安岳',
      itemId: null, text: null, status: 'HELD' as const, at: 1 }
    applyEnvelope(s, env(4, { comment: held }))
    applyEnvelope(s, env(5, { comment: { ...held, text: '建议', status: 'PUBLISHED' } }))
    expect(s.comments).toEqual([{ ...held, text: '建议', status: 'PUBLISHED' }])
  })

  it('detects a gap', () => {
    expect(hasGap(fresh(), env(5, {}))).toBe(true)
    expect(hasGap(fresh(), env(4, {}))).toBe(false)
  })
})

describe('timer', () => {
  it('counts down to the server deadline, corrected for clock offset, and freezes while paused', () => {
    const floor = { speechId: 's1', accountId: 1, name: '张', role: 'MEMBER' as const, venueId: 2, venueName: '雁江',
      kind: 'SPEECH' as const, answersSpeechId: null, grantedAt: 0, seconds: 60, deadline: 100_000, remainingMs: null,
      warnBeforeMs: 15_000, warned: false }
    expect(remainingMs(floor, 40_000, 0)).toBe(60_000)
    expect(remainingMs(floor, 40_000, 5_000)).toBe(55_000)
    expect(remainingMs(floor, 200_000, 0)).toBe(0)
    expect(remainingMs({ ...floor, deadline: null, remainingMs: 12_000 }, 999_999, 0)).toBe(12_000)
    expect(formatSeconds(65_000)).toBe('01:05')
    expect(formatSeconds(null)).toBe('--:--')
  })
})

describe('catchUp', () => {
  it('pages through a long absence so that no event is skipped', async () => {
    const s = fresh() // at seq 3
    const log = Array.from({ length: 2 * CATCH_UP_PAGE + 500 }, (_, i) => env(i + 1, { status: 'LIVE' }))
    const asked: number[] = []
    const applied: number[] = []
    await catchUp(s, async (after, limit) => {
      asked.push(after)
      return log.filter((e) => e.seq > after).slice(0, limit)
    }, (e) => {
      if (applyEnvelope(s, e)) applied.push(e.seq)
    })
    expect(asked).toEqual([3, 3 + CATCH_UP_PAGE, 3 + 2 * CATCH_UP_PAGE])
    expect(s.seq).toBe(log.length)
    expect(applied).toEqual(log.slice(3).map((e) => e.seq))
  })
})
