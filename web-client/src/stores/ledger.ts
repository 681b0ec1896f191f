import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api } from '../api/http'
import { reread } from './reread'
import type { Adoption, LedgerDetail, LedgerEntry } from '../ledger/types'

/** A suggestion handed to a department: its text, the opinions behind it, and by when it is answered. */
export interface HandOut { suggestion: string; sources: number[]; departmentId: number | null; dueOn: string }

export type LedgerFilter = 'all' | 'open' | 'overdue' | 'supervised'

/** Whether an entry is listed under a filter: open means not answered yet or still in progress. */
export function listedUnder(e: LedgerEntry, filter: LedgerFilter): boolean {
  switch (filter) {
    case 'all': return true
    case 'open': return e.adoption === null || e.adoption === 'IN_PROGRESS'
    case 'overdue': return e.overdue
    case 'supervised': return e.supervised
  }
}

/**
 * The adoption ledger (台账): the entries the reader may see (listed under a filter), or one entry with its replies,
 * and what is done to an entry (a department's reply, a chair's supervision); and the entries handed out
 * from one approved report, with the hand-outs. After every act the entry or the report's entries are
 * read again. Actions throw the server's refusal (ApiError) for the page to show.
 */
export const useLedger = defineStore('ledger', () => {
  const entries = ref<LedgerEntry[]>([])
  const entry = ref<LedgerDetail | null>(null)
  const loading = ref(false)

  /** The list (id null) or one entry. */
  async function load(id: number | null) {
    loading.value = true
    try {
      if (id === null) {
        entry.value = null
        entries.value = await api<LedgerEntry[]>('/api/ledger')
      } else {
        entry.value = await api<LedgerDetail>(`/api/ledger/${id}`)
      }
    } finally {
      loading.value = false
    }
  }

  async function reply(id: number, adoption: Adoption | null, text: string) {
    await api(`/api/ledger/${id}/replies`, { body: { adoption, text } })
    await reread(() => load(id))
  }

  async function supervise(id: number, on: boolean) {
    await api(`/api/ledger/${id}/supervision`, { method: 'PUT', body: { supervised: on } })
    await reread(() => load(id))
  }

  /** The entries handed out from one approved report (交办台账); read again after each hand-out. */
  const reportEntries = ref<LedgerEntry[]>([])

  /** Starts on a report's entries: nothing of another report's is kept. */
  function enterReport() {
    reportEntries.value = []
  }

  async function loadForReport(reportId: number) {
    reportEntries.value = await api<LedgerEntry[]>(`/api/ledger?reportId=${reportId}`)
  }

  /** Hands one suggestion of the report, with the opinions behind it, to a department by a date. */
  async function assign(reportId: number, handOut: HandOut) {
    await api(`/api/reports/${reportId}/ledger`, { body: handOut })
    await reread(() => loadForReport(reportId))
  }

  /** Hands every commitment made in the report's meeting to its department; says how many became entries. */
  async function handCommitments(reportId: number, dueOn: string): Promise<number> {
    const r = await api<{ created: number }>(`/api/reports/${reportId}/ledger/commitments`, { body: { dueOn } })
    await reread(() => loadForReport(reportId))
    return r.created
  }

  return { entries, entry, loading, load, reply, supervise, reportEntries, enterReport, loadForReport, assign, handCommitments }
})
