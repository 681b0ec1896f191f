import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api } from '../api/http'
import type { Adoption, LedgerDetail, LedgerEntry } from '../ledger/types'

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
 * and what is done to an entry (a department's reply, a chair's supervision). After every act the
 * entry is read again. Actions throw the server's refusal (ApiError) for the page to show.
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
    await load(id)
  }

  async function supervise(id: number, on: boolean) {
    await api(`/api/ledger/${id}/supervision`, { method: 'PUT', body: { supervised: on } })
    await load(id)
  }

  return { entries, entry, loading, load, reply, supervise }
})
