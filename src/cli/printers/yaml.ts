// kubectl's YAML printer: the object marshalled to JSON, then to YAML by sigs.k8s.io/yaml (go-yaml v2):
// keys sorted, two-space indent, sequences not indented under their key.
import { sortKeys } from './sort';

export function goYAML(v: unknown): string {
  const YAML = require('yaml') as typeof import('yaml');
  const doc = new YAML.Document(sortKeys(v), { version: '1.1' });
  return YAML.stringify(doc, { indentSeq: false, lineWidth: 0, minContentWidth: 0, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN', nullStr: 'null', trueStr: 'true', falseStr: 'false' } as any);
}
