import { onBeforeUnmount, ref } from 'vue'
import type EventBus from '@vertx/eventbus-bridge-client.js'
import { openBus, reconnectDelay } from '../api/bus'

/**
 * Listens to one event-bus address while the calling component lives, reconnecting with back-off.
 * These addresses carry no sequence numbers, so after every (re)connection `onOpen` reloads what the
 * page shows: nothing is missed.
 */
export function useChannel<E>(address: string, onEvent: (e: E) => void, onOpen: () => void) {
  const status = ref<'connecting' | 'open' | 'closed'>('connecting')
  let bus: EventBus | null = null
  let stopped = false
  let attempts = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  async function connect() {
    status.value = 'connecting'
    const b = await openBus(attempts > 0)
    bus = b
    b.onopen = () => {
      attempts = 0
      status.value = 'open'
      b.registerHandler(address, {}, (err, msg) => {
        if (!err && msg) onEvent(msg.body as E)
      })
      onOpen()
    }
    b.onclose = () => {
      if (bus !== b) return
      status.value = 'closed'
      bus = null
      if (!stopped) {
        attempts++
        timer = setTimeout(() => void connect(), reconnectDelay(attempts))
      }
    }
  }

  function stop() {
    stopped = true
    clearTimeout(timer)
    const b = bus
    bus = null
    b?.close()
  }

  onBeforeUnmount(stop)
  void connect()
  return { status, stop }
}
