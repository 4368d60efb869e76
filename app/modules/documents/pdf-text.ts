/**
 * The PDF's standard fonts (Helvetica, Courier) draw WinAnsi only: Latin-1 plus these. Anything
 * else ("Łukasz", Cyrillic, emoji) would throw inside pdf-lib, so it is transliterated here, and
 * the document says so (a visible note), rather than crashing or dropping text silently.
 */
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");
/** Letters NFD does not decompose, written as their closest Latin-1 look-alike. */
const LOOKALIKE: Record<string, string> = {
  Ł: "L", ł: "l", Đ: "D", đ: "d", Ħ: "H", ħ: "h", ı: "i", Ŀ: "L", ŀ: "l", Ŧ: "T", ŧ: "t", Ŋ: "N", ŋ: "n", ĸ: "k",
  "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2015": "-", "\u2212": "-", "\u2032": "'", "\u2033": '"', "\u00ad": "",
  "≥": ">=", "≤": "<=", "≠": "!=", "≈": "~", "→": "->", "←": "<-",
  "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ",
};

const drawable = (text: string) => [...text].every((ch) => {
  const code = ch.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch);
});

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/**
 * One line of text as the standard fonts can draw it, and whether anything had to change. Each
 * grapheme the fonts cannot draw (an emoji with its modifiers counts as one) becomes its accent-free
 * form, a look-alike, or one "?".
 */
export function pdfSafeText(text: string): { text: string; changed: boolean } {
  let changed = false;
  let out = "";
  for (const { segment } of graphemes.segment(text.normalize("NFC").replace(/\t/g, " "))) {
    if (drawable(segment)) {
      out += segment;
      continue;
    }
    changed = true;
    const bare = segment.normalize("NFD").replace(/\p{M}/gu, "");
    if (bare && drawable(bare)) out += bare;
    else if (segment in LOOKALIKE) out += LOOKALIKE[segment];
    else if (/^\p{Cc}+$/u.test(segment)) out += "";
    else out += "?";
  }
  return { text: out, changed };
}
