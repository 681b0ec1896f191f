// A success message that clears by itself: banners that never cleared kept saying 已保存 after the next
// change. Long enough to be read (and announced by role=status), then gone.
import { customRef, getCurrentInstance, onBeforeUnmount } from 'vue'

export const NOTICE_MS = 8000

export function useNotice(ms = NOTICE_MS) {
  let timer: ReturnType<typeof setTimeout> | undefined
  const notice = customRef<string>((track, trigger) => {
    let value = ''
    return {
      get() {
        track()
        return value
      },
      set(next: string | null) {
        value = next ?? ''
        clearTimeout(timer)
        if (value) {
          timer = setTimeout(() => {
            value = ''
            trigger()
          }, ms)
        }
        trigger()
      },
    }
  })
  if (getCurrentInstance()) onBeforeUnmount(() => clearTimeout(timer))
  return notice
}
