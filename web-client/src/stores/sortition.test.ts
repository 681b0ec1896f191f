import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Draw } from '../sortition/types'

// The server, as far as the sortition store asks it: pool 6 with a withdrawn draw 1 and a drawn draw 2.
const calls: string[] = []
const draw = (id: number, status: string) => ({ id, status }) as Draw
let drawn: Draw[] = [draw(1, 'WITHDRAWN'), draw(2, 'DRAWN')]
vi.mock('../api/http', async (original) => ({
  ...(await original<typeof import('../api/http')>()),
  api: async (path: string) => {
    calls.push(path)
    // pool 5 closed to the public, 6 counted for staff, 7 still taking volunteers, 8 joined by the reader
    if (path === '/api/pools') return [{ id: 5, volunteers: null, canVolunteer: false, registered: false },
      { id: 6, volunteers: 3, canVolunteer: false, registered: false },
      { id: 7, volunteers: null, canVolunteer: true, registered: false },
      { id: 8, volunteers: null, canVolunteer: false, registered: true }]
    if (path === '/api/pools/6/draws') return drawn
    if (path.startsWith('/api/draws/')) return { ...draw(Number(path.split('/')[3]), 'DRAWN'), picks: [] }
    throw new Error('unexpected ' + path)
  },
}))
const { featuresOf, filesOf, useSortition } = await import('./sortition')

describe('sortition store', () => {
  beforeEach(() => { calls.length = 0; drawn = [draw(1, 'WITHDRAWN'), draw(2, 'DRAWN')]; setActivePinia(createPinia()) })

  it('gives staff the latest drawn draw with who was picked, and the public only the record', async () => {
    const sortition = useSortition()
    sortition.enter(6)
    await sortition.load(true)
    expect(sortition.draw?.id).toBe(2)
    expect(sortition.draw?.picks).toEqual([])
    sortition.enter(6)
    await sortition.load(false)
    expect(sortition.draws.map((d) => d.id)).toEqual([1, 2])
    expect(sortition.draw).toBeNull()
    expect(calls.filter((c) => c.startsWith('/api/draws/'))).toHaveLength(1)
  })

  it('prefers the pending draw, and says when the pool is not there', async () => {
    drawn = [draw(2, 'DRAWN'), draw(3, 'PREPARED')]
    const sortition = useSortition()
    sortition.enter(6)
    await sortition.load(true)
    expect(sortition.pending?.id).toBe(3)
    expect(sortition.draw?.status).toBe('PREPARED')
    sortition.enter(9)
    await sortition.load(true)
    expect(sortition.missing).toBe(true)
    expect(sortition.pool).toBeNull()
  })
})

describe('the pools on the home page', () => {
  beforeEach(() => { calls.length = 0; setActivePinia(createPinia()) })

  it('shows the public only pools still taking volunteers and those they joined; staff see the counted ones', async () => {
    const sortition = useSortition()
    await sortition.loadPools()
    expect(sortition.pools).toHaveLength(4)
    expect(sortition.shownPools.map((p) => p.id)).toEqual([6, 7, 8])
  })
})

describe('what a volunteer sends and a draw publishes', () => {
  it('sends the answers trimmed, without the empty ones', () => {
    expect(featuresOf({ county: ' 雁江区 ', township: '', sector: '  ', gender: '女', ageBand: '30-44', education: '',
      occupation: '', viewpoint: '支持' })).toEqual({ county: '雁江区', gender: '女', ageBand: '30-44', viewpoint: '支持' })
  })

  it('publishes the seed once drawn or withdrawn, and the result only once drawn', () => {
    expect(filesOf({ status: 'PREPARED' })).toEqual(['lottery.csv', 'probabilities.csv', 'commitment.txt'])
    expect(filesOf({ status: 'WITHDRAWN' })).toContain('seed.txt')
    expect(filesOf({ status: 'WITHDRAWN' })).not.toContain('result.json')
    expect(filesOf({ status: 'DRAWN' })).toEqual(['lottery.csv', 'probabilities.csv', 'commitment.txt', 'seed.txt',
      'public-value.txt', 'result.json'])
  })
})
