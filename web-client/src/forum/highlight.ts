// Marks the words a search found in a text, as parts to render (never HTML: the text stays text).

export interface Part { text: string; hit: boolean }

/** The text cut into parts, the longest word first wherever words overlap; case-insensitive. */
export function highlight(text: string, words: string[]): Part[] {
  const wanted = [...new Set(words.filter((w) => w.length > 0))].sort((a, b) => b.length - a.length)
  const lower = text.toLowerCase()
  const hit = new Array<boolean>(text.length).fill(false)
  for (const w of wanted) {
    const needle = w.toLowerCase()
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
      for (let i = at; i < at + needle.length; i++) hit[i] = true
    }
  }
  const parts: Part[] = []
  for (let i = 0; i < text.length; i++) {
    const last = parts[parts.length - 1]
    if (last && last.hit === hit[i]) last.text += text[i]
    else parts.push({ text: text[i], hit: hit[i] })
  }
  return parts
}
