import { reactive, ref } from 'vue'
import { ApiError } from '../api/http'

/**
 * Keeps a form's server errors: one message per field the server named, and a general message.
 * What the user typed is never touched, so nothing is lost on an error.
 */
export function useServerErrors() {
  const fields = reactive<Record<string, string>>({})
  const general = ref<string | null>(null)

  function clear() {
    Object.keys(fields).forEach((k) => delete fields[k])
    general.value = null
  }

  function show(error: unknown) {
    clear()
    if (error instanceof ApiError) {
      error.errors.forEach((e) => {
        fields[e.field] = e.message
      })
      general.value = error.errors.length ? error.title : error.message
    } else {
      general.value = String(error)
    }
  }

  return { fields, general, clear, show }
}
