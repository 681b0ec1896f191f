// Whether a meeting takes live actions (screen review P13, issue 20.10): calling an official, marking a
// commitment or removing a participant only while it runs or is paused, never before it opens or after it closed.

export function liveActionsOpen(status: string | undefined): boolean {
  return status === 'LIVE' || status === 'PAUSED'
}
