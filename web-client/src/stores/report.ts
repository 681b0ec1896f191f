import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api } from '../api/http'
import type { Report, ReportRow, Section, Source } from '../report/types'

/** Opinions behind a heading are fetched this many at a time (the report brings the first 8). */
export const SOURCE_PAGE = 200

export interface SourceListing { ids: number[]; offset: number; loaded: { id: number; source: Source }[]; loading: boolean }

/**
 * Consultation reports: the list with who acts next, and the report being read with its draft (the
 * sections as edited, unsaved while `dirty`), its workflow moves and comments, and the opinions behind
 * a heading page by page. Every answer of the server replaces the report and the draft with the saved
 * text. Actions throw the server's refusal (ApiError) for the page to show.
 */
export const useReports = defineStore('report', () => {
  const rows = ref<ReportRow[]>([])
  const listed = ref(false)
  const waitingForMe = computed(() => rows.value.filter((r) => r.waitingForMe))

  const report = ref<Report | null>(null)
  const draft = ref<Section[]>([])
  const dirty = ref(false)
  const listing = ref<SourceListing | null>(null)

  async function loadList() {
    listed.value = false
    try {
      rows.value = await api<ReportRow[]>('/api/reports')
    } finally {
      listed.value = true
    }
  }

  function take(r: Report) {
    report.value = r
    draft.value = JSON.parse(JSON.stringify(r.body.sections))
    dirty.value = false
  }

  async function load(id: number) {
    report.value = null
    listing.value = null
    take(await api<Report>(`/api/reports/${id}`))
  }

  function path(): string {
    if (!report.value) throw new Error('no report loaded')
    return `/api/reports/${report.value.id}`
  }

  /** The draft as a new version; the server refuses it if someone saved in between (version). */
  async function save() {
    take(await api<Report>(path(), { method: 'PUT', body: { version: report.value?.version, body: { sections: draft.value } } }))
  }

  async function move(to: string) {
    take(await api<Report>(`${path()}/status`, { body: { to } }))
  }

  async function comment(text: string) {
    take(await api<Report>(`${path()}/comments`, { body: { text } }))
  }

  function source(id: number): Source | undefined {
    return report.value?.sources[String(id)]
  }

  async function openAll(ids: number[]) {
    listing.value = { ids, offset: 0, loaded: [], loading: false }
    await more()
  }

  /** The next page of the opinions behind a heading; those the reader may not see are left out. */
  async function more() {
    const l = listing.value
    if (!l || l.loading || l.offset >= l.ids.length) return
    l.loading = true
    const next = l.ids.slice(l.offset, l.offset + SOURCE_PAGE)
    try {
      const got = await api<Record<string, Source>>(`${path()}/sources?ids=${next.join(',')}`)
      l.loaded.push(...next.filter((i) => got[String(i)]).map((i) => ({ id: i, source: got[String(i)] })))
      l.offset += next.length
    } finally {
      l.loading = false
    }
  }

  return { rows, listed, waitingForMe, report, draft, dirty, listing, loadList, load, save, move, comment, source, openAll, more }
})
