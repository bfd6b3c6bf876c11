/**
 * Bracket nesting of HCL text, measured before hcl2json parses it: its Go
 * WebAssembly aborts the whole process (a goroutine stack overflow, not a
 * catchable error) on input nested a few thousand levels deep. Strings,
 * comments and heredocs are skipped; `${` / `%{` templates inside them
 * count as a level, as their content is parsed as expressions.
 */
import { lineColumnAt } from '../common/read.js';

type Frame = '(' | '[' | '{' | 'tpl' | 'str' | { heredoc: string };

const CLOSER: Record<string, Frame> = { ')': '(', ']': '[', '}': '{' };

/** The first place nesting goes over `max`, or undefined. */
export function nestingOver(text: string, max: number): { line: number; column: number } | undefined {
  const stack: Frame[] = [];
  const n = text.length;
  let i = 0;
  let lineStart = true;
  while (i < n) {
    const c = text[i];
    const top = stack[stack.length - 1];
    const atLineStart = lineStart;
    lineStart = c === '\n';
    if (top === 'str') {
      if (c === '\\') i += 2;
      else if (c === '"') {
        stack.pop();
        i++;
      } else if ((c === '$' || c === '%') && text[i + 1] === '{') {
        stack.push('tpl');
        i += 2;
      } else if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') i += 3;
      else i++;
    } else if (typeof top === 'object') {
      if (atLineStart) {
        const end = text.indexOf('\n', i);
        const line = text.slice(i, end < 0 ? n : end).trim();
        if (line === top.heredoc) {
          stack.pop();
          i = end < 0 ? n : end;
          continue;
        }
      }
      if ((c === '$' || c === '%') && text[i + 1] === '{') {
        stack.push('tpl');
        i += 2;
      } else if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') i += 3;
      else i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === '"') {
      stack.push('str');
      i++;
    } else if (c === '<' && text[i + 1] === '<') {
      const m = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 300));
      if (m) {
        stack.push({ heredoc: m[1] });
        i += m[0].length;
        lineStart = true;
      } else i += 2;
    } else if (c === '(' || c === '[' || c === '{') {
      stack.push(c);
      i++;
    } else if (c === ')' || c === ']' || c === '}') {
      const want = CLOSER[c];
      if (top === want || (c === '}' && top === 'tpl')) stack.pop();
      i++;
    } else i++;
    if (stack.length > max) return lineColumnAt(text, Math.min(i, n) - 1);
  }
  return undefined;
}
