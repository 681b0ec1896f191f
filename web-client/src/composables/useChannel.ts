import { onBeforeUnmount, ref, type Ref } from 'vue'
import type EventBus from '@vertx/eventbus-bridge-client.js'
import { openBus, reconnectDelay } from '../api/bus'

export type ConnectionStatus = 'connecting' | 'open' | 'closed'

export interface ChannelHandlers<E> {
  /** A message on the address. */
  onEvent(e: E): void
  /** After every (re)connection, once the handler is registered: reload or catch up. */
  onOpen(): void
  /** The server refused or ended the registration (e.g. `revoked`). */
  onError?(err: { message?: string; failureCode?: number }): void
  /** The connection dropped; a reconnection follows unless the channel was stopped. */
  onClose?(): void
}

export interface Channel {
  status: Ref<ConnectionStatus>
  /** The open event bus, for sending; null while connecting or closed. */
  bus(): EventBus | null
  stop(): void
}

/**
 * Listens to one event-bus address until stopped, reconnecting with back-off (`reconnectDelay`) and a
 * fresh access token. After every (re)connection the handler is registered first and then `onOpen`
 * runs, so whatever the caller reloads or catches up on, nothing published after the registration
 * is missed. The one connection logic of the client: the live store and every component use it.
 */
export function openChannel<E>(address: string, handlers: ChannelHandlers<E>): Channel {
  const status = ref<ConnectionStatus>('connecting')
  let bus: EventBus | null = null
  let stopped = false
  let attempts = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  async function connect() {
    status.value = 'connecting'
    const b = await openBus(attempts > 0)
    if (stopped) return b.close()
    bus = b
    b.onopen = () => {
      attempts = 0
      status.value = 'open'
      b.registerHandler(address, {}, (err, msg) => {
        if (!err && msg) handlers.onEvent(msg.body as E)
        else if (err) handlers.onError?.(err as { message?: string; failureCode?: number })
      })
      handlers.onOpen()
    }
    b.onclose = () => {
      if (bus !== b) return
      status.value = 'closed'
      bus = null
      handlers.onClose?.()
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
    status.value = 'closed'
    b?.close()
  }

  void connect()
  return { status, bus: () => (status.value === 'open' ? bus : null), stop }
}

/** A channel for as long as the calling component lives. */
export function useChannel<E>(address: string, onEvent: (e: E) => void, onOpen: () => void): Channel {
  const channel = openChannel<E>(address, { onEvent, onOpen })
  onBeforeUnmount(channel.stop)
  return channel
}
