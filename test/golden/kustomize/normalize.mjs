// What differs run to run in kubectl's own output and is not compared: Go pointer values in kustomize's
// generator errors, and klog's time and thread id on a Go log line.
export function normalize(s) {
  return s.replace(/0xc[0-9a-f]{6,}/g, '0xPTR').replace(/^I\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ /gm, 'I0000 00:00:00.000000 TID ');
}
