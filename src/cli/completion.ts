// placeholder
import type { Command } from 'commander';
import type { VerbContext } from './program';
export function complete(_p: Command, _c: VerbContext, _a: string[], _d: boolean, _o: string[]): void {}
