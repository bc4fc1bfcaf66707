// Printers know nothing of verbs: they turn objects into text for one output format.
import type { KObject, ResourceInfo } from '../../api/types';
import { kindGroup } from '../../api/types';
import { CliError } from '../../api/errors';
import { goJSON } from './json';
import { goYAML } from './yaml';

export type Format = 'table' | 'wide' | 'yaml' | 'json' | 'name' | 'jsonpath' | 'jsonpath-as-json' | 'jsonpath-file' |
  'custom-columns' | 'custom-columns-file' | 'go-template' | 'go-template-file' | 'template' | 'templatefile';
export interface OutputFormat { format: Format; arg?: string }

const ALLOWED = 'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

/**
 * The template flags every printing verb shares (--template, --allow-missing-template-keys), read from the
 * command line once by program.ts so that no verb has to pass them along.
 */
export const printFlags: { template?: string; allowMissingKeys: boolean } = { allowMissingKeys: true };

export function parseOutput(o: string | undefined, allowed = ALLOWED): OutputFormat {
  // kubectl: --template alone means -o go-template
  if ((o === undefined || o === '') && printFlags.template !== undefined && allowed.split(',').includes('go-template')) o = 'go-template';
  if (o === undefined || o === '') return { format: 'table' };
  const eq = o.indexOf('=');
  const name = eq >= 0 ? o.slice(0, eq) : o;
  let arg = eq >= 0 ? o.slice(eq + 1) : undefined;
  if (arg === undefined && /^(go-template|template|templatefile|go-template-file|jsonpath|jsonpath-file|jsonpath-as-json)$/.test(name)) arg = printFlags.template || undefined;
  if (!allowed.split(',').includes(name)) throw new CliError(`unable to match a printer suitable for the output format "${o}", allowed formats are: ${allowed}`);
  if (['jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'custom-columns', 'custom-columns-file', 'go-template', 'go-template-file', 'template', 'templatefile'].includes(name) && !arg) {
    if (name.startsWith('jsonpath')) throw new CliError('template format specified but no template given');
    if (name.startsWith('custom-columns')) throw new CliError('custom-columns format specified but no custom columns given');
    throw new CliError('template format specified but no template given');
  }
  return { format: name as Format, arg };
}

/** `-o name`: `<kind>[.<group>]/<name>`. */
export function nameOf(obj: KObject, ri?: ResourceInfo): string {
  const group = ri?.group ?? (obj.apiVersion?.includes('/') ? obj.apiVersion.split('/')[0]! : '');
  return `${kindGroup({ group, kind: obj.kind })}/${obj.metadata?.name ?? ''}`;
}

export function asList(items: KObject[], rv = ''): KObject {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: rv } } as unknown as KObject;
}

/** Print a set of objects as yaml|json|name|jsonpath|custom-columns. `single` prints one object bare. */
export function printObjects(fmt: OutputFormat, items: { obj: KObject; ri?: ResourceInfo }[], single: boolean, opts: { noHeaders?: boolean; showManagedFields?: boolean } = {}): string {
  // kubectl's JSON and YAML printers omit managedFields unless --show-managed-fields
  if ((fmt.format === 'json' || fmt.format === 'yaml') && !(opts.showManagedFields ?? showManagedFieldsGiven())) items = items.map(i => ({ ...i, obj: omitManagedFields(i.obj) }));
  switch (fmt.format) {
    case 'json': return goJSON(single ? items[0]!.obj : asList(items.map(i => i.obj))) + '\n';
    case 'yaml': return goYAML(single ? items[0]!.obj : asList(items.map(i => i.obj)));
    case 'name': return items.map(i => nameOf(i.obj, i.ri) + '\n').join('');
    case 'jsonpath': case 'jsonpath-file': case 'jsonpath-as-json': {
      const { printJSONPath, readJSONPathFile } = require('./jsonpath') as typeof import('./jsonpath');
      const tmpl = fmt.format === 'jsonpath-file' ? readJSONPathFile(fmt.arg!) : fmt.arg!;
      return printJSONPath(tmpl, single ? items[0]!.obj : asList(items.map(i => i.obj)), fmt.format === 'jsonpath-as-json', printFlags.allowMissingKeys);
    }
    case 'go-template': case 'template': case 'go-template-file': case 'templatefile': {
      const { printGoTemplate, readTemplateFile } = require('./gotemplate') as typeof import('./gotemplate');
      const tmpl = fmt.format.endsWith('file') ? readTemplateFile(fmt.arg!) : fmt.arg!;
      return printGoTemplate(tmpl, single ? items[0]!.obj : asList(items.map(i => i.obj)), printFlags.allowMissingKeys);
    }
    case 'custom-columns': case 'custom-columns-file': {
      const { printCustomColumns } = require('./customcolumns') as typeof import('./customcolumns');
      return printCustomColumns(fmt, items.map(i => i.obj), !!opts.noHeaders);
    }
    default:
      throw new CliError(`output format "${fmt.format}" is not supported here`);
  }
}

function omitManagedFields(o: KObject): KObject {
  if (!o?.metadata?.managedFields) return o;
  const { managedFields: _m, ...metadata } = o.metadata;
  return { ...o, metadata };
}
/** --show-managed-fields on this command line (every command with JSON/YAML output has the flag). */
function showManagedFieldsGiven(): boolean {
  for (const a of process.argv) { if (a === '--') return false; if (a === '--show-managed-fields' || /^--show-managed-fields=true$/i.test(a)) return true; }
  return false;
}

/** Objects printed one by one, as kubectl's printers do when called per object. */
export function printEach(fmt: OutputFormat, items: { obj: KObject; ri?: ResourceInfo }[]): string {
  if (fmt.format === 'yaml') return items.map(i => printObjects(fmt, [i], true)).join('---\n');
  return items.map(i => printObjects(fmt, [i], true)).join('');
}
