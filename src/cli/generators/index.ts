// `kubectl create <generator>`: each generator builds an object exactly as kubectl's does (field order
// included, so `--dry-run=client -o json` prints byte for byte what kubectl prints). One module each.
import { Command } from 'commander';
import type { VerbContext } from '../program';

const MODULES: (() => { register(create: Command, ctx: VerbContext): void })[] = [
  () => require('./namespace'),
  () => require('./configmap'),
  () => require('./secret'),
  () => require('./service'),
  () => require('./serviceaccount'),
  () => require('./deployment'),
  () => require('./job'),
  () => require('./cronjob'),
  () => require('./ingress'),
  () => require('./quota'),
  () => require('./priorityclass'),
  () => require('./pdb'),
  () => require('./role'),
  () => require('./rolebinding'),
  () => require('./token'),
];

export function registerGenerators(create: Command, ctx: VerbContext): void {
  for (const m of MODULES) m().register(create, ctx);
}
