import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api } from '../api/http'
import { reread } from './reread'
import type { DraftRegulation, DraftRegulationLine, WrittenOpinion, WrittenReceipt } from '../opinion/types'

/**
 * Opinions on an activity (RULES.md Art. 15): the draft regulations (草案) it puts up for comment, the
 * one being read paragraph by paragraph with its comments, and written opinions (书面意见, research
 * findings from staff). After a draft is put up the list is read again, after a comment the draft.
 * A written opinion and a comment carry an Idempotency-Key so that a resend counts once. Actions throw
 * the server's refusal (ApiError) for the page to show beside the form.
 */
export const useOpinions = defineStore('opinion', () => {
  const drafts = ref<DraftRegulationLine[]>([])
  const draft = ref<DraftRegulation | null>(null)

  /** Starts on an activity's drafts: nothing of another activity's list is kept. */
  function enterActivity() {
    drafts.value = []
  }

  /** The draft regulations put up on an activity. */
  async function loadDrafts(activityId: number) {
    drafts.value = await api<DraftRegulationLine[]>(`/api/activities/${activityId}/drafts`)
  }

  /** Puts up a pasted text for comment; the server splits it into articles (第…条) and paragraphs. */
  async function publishDraft(activityId: number, title: string, text: string) {
    await api(`/api/activities/${activityId}/drafts`, { body: { title, text } })
    await reread(() => loadDrafts(activityId))
  }

  /** Starts on a draft regulation: nothing of another draft is kept. */
  function enterDraft() {
    draft.value = null
  }

  async function loadDraft(id: number) {
    draft.value = await api<DraftRegulation>(`/api/drafts/${id}`)
  }

  /** A comment on one paragraph of the draft regulation; then the draft is read again. */
  async function comment(id: number, paragraphId: number, text: string, key: string) {
    await api(`/api/drafts/${id}/comments`, { body: { paragraphId, text }, headers: { 'Idempotency-Key': key } })
    await reread(() => loadDraft(id))
  }

  /** A written opinion on an activity; the answer says what the server took. */
  async function submit(activityId: number, opinion: WrittenOpinion, key: string): Promise<WrittenReceipt> {
    return api<WrittenReceipt>(`/api/activities/${activityId}/submissions`,
      { body: opinion, headers: { 'Idempotency-Key': key } })
  }

  return { drafts, draft, enterActivity, loadDrafts, publishDraft, enterDraft, loadDraft, comment, submit }
})
