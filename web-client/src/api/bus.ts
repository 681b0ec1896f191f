import EventBus from '@vertx/eventbus-bridge-client.js'
import { useSession } from '../stores/session'

// The one way the client opens the event bus: signed in with the current access token (refreshed
// first when reconnecting), the client's own reconnect off (callers reconnect and then catch up).

export async function openBus(reconnecting: boolean): Promise<EventBus> {
  const session = useSession()
  if (reconnecting) await session.refresh()
  const b = new EventBus(`/eventbus?token=${encodeURIComponent(session.accessToken ?? '')}`, { vertxbus_ping_interval: 10000 })
  b.enableReconnect(false)
  b.onerror = () => {}
  return b
}

/** Milliseconds before the next attempt: doubling from 0.6 s, at most 5 s. */
export function reconnectDelay(attempts: number): number {
  return Math.min(5000, 300 * 2 ** Math.min(attempts, 4))
}
