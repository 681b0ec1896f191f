// What a department is handed from a report's paragraph: the words quoted, without who said them.

/** 雁江区政协委员提出：“建议……” → 建议……; a paragraph staff wrote in their own words stays as it is. */
export function suggestionOf(paragraph: string): string {
  const quoted = /^[^“”：:]{1,40}(?:提出)?[：:]“([\s\S]+)”$/.exec(paragraph.trim())
  return quoted ? quoted[1].trim() : paragraph.trim()
}
