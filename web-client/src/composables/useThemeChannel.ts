import type { ForumEvent } from '../forum/types'
import { useChannel } from './useChannel'

/** Listens to forum.<themeId>.events; `onOpen` runs after every (re)connection to reload the page. */
export function useThemeChannel(themeId: number, onEvent: (e: ForumEvent) => void, onOpen: () => void) {
  return useChannel<ForumEvent>(`forum.${themeId}.events`, onEvent, onOpen)
}
