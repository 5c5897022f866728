/** Quoting a word for bash (and the playground's tokenizer, which reads it back as one word). */

/** Bare when it has no special character, else single-quoted (`'` as `'\''`). */
export function shellQuote(word: string): string {
  if (word !== '' && /^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
