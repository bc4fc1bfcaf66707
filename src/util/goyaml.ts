// go-yaml v2's words for YAML it cannot read (what sigs.k8s.io/yaml, and so kubectl, reports), for the
// errors of the `yaml` package that kctl parses with: shared by manifests and kubeconfig files.
export function lineOf(text: string, pos: number): number { return text.slice(0, pos).split('\n').length; }
/** go-yaml's text for a syntax error and the line it names (0: none). Its scanner errors name the 1-based
 *  line, except line 1; its parser errors name the 0-based line of the offending token, which is usually the
 *  line before the one this library names. */
export function goYamlMessage(e: any, text: string, line: number): { msg: string; at: number } {
  const code = e.code as string, m = String(e.message ?? '');
  const scanner = (msg: string, l = line) => ({ msg, at: l > 1 ? l : 0 });
  const parser = (msg: string, l = line - 1) => ({ msg, at: l });
  // an unterminated flow collection: go-yaml stops at the end of the stream, whose line is the last line's
  // (its scanner moves to a new line at the end when the text does not end with one)
  const eof = (text.match(/\n/g)?.length ?? 0) + (text.endsWith('\n') ? 0 : 1);
  const end = (e.pos?.[0] ?? 0) >= text.length ? eof : line - 1;
  const unclosed = code === 'BAD_INDENT' || (code === 'MISSING_CHAR' && /must end with/.test(m));
  if (unclosed && /^Flow (map|sequence)/.test(m) && /[[{]\s*$/.test(text)) return parser('did not find expected node content', eof);
  if (unclosed && /^Flow map/.test(m)) return parser("did not find expected ',' or '}'", end);
  if (unclosed && /^Flow sequence/.test(m)) return parser("did not find expected ',' or ']'", end);
  if (code === 'BAD_INDENT' && /All mapping items/.test(m)) {
    const prev = text.split('\n').slice(0, line - 1).reverse().find(l => l.trim() !== '');
    return parser(prev?.trimStart().startsWith('- ') ? "did not find expected '-' indicator" : 'did not find expected key');
  }
  if (code === 'MISSING_CHAR' && /^Sequence item without/.test(m)) return parser('did not find expected key');
  if (code === 'UNEXPECTED_TOKEN') return parser('did not find expected key');
  if (code === 'MISSING_CHAR' && /^Missing closing/.test(m)) return scanner('found unexpected end of stream');
  if (code === 'BLOCK_AS_IMPLICIT_KEY' && /^A block sequence may not be used as an implicit map key/.test(m)) return parser('did not find expected key');
  if (code === 'BLOCK_AS_IMPLICIT_KEY' && /^Nested mappings/.test(m)) {
    // go-yaml stops at the offending ':', which may be lines below where this library points
    const at = e.pos?.[0] ?? 0, colon = text.slice(at).search(/:(\s|$)/);
    return scanner('mapping values are not allowed in this context', colon < 0 ? line : lineOf(text, at + colon));
  }
  if (code === 'TAB_AS_INDENT') return scanner('found character that cannot start any token');
  if (code === 'BAD_INDENT' || code === 'MISSING_CHAR') return { msg: 'did not find expected key', at: line };
  if (code === 'DUPLICATE_KEY') return { msg: 'mapping key already defined', at: line };
  if (code === 'BLOCK_AS_IMPLICIT_KEY' || code === 'MULTILINE_IMPLICIT_KEY') return { msg: 'could not find expected \':\'', at: line };
  return { msg: 'did not find expected key', at: line };
}
