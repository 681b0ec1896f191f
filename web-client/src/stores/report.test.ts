import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Report, Source } from '../report/types'

// The server, as far as the report store asks it: report 3, version 1, and 450 opinions of which the
// reader may see the even ones.
const calls: { path: string; body?: unknown }[] = []
const report = (version: number, text: string): Report => ({ id: 3, title: 'R', status: 'DRAFT', version,
  body: { sections: [{ key: 'main', title: 'Main', paragraphs: [{ text, sources: [1] }] }] },
  sources: { 1: { text: 'O' } as Source }, history: [], versions: [] })
vi.mock('../api/http', async (original) => ({
  ...(await original<typeof import('../api/http')>()),
  api: async (path: string, options?: { method?: string; body?: { body?: Report['body'] } }) => {
    calls.push({ path, body: options?.body })
    if (path === '/api/reports') return [{ id: 3, waitingForMe: true }, { id: 4, waitingForMe: false }]
    if (path === '/api/reports/3' && options?.method === 'PUT') return report(2, options.body!.body!.sections[0].paragraphs[0].text)
    if (path === '/api/reports/3') return report(1, 'first')
    if (path.startsWith('/api/reports/3/sources?ids=')) {
      const ids = path.slice(path.indexOf('=') + 1).split(',').map(Number)
      return Object.fromEntries(ids.filter((i) => i % 2 === 0).map((i) => [String(i), { text: 'O' + i }]))
    }
    throw new Error('unexpected ' + path)
  },
}))
const { SOURCE_PAGE, useReports } = await import('./report')

describe('report store', () => {
  beforeEach(() => { calls.length = 0; setActivePinia(createPinia()) })

  it('edits a copy of the sections and saves it against the version read', async () => {
    const reports = useReports()
    await reports.load(3)
    reports.draft[0].paragraphs[0].text = 'edited'
    reports.dirty = true
    expect(reports.report?.body.sections[0].paragraphs[0].text).toBe('first')
    await reports.save()
    expect(calls.at(-1)).toEqual({ path: '/api/reports/3', body: { version: 1, body: { sections: reports.draft } } })
    expect(reports.report?.version).toBe(2)
    expect(reports.draft[0].paragraphs[0].text).toBe('edited')
    expect(reports.dirty).toBe(false)
  })

  it('pages through the opinions behind a heading, leaving out those the reader may not see', async () => {
    const reports = useReports()
    await reports.load(3)
    const ids = Array.from({ length: 450 }, (_, i) => i + 1)
    await reports.openAll(ids)
    expect(reports.listing?.offset).toBe(SOURCE_PAGE)
    expect(reports.listing?.loaded).toHaveLength(SOURCE_PAGE / 2)
    await reports.more()
    await reports.more()
    await reports.more()
    expect(reports.listing?.offset).toBe(450)
    expect(reports.listing?.loaded.map((l) => l.id)).toEqual(ids.filter((i) => i % 2 === 0))
    expect(calls.filter((c) => c.path.includes('/sources'))).toHaveLength(3)
  })

  it('lists the reports and which wait for the reader', async () => {
    const reports = useReports()
    await reports.loadList()
    expect(reports.listed).toBe(true)
    expect(reports.waitingForMe.map((r) => r.id)).toEqual([3])
  })
})
