// kubectl's jsonpath dialect (k8s.io/client-go/util/jsonpath). Placeholder: replaced by the full engine.
import { CliError } from '../../api/errors';
export function printJSONPath(_tmpl: string, _obj: unknown, _asJson: boolean): string {
  throw new CliError('jsonpath output is not implemented yet');
}
