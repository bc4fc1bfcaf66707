// Label and annotation selectors in kustomize's patch targets and replacements (apimachinery labels.Parse).
import { parseSelector, matches } from '../api/selectors';
import { KError, messageOf } from './errors';

export function matchesSelector(sel: string, labels: Record<string, string>): boolean {
  if (!sel) return true;
  let s;
  try { s = parseSelector(sel); } catch (e) { throw new KError(messageOf(e)); }
  return matches(s, labels);
}
