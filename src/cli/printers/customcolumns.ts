import { CliError } from '../../api/errors';
import type { KObject } from '../../api/types';
import type { OutputFormat } from './index';
export function printCustomColumns(_fmt: OutputFormat, _objs: KObject[], _noHeaders: boolean): string {
  throw new CliError('custom-columns output is not implemented yet');
}
