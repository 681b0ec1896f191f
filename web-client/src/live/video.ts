// Jitsi Meet's IFrame API events mapped onto the product's own state: the speaking queue stays the
// product's, so a hand raised in Jitsi becomes RaiseHand here, and lowered, LowerHand.

/** What the product should do when Jitsi reports a hand change, or null. */
export function handCommand(
  event: { id: string; handRaised: number | boolean },
  myJitsiId: string | null,
  inQueue: boolean,
  maySpeak: boolean,
): 'RaiseHand' | 'LowerHand' | null {
  if (!myJitsiId || event.id !== myJitsiId || !maySpeak) return null
  const raised = typeof event.handRaised === 'number' ? event.handRaised > 0 : event.handRaised
  if (raised && !inQueue) return 'RaiseHand'
  if (!raised && inQueue) return 'LowerHand'
  return null
}

/** The room name the IFrame API expects: tenant/room for multi-tenant deployments. */
export function iframeRoom(room: string, tenant: string | null | undefined): string {
  return tenant ? `${tenant}/${room}` : room
}

/** Loads a script once (the IFrame API from the configured Jitsi domain). */
const loading = new Map<string, Promise<void>>()
export function loadScript(url: string): Promise<void> {
  let p = loading.get(url)
  if (!p) {
    p = new Promise<void>((resolve, reject) => {
      const el = document.createElement('script')
      el.src = url
      el.async = true
      el.onload = () => resolve()
      el.onerror = () => {
        loading.delete(url)
        reject(new Error('video script failed to load'))
      }
      document.head.appendChild(el)
    })
    loading.set(url, p)
  }
  return p
}
