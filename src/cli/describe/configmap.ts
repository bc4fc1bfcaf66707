// ConfigMap describer (kubectl has its own; keys printed in sorted order).
import type { KObject } from '../../api/types';
import { PrefixWriter, LEVEL_0 } from './writer';
import { DescribeContext, sortStrings, printLabelsMultiline, printAnnotationsMultiline, eventsFor, describeEvents } from './common';

export function describeConfigMap(cm: KObject, ctx: DescribeContext): string {
  const events = eventsFor(cm, ctx);
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${cm.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${cm.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', cm.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', cm.metadata.annotations);
  w.write(LEVEL_0, '\nData\n====\n');
  const data = cm.data ?? {};
  for (const k of sortStrings(Object.keys(data))) {
    w.write(LEVEL_0, `${k}:\n----\n`);
    w.write(LEVEL_0, `${data[k]}\n`);
    w.write(LEVEL_0, '\n');
  }
  w.write(LEVEL_0, '\nBinaryData\n====\n');
  const bin = cm.binaryData ?? {};
  for (const k of sortStrings(Object.keys(bin))) w.write(LEVEL_0, `${k}: ${Buffer.from(String(bin[k]), 'base64').length} bytes\n`);
  w.write(LEVEL_0, '\n');
  describeEvents(events, w, ctx.now);
  return w.toString();
}
