// Character tests on UTF-16 code units, for hot loops that would otherwise run a regular expression
// or allocate a trimmed copy of a string per call (`s.trim() === ""`, `/\s/.test(ch)`).

/**
 * True when the code unit `c` is one that JavaScript's `\s` (and `String.prototype.trim`) treats
 * as white space: ECMAScript WhiteSpace + LineTerminator (ECMA-262 §12.2, §12.3). -1 (no
 * character) is not white space.
 */
export function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
    c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** True for "0"–"9". */
export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `s.slice(from, to).trim() === ""` without building either string. */
export function isBlank(s: string, from = 0, to = s.length): boolean {
  for (let i = from; i < to; i++) if (!isSpaceCode(s.charCodeAt(i))) return false;
  return true;
}
