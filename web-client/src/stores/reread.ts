/**
 * Reads a store's data again after an act the server has taken. A failed re-read is not the act's
 * failure: the act is committed, and a page that showed it as failed would invite a resend that makes
 * a second draft, hand-out or draw. The data stays as it was until the next load.
 */
export async function reread(load: () => Promise<unknown>): Promise<void> {
  try {
    await load()
  } catch (e) {
    console.warn('re-read after a committed act failed', e)
  }
}
