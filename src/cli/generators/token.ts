// kubectl create token SERVICE_ACCOUNT_NAME: a TokenRequest (serviceaccounts/token subresource); the token is
// printed bare (with a newline only on a terminal), or the TokenRequest with -o.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { nameFromArgs, collectArray } from './common';
import { openSession } from '../verbs/common';
import { CliError, StatusError } from '../../api/errors';
import { parseOutput, printObjects } from '../printers';
import { parseGoDuration } from '../verbs/wait';
import { createTokenRequest } from '../../api/rbac/identity';

const BOUND: Record<string, string> = { Node: 'v1', Pod: 'v1', Secret: 'v1' };

export function register(create: Command, ctx: VerbContext): void {
  const cmd = create.command('token').description('Request a service account token')
    .argument('[args...]')
    .option('-o, --output <format>', 'Output format.')
    .option('--audience <aud>', 'Audience of the requested token.', collectArray, [])
    .option('--duration <d>', 'Requested lifetime of the issued token.', '0s')
    .option('--bound-object-kind <kind>', 'Kind of an object to bind the token to.', '')
    .option('--bound-object-name <name>', 'Name of an object to bind the token to.', '')
    .option('--bound-object-uid <uid>', 'UID of an object to bind the token to.', '')
    .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.', false)
    .option('--template <t>', 'Template string or path to template file to use when -o=go-template, -o=go-template-file.')
    .option('--allow-missing-template-keys', 'If true, ignore any errors in templates when a field or map key is missing in the template.', true);
  cmd.action((args: string[], opts: any) => {
    const { name } = nameFromArgs(ctx, cmd, args);
    let ms: number;
    try { ms = parseGoDuration(String(opts.duration)); } catch {
      throw new CliError(`invalid argument "${opts.duration}" for "--duration" flag: time: invalid duration "${opts.duration}"\nSee 'kctl create token --help' for usage.`);
    }
    if (ms < 0) throw new CliError('--duration must be greater than or equal to 0');
    if (ms % 1000 !== 0) throw new CliError('--duration cannot be expressed in units less than seconds');
    for (const a of opts.audience as string[]) if (!a) throw new CliError('--audience must not be an empty string');
    if (!opts.boundObjectKind) {
      if (opts.boundObjectName) throw new CliError('--bound-object-name can only be set if --bound-object-kind is provided');
      if (opts.boundObjectUid) throw new CliError('--bound-object-uid can only be set if --bound-object-kind is provided');
    } else {
      if (!BOUND[opts.boundObjectKind]) throw new CliError(`supported --bound-object-kind values are ${Object.keys(BOUND).join(', ')}`);
      if (!opts.boundObjectName) throw new CliError('--bound-object-name is required if --bound-object-kind is provided');
    }
    const output = opts.output ?? cmd.parent?.opts().output; // create's own -o is parsed first
    const fmt = output ? parseOutput(output) : undefined;
    const s = openSession(ctx);
    try {
      const tr = s.step(rt => {
        try {
          return createTokenRequest(rt.api, s.namespace, name, {
            audiences: opts.audience.length ? opts.audience : undefined,
            expirationSeconds: ms > 0 ? ms / 1000 : undefined,
            boundObjectRef: opts.boundObjectKind ? { kind: opts.boundObjectKind, apiVersion: 'v1', name: opts.boundObjectName, uid: opts.boundObjectUid || undefined } : undefined,
          });
        } catch (e) {
          if (e instanceof StatusError) throw new CliError(`failed to create token: ${e.message}`);
          throw e;
        }
      });
      if (fmt) { ctx.out.out(printObjects(fmt, [{ obj: tr }], true)); return; }
      ctx.out.out(tr.status.token + (process.stdout.isTTY ? '\n' : ''));
    } finally {
      s.close();
    }
  });
}
