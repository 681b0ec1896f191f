import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api } from '../api/http'
import { reread } from './reread'
import type { ActivityDetail, ActivityRow } from '../activity/types'

/**
 * Activities (协商活动): the list the caller sees (all of them for those who manage activities, else the
 * ones they are on), and the activity being read with the caller's place on its roster and the answer
 * to their invitation. After an answer the activity is read again. Actions throw the server's refusal
 * (ApiError) for the page to show.
 */
export const useActivity = defineStore('activity', () => {
  const rows = ref<ActivityRow[]>([])
  const activityId = ref(0)
  const detail = ref<ActivityDetail | null>(null)

  /** Whether the caller may write an opinion on the activity (书面意见): the server's answer, by its rule. */
  const mayWriteOpinion = computed(() => detail.value?.may.writeOpinion ?? false)

  /** Nothing of an earlier list (another reader's) is kept while it loads. */
  async function loadList() {
    rows.value = []
    rows.value = await api<ActivityRow[]>('/api/activities')
  }

  /** Starts on an activity: nothing of another activity's page is kept. */
  function enter(id: number) {
    activityId.value = id
    detail.value = null
  }

  async function load() {
    detail.value = await api<ActivityDetail>(`/api/activities/${activityId.value}`)
  }

  /** Accepts or declines the caller's invitation. */
  async function respond(accept: boolean) {
    await api(`/api/activities/${activityId.value}/invitation`, { body: { accept } })
    await reread(load)
  }

  return { rows, activityId, detail, mayWriteOpinion, loadList, enter, load, respond }
})
