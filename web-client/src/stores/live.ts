import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { api, ApiError, toApiError } from '../api/http'
import { newKey } from '../api/keys'
import { openChannel, type Channel, type ConnectionStatus } from '../composables/useChannel'
import { i18n } from '../i18n'
import { applyEnvelope, catchUp, hasGap } from '../live/reducer'
import type { Envelope, LiveState } from '../live/types'

export type { ConnectionStatus }

const t = i18n.global.t

/** Announcements for screen readers, from the events that matter to a listener. */
function announce(env: Envelope, s: LiveState): string | null {
  switch (env.type) {
    case 'FloorGranted': return t('live.announce.FloorGranted', { venue: s.floor?.venueName ?? '', name: s.floor?.name ?? '' })
    case 'ItemStarted': return t('live.announce.ItemStarted', { title: s.item?.title ?? '' })
    case 'TimerWarned': case 'FloorEnded': case 'SessionOpened': case 'SessionPaused': case 'SessionResumed':
    case 'SessionClosed': case 'PollOpened':
      return t('live.announce.' + env.type)
    default: return null
  }
}

/**
 * One live session: the state folded from its events, the event-bus connection (a channel, as every
 * page has: openChannel), and commands. On every (re)connection the handler is registered first and incoming events are buffered; then
 * the snapshot (first time) or the events after the last seq are fetched, and the buffer applied.
 * Events at or below the current seq are dropped, so nothing is applied twice and nothing is missed.
 */
export const useLive = defineStore('live', () => {
  const state = ref<LiveState | null>(null)
  const channel = shallowRef<Channel | null>(null)
  const status = computed<ConnectionStatus>(() => channel.value?.status.value ?? 'connecting')
  const announcement = ref('')
  const warning = ref('')
  const error = shallowRef<ApiError | null>(null)
  /** The host removed this person (the server revoked their registration): the meeting is no longer theirs. */
  const removedMe = ref(false)
  const offset = ref(0)
  let sessionId = 0
  let buffer: Envelope[] = []
  let syncing = true
  let filling = false

  function apply(env: Envelope) {
    if (!state.value) return
    if (applyEnvelope(state.value, env)) {
      const text = announce(env, state.value)
      if (env.type === 'TimerWarned') warning.value = text ?? ''
      else if (text) announcement.value = text
    }
  }

  function receive(env: Envelope) {
    offset.value = env.at - Date.now()
    if (syncing || !state.value) {
      buffer.push(env)
    } else if (hasGap(state.value, env)) {
      buffer.push(env)
      void fillGap()
    } else {
      apply(env)
    }
  }

  function logged(after: number, limit: number): Promise<Envelope[]> {
    return api<Envelope[]>(`/api/live/${sessionId}/events?after=${after}&limit=${limit}`)
  }

  async function fillGap() {
    if (filling || !state.value) return
    filling = true
    try {
      await catchUp(state.value, logged, apply)
      buffer.sort((a, b) => a.seq - b.seq).forEach(apply)
      buffer = []
    } catch (e) {
      error.value = e instanceof ApiError ? e : null
    } finally {
      filling = false
    }
  }

  async function sync() {
    syncing = true
    try {
      if (!state.value) {
        state.value = await api<LiveState>(`/api/live/${sessionId}`)
      } else {
        await catchUp(state.value, logged, apply)
      }
      buffer.sort((a, b) => a.seq - b.seq).forEach(apply)
      buffer = []
      error.value = null
    } catch (e) {
      error.value = e instanceof ApiError ? e : ApiError.network()
    } finally {
      syncing = false
    }
    // the socket's registration completes on the server asynchronously: look once more for anything
    // published in between
    setTimeout(() => void fillGap(), 1000)
  }

  /** The chair removed this person: the server stopped their reads; so does the client, and says why. */
  function removedFromSession() {
    leave()
    removedMe.value = true
    error.value = new ApiError(403, 'removed', i18n.global.t('live.removedYou'), undefined, [])
  }

  function join(id: number) {
    leave()
    sessionId = id
    state.value = null
    removedMe.value = false
    error.value = null
    buffer = []
    syncing = true
    channel.value = openChannel<Envelope>(`live.${id}.events`, {
      onEvent: receive,
      onOpen: () => void sync(),
      onError: (err) => { if (err.message === 'revoked') removedFromSession() },
      onClose: () => { syncing = true },
    })
  }

  function leave() {
    channel.value?.stop()
  }

  /**
   * Sends a command: over the event bus when connected, otherwise over HTTP. The client id makes a
   * retry safe: the server applies it at most once.
   */
  async function send(type: string, fields: Record<string, unknown> = {}, clientId = newKey()): Promise<{ seq: number }> {
    const command = { ...fields, type, clientId }
    const b = channel.value?.bus()
    if (b) {
      return new Promise((resolve, reject) => {
        b.send(`live.${sessionId}.cmd`, command, {}, (err, reply) => {
          if (!err) return resolve(reply.body as { seq: number })
          reject(problemOf(err))
        })
      })
    }
    return api<{ seq: number }>(`/api/live/${sessionId}/commands`, { body: command })
  }

  return { state, status, announcement, warning, error, removedMe, offset, join, leave, send }
})

function problemOf(err: { failureCode?: number; message?: string }): ApiError {
  try {
    const p = JSON.parse(err.message ?? '{}')
    return new ApiError(err.failureCode ?? 500, String(p.type ?? '').replace('urn:xieshang:problem:', ''),
      p.title ?? t('error.failed'), p.detail, p.errors ?? [])
  } catch {
    return new ApiError(err.failureCode ?? 0, 'bridge', t('error.refused'), err.message, [])
  }
}

export { toApiError }
