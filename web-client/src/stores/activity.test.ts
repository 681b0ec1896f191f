import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { ActivityDetail, RosterPlace } from '../activity/types'

// The server, as far as the activity store asks it: activity 7, on whose roster the caller is `me`
// (or not), with the invitation as last answered.
const calls: { path: string; body?: unknown }[] = []
let me: RosterPlace | null = null
let canManage = false
let writeOpinion = false
vi.mock('../api/http', async (original) => ({
  ...(await original<typeof import('../api/http')>()),
  api: async (path: string, options?: { body?: { accept?: boolean } }) => {
    calls.push({ path, body: options?.body })
    if (path === '/api/activities') return [{ id: 7, myRole: 'MEMBER' }, { id: 8 }]
    if (path === '/api/activities/7/invitation') {
      me = { ...me!, invitation: options?.body?.accept ? 'ACCEPTED' : 'DECLINED' }
      return undefined
    }
    if (path === '/api/activities/7') return { id: 7, me, canManage, may: { writeOpinion } } as ActivityDetail
    throw new Error('unexpected ' + path)
  },
}))
const { useActivity } = await import('./activity')

const place = (role: string): RosterPlace => ({ role, venueId: 1, invitation: 'INVITED' })

describe('activity store', () => {
  beforeEach(() => { calls.length = 0; me = null; canManage = false; writeOpinion = false; setActivePinia(createPinia()) })

  it('reads the activity again after an answer to the invitation', async () => {
    me = place('MEMBER')
    const activity = useActivity()
    activity.enter(7)
    await activity.load()
    expect(activity.detail?.me?.invitation).toBe('INVITED')
    await activity.respond(true)
    expect(calls.map((c) => c.path)).toEqual(['/api/activities/7', '/api/activities/7/invitation', '/api/activities/7'])
    expect(calls[1].body).toEqual({ accept: true })
    expect(activity.detail?.me?.invitation).toBe('ACCEPTED')
    activity.enter(8)
    expect(activity.detail).toBeNull()
  })

  it('offers the written opinion as the server decides it, whatever the roster role says', async () => {
    const activity = useActivity()
    activity.enter(7)
    expect(activity.mayWriteOpinion).toBe(false)
    for (const [role, may] of [['MEMBER', true], ['OBSERVER', false], ['OBSERVER', true], ['MEMBER', false]] as const) {
      me = place(role)
      writeOpinion = may
      await activity.load()
      expect(activity.mayWriteOpinion, role + ' ' + may).toBe(may)
    }
    activity.enter(8)
    expect(activity.mayWriteOpinion).toBe(false)
  })

  it('lists the activities the server sends the reader', async () => {
    const activity = useActivity()
    await activity.loadList()
    expect(activity.rows.map((r) => r.id)).toEqual([7, 8])
  })
})
