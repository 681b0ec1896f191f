import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { LedgerEntry } from '../ledger/types'

const calls: { path: string; method?: string; body?: unknown }[] = []
let replies = 0
let handed = 0
vi.mock('../api/http', async (original) => ({
  ...(await original<typeof import('../api/http')>()),
  api: async (path: string, options?: { method?: string; body?: unknown }) => {
    calls.push({ path, method: options?.method, body: options?.body })
    if (path === '/api/ledger') return [{ id: 1 }, { id: 2 }]
    if (path === '/api/ledger?reportId=3') return Array.from({ length: handed }, (_, i) => ({ id: 10 + i }))
    if (path === '/api/reports/3/ledger') { handed++; return { id: 10 } }
    if (path === '/api/reports/3/ledger/commitments') { handed += 2; return { created: 2 } }
    if (path === '/api/ledger/2/replies') { replies++; return {} }
    if (path === '/api/ledger/2') return { id: 2, replies: Array.from({ length: replies }, () => ({})) }
    throw new Error('unexpected ' + path)
  },
}))
const { listedUnder, useLedger } = await import('./ledger')

const entry = (adoption: LedgerEntry['adoption'], overdue = false, supervised = false) =>
  ({ adoption, overdue, supervised }) as LedgerEntry

describe('listedUnder', () => {
  it('counts an unanswered entry and one in progress as open, an answered one not', () => {
    expect(listedUnder(entry(null), 'open')).toBe(true)
    expect(listedUnder(entry('IN_PROGRESS'), 'open')).toBe(true)
    expect(listedUnder(entry('ADOPTED'), 'open')).toBe(false)
    expect(listedUnder(entry('NOT_ADOPTED'), 'open')).toBe(false)
  })

  it('lists overdue and supervised entries under their filters, and every entry under all', () => {
    expect(listedUnder(entry('ADOPTED', true), 'overdue')).toBe(true)
    expect(listedUnder(entry(null), 'overdue')).toBe(false)
    expect(listedUnder(entry(null, false, true), 'supervised')).toBe(true)
    expect(listedUnder(entry('ADOPTED'), 'supervised')).toBe(false)
    expect(listedUnder(entry('ADOPTED'), 'all')).toBe(true)
  })
})

describe('ledger store', () => {
  beforeEach(() => { calls.length = 0; replies = 0; handed = 0; setActivePinia(createPinia()) })

  it('reads the entry again after a reply, and the list leaves the entry', async () => {
    const ledger = useLedger()
    await ledger.load(2)
    await ledger.reply(2, 'ADOPTED', '已办理')
    expect(calls.map((c) => c.path)).toEqual(['/api/ledger/2', '/api/ledger/2/replies', '/api/ledger/2'])
    expect(calls[1].body).toEqual({ adoption: 'ADOPTED', text: '已办理' })
    expect(ledger.entry?.replies).toHaveLength(1)
    await ledger.load(null)
    expect(ledger.entry).toBeNull()
    expect(ledger.entries.map((e) => e.id)).toEqual([1, 2])
  })

  it('reads a report\'s entries again after a suggestion or its commitments are handed out', async () => {
    const ledger = useLedger()
    await ledger.loadForReport(3)
    expect(ledger.reportEntries).toEqual([])
    const handOut = { suggestion: '加快建设', sources: [4, 5], departmentId: 8, dueOn: '2027-01-31' }
    await ledger.assign(3, handOut)
    expect(calls[1]).toEqual({ path: '/api/reports/3/ledger', method: undefined, body: handOut })
    expect(ledger.reportEntries.map((e) => e.id)).toEqual([10])
    expect(await ledger.handCommitments(3, '2027-02-28')).toBe(2)
    expect(calls[3].body).toEqual({ dueOn: '2027-02-28' })
    expect(ledger.reportEntries).toHaveLength(3)
    expect(ledger.entries).toEqual([])
    ledger.enterReport()
    expect(ledger.reportEntries).toEqual([])
  })
})
