// `kubectl create <generator>`: each generator builds an object exactly as kubectl's does (field order
// included, so `--dry-run=client -o yaml` prints byte for byte what kubectl prints).
import { Command } from 'commander';
import type { VerbContext } from '../program';

export function registerGenerators(_create: Command, _ctx: VerbContext): void {
  // filled in per generator
}
