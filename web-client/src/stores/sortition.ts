import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api } from '../api/http'
import { reread } from './reread'
import type { Comparison, Draw, Invitation, Plan, Pool } from '../sortition/types'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
/** The answers a volunteer gives, in the order of the form; the server knows them as Volunteer.FEATURES. */
export const FEATURES = ['county', 'township', 'sector', 'gender', 'ageBand', 'education', 'occupation', 'viewpoint'] as const
export type Feature = (typeof FEATURES)[number]

/** The answers as sent: trimmed, the empty ones left out. */
export function featuresOf(form: Record<Feature, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const k of FEATURES) if (form[k].trim()) out[k] = form[k].trim()
  return out
}

/** The files published so far: the seed once drawn or withdrawn, the public value and result once drawn. */
export function filesOf(d: Pick<Draw, 'status'>): string[] {
  const out = ['lottery.csv', 'probabilities.csv', 'commitment.txt']
  if (d.status !== 'PREPARED') out.push('seed.txt')
  if (d.status === 'DRAWN') out.push('public-value.txt', 'result.json')
  return out
}

/**
 * One volunteer pool (RULES.md Art. 21): the pool, every draw published for it (pending, drawn,
 * withdrawn, each with its commitment), the draw staff work on, and the acts of random selection:
 * volunteering, importing a list, comparing algorithms, preparing, drawing with a public value,
 * withdrawing, and filling declined places. After an act the pool and its draws are read again.
 * Actions throw the server's refusal (ApiError) for the page to show beside the form.
 */
export const useSortition = defineStore('sortition', () => {
  const poolId = ref(0)
  const pool = ref<Pool | null>(null)
  const missing = ref(false)
  const loading = ref(false)
  const draws = ref<Draw[]>([])
  const draw = ref<Draw | null>(null)
  const comparison = ref<Comparison | null>(null)
  const invitations = ref<Invitation[]>([])
  /** whether the reader works on draws (staff): then the current draw is read with who was picked */
  let working = false

  /** Every volunteer pool the reader sees, for the home page; which of them to show is shownPools. */
  const pools = ref<Pool[]>([])
  // the public are invited only to pools still taking volunteers (and see those they joined, with what became of them)
  const shownPools = computed(() => pools.value.filter((p) => p.volunteers !== null || p.canVolunteer || p.registered))

  /** Nothing of an earlier list (another reader's) is kept while it loads. */
  async function loadPools() {
    pools.value = []
    pools.value = await api<Pool[]>('/api/pools')
  }

  const pending = computed(() => draws.value.find((d) => d.status === 'PREPARED') ?? null)

  function enter(id: number) {
    poolId.value = id
    working = false
    pool.value = null
    missing.value = false
    draws.value = []
    draw.value = null
    comparison.value = null
    invitations.value = []
  }

  /** The pool and its draws; `staff` (kept for the reloads after an act) also reads the current draw. */
  async function load(staff = working) {
    working = staff
    loading.value = true
    try {
      pool.value = (await api<Pool[]>('/api/pools')).find((p) => p.id === poolId.value) ?? null
      missing.value = !pool.value
      if (!pool.value) return
      draws.value = await api<Draw[]>(`/api/pools/${poolId.value}/draws`)
      // staff work on the pending draw, else the latest drawn one (with who was picked)
      const current = pending.value ?? draws.value.find((d) => d.status === 'DRAWN') ?? null
      if (working && current && current.id !== draw.value?.id) {
        draw.value = current.status === 'DRAWN' ? await api<Draw>(`/api/draws/${current.id}`) : current
      }
    } finally {
      loading.value = false
    }
  }

  async function volunteer(features: Record<string, string>, household: string | undefined, consent: boolean) {
    await api(`/api/pools/${poolId.value}/volunteers`, { body: { features, household, consent } })
    await reread(load)
  }

  /** A list as staff keep it, CSV or Excel: the file itself is the request body. */
  async function importList(file: File): Promise<number> {
    const xlsx = file.name.toLowerCase().endsWith('.xlsx')
    const r = await api<{ imported: number }>(`/api/pools/${poolId.value}/import`, { raw: file, contentType: xlsx ? XLSX : 'text/csv' })
    await reread(load)
    return r.imported
  }

  async function compare(panelSize: number, quotas: unknown) {
    const r = await api<Comparison>(`/api/pools/${poolId.value}/compare`, { body: { panelSize, quotas } })
    r.volunteers.sort((a, b) => a.legacy - b.legacy) // those LEGACY neglects first
    comparison.value = r
  }

  async function prepare(plan: Plan) {
    draw.value = await api<Draw>(`/api/pools/${poolId.value}/draws`, { body: plan })
    await reread(load)
  }

  /** The current draw again: who accepted, declined or was replaced since. */
  async function refresh() {
    if (draw.value) draw.value = await api<Draw>(`/api/draws/${draw.value.id}`)
  }

  /** Draws with the public value and the day it was produced (not before the commitment's day: the server checks). */
  async function run(publicValue: string, publicValueOn: string) {
    if (!draw.value) return
    const r = await api<{ invitations: Invitation[] }>(`/api/draws/${draw.value.id}/draw`, { body: { publicValue, publicValueOn } })
    invitations.value = r.invitations
    await reread(refresh)
    await reread(load)
  }

  /** Withdrawing is explicit and public: the draw stays listed with its commitment and the reason. */
  async function withdraw(reason: string): Promise<number | undefined> {
    const d = draw.value
    if (!d) return undefined
    await api(`/api/draws/${d.id}/withdraw`, { body: { reason } })
    draw.value = null
    await reread(load)
    return d.id
  }

  /** Fills declined places from the reserve; returns how many were replaced. */
  async function replace(): Promise<number> {
    if (!draw.value) return 0
    const r = await api<{ replaced: number; invitations: Invitation[] }>(`/api/draws/${draw.value.id}/replacements`, { body: {} })
    invitations.value = r.invitations
    await reread(refresh)
    return r.replaced
  }

  return { pools, shownPools, loadPools, poolId, pool, missing, loading, draws, draw, comparison, invitations, pending,
    enter, load, volunteer, importList, compare, prepare, refresh, run, withdraw, replace }
})
