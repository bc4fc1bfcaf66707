// sed: GNU sed 4.9 and busybox sed. Addresses (N, $, /re/, \cREc, first~step, addr,+N, 0,/re/, !),
// the commands s d D p P n N g G h H x a i c y q Q = l r w b t T : { }, options -n -e -f -i -E -r -s -z,
// and each implementation's error messages. Input streams line by line; a cycle that needs more input
// than has arrived (N, n, $) is rolled back and retried when it comes, so `tail -f | sed` works.
import type { CmdCtx, CmdResult } from '../types';
import { register } from './index';
import { getopt, bb, readFile, fsMsg } from './lib';
import { compile, RegexError } from './regex';

type Addr = { t: 'line'; n: number } | { t: 'last' } | { t: 're'; re: string; flags: string } | { t: 'step'; first: number; step: number } | { t: 'zero' };
interface Cmd {
  a1?: Addr; a2?: Addr | { t: 'plus'; n: number } | { t: 'mult'; n: number }; neg?: boolean;
  c: string;
  /** s: regex, replacement, flags; y: from, to; a/i/c: text; b/t/T: label; r/w: file; q/Q: exit code; {: index of matching }. */
  re?: string; rep?: string; fl?: string; nth?: number; global?: boolean; print?: number; wfile?: string;
  text?: string; label?: string; file?: string; code?: number; end?: number; from?: string; to?: string;
}
class SedError { constructor(public msg: string, public code = 1) {} }

function parseScript(c: CmdCtx, scripts: { text: string; name: string }[], ere: boolean): Cmd[] {
  const cmds: Cmd[] = [];
  const blocks: number[] = [];
  const gnu = !bb(c);
  // the -e pieces form one script, joined by newlines (a trailing backslash continues into the next)
  const starts: number[] = [];
  let joined = '';
  for (const s of scripts) { starts.push(joined.length); joined += (joined ? '\n' : '') + s.text; if (starts.length > 1) starts[starts.length - 1]! += 1; }
  for (let si = 0; si < 1; si++) {
    const src = joined;
    let i = 0;
    const err = (msg: string, at = i): never => {
      if (!gnu) throw new SedError(`sed: ${msg}`);
      let k = 0;
      while (k + 1 < starts.length && starts[k + 1]! <= at) k++;
      throw new SedError(`sed: ${scripts[k]!.name === '-e' ? `-e expression #${k + 1}` : `file ${scripts[k]!.name} line 1`}, char ${at - starts[k]!}: ${msg}`);
    };
    const ws = () => { while (i < src.length && /[ \t]/.test(src[i]!)) i++; };
    const delimited = (d: string, what: string): string => {
      let out = '';
      for (;;) {
        if (i >= src.length || (src[i] === '\n' && what !== 's-rep')) err(what === 'y' ? "unterminated `y' command" : what === 'addr' ? (gnu ? 'unterminated address regex' : "unmatched '/'") : gnu ? "unterminated `s' command" : "unmatched '/'", i);
        const ch = src[i]!;
        if (ch === '\\') {
          const n = src[i + 1];
          if (n === d) { out += d === '&' && what === 's-rep' ? '\\&' : /[.*[\]^$\\+?(){}|/]/.test(d) && what !== 's-rep' && what !== 'y' ? '\\' + d : d; i += 2; continue; }
          if (n === '\n') { out += what === 's-rep' ? '\n' : '\\n'; i += 2; continue; }
          out += ch + (n ?? ''); i += 2; continue;
        }
        if (ch === d) { i++; return out; }
        if (ch === '[' && what !== 's-rep' && what !== 'y') {
          // a bracket expression may hold the delimiter
          let j = i + 1;
          if (src[j] === '^') j++;
          if (src[j] === ']') j++;
          while (j < src.length && src[j] !== ']') { if (src[j] === '[' && /[:.=]/.test(src[j + 1] ?? '')) { const k = src.indexOf(src[j + 1] + ']', j + 2); j = k < 0 ? src.length : k + 2; continue; } j++; }
          if (j < src.length) { out += src.slice(i, j + 1); i = j + 1; continue; }
        }
        out += ch; i++;
      }
    };
    const address = (): Addr | undefined => {
      ws();
      const ch = src[i];
      if (ch === undefined) return undefined;
      if (/\d/.test(ch)) {
        const m = /^(\d+)(?:~(\d+))?/.exec(src.slice(i))!;
        i += m[0].length;
        if (m[2] !== undefined) { if (!gnu) err('unsupported command ~'); return { t: 'step', first: Number(m[1]), step: Number(m[2]) }; }
        if (Number(m[1]) === 0) return { t: 'zero' };
        return { t: 'line', n: Number(m[1]) };
      }
      if (ch === '$') { i++; return { t: 'last' }; }
      if (ch === '/' || ch === '\\') {
        let d = '/';
        if (ch === '\\') { d = src[i + 1]!; i += 2; } else i++;
        const re = delimited(d, 'addr');
        let flags = '';
        while (src[i] === 'I' || src[i] === 'M') { flags += src[i] === 'I' ? 'i' : 'm'; i++; }
        return { t: 're', re, flags };
      }
      return undefined;
    };
    const label = (): string => { ws(); const m = /^[^;\n}]*/.exec(src.slice(i))!; i += m[0].length; return m[0].trim(); };
    const textArg = (): string => {
      // a\ text, a text (GNU one-liner), with backslash-newline continuing
      let j = i;
      while (j < src.length && /[ \t]/.test(src[j]!)) j++;
      if (src[j] === '\\') { j++; if (src[j] === '\n') j++; else while (j < src.length && /[ \t]/.test(src[j]!)) j++; }
      else if (!gnu) { /* busybox: the same */ }
      let out = '';
      while (j < src.length && src[j] !== '\n') {
        if (src[j] === '\\') { const n = src[j + 1]; if (n === '\n') { out += '\n'; j += 2; continue; } if (n !== undefined) { out += n === 't' ? '\t' : n; j += 2; continue; } }
        out += src[j]; j++;
      }
      i = j;
      return out;
    };
    while (i < src.length) {
      ws();
      while (src[i] === ';' || src[i] === '\n' || src[i] === ' ' || src[i] === '\t') i++;
      if (i >= src.length) break;
      if (src[i] === '#') { while (i < src.length && src[i] !== '\n') i++; continue; }
      const cmd: Cmd = { c: '' };
      const a1 = address();
      if (a1) {
        cmd.a1 = a1;
        ws();
        if (src[i] === ',') {
          i++; ws();
          const m = /^([+~])(\d+)/.exec(src.slice(i));
          if (m && gnu) { i += m[0].length; cmd.a2 = m[1] === '+' ? { t: 'plus', n: Number(m[2]) } : { t: 'mult', n: Number(m[2]) }; }
          else { const a2 = address(); if (!a2) err('unexpected `,\''); cmd.a2 = a2 as Addr; }
        }
        if (a1.t === 'zero' && !(cmd.a2 && (cmd.a2 as Addr).t === 're')) err(gnu ? 'invalid usage of line address 0' : 'unsupported command ,');
      }
      ws();
      while (src[i] === '!') { cmd.neg = true; i++; ws(); }
      const ch = src[i];
      if (ch === undefined) err('missing command');
      i++;
      cmd.c = ch!;
      switch (ch) {
        case '{': blocks.push(cmds.length); break;
        case '}': {
          if (!blocks.length) err(gnu ? "unexpected `}'" : 'unexpected }');
          if (cmd.a1) err(gnu ? "} doesn't want any addresses" : 'unexpected }');
          const open = blocks.pop()!;
          cmds[open]!.end = cmds.length;
          break;
        }
        case 's': {
          const d = src[i++];
          if (d === undefined || d === '\n' || d === '\\') err(gnu ? "unterminated `s' command" : "unmatched '/'");
          cmd.re = delimited(d!, 's-re');
          cmd.rep = delimited(d!, 's-rep');
          cmd.fl = '';
          for (;;) {
            const f = src[i];
            if (f === 'g') { cmd.global = true; i++; }
            else if (f === 'p') { cmd.print = (cmd.print ?? 0) + 1; i++; }
            else if (f === 'i' || f === 'I') { cmd.fl += 'i'; i++; }
            else if (f === 'm' || f === 'M') { cmd.fl += 'm'; i++; }
            else if (f === 'e') i++;
            else if (f !== undefined && /\d/.test(f)) { const m = /^\d+/.exec(src.slice(i))!; cmd.nth = Number(m[0]); i += m[0].length; }
            else if (f === 'w') { i++; cmd.wfile = label(); break; }
            else break;
          }
          ws();
          if (i < src.length && !/[;\n}#]/.test(src[i]!)) err(gnu ? "unknown option to `s'" : 'bad option in substitution expression', i + 1);
          try { compile(cmd.re, ere, cmd.fl); } catch (e) { if (e instanceof RegexError && cmd.re !== '') err(e.message); }
          break;
        }
        case 'y': {
          const d = src[i++]!;
          const unesc = (s: string) => s.replace(/\\(.)/g, (_, x: string) => (x === 'n' ? '\n' : x === 't' ? '\t' : x));
          cmd.from = unesc(delimited(d, 'y')); cmd.to = unesc(delimited(d, 'y'));
          if ([...cmd.from].length !== [...cmd.to].length && gnu) err("strings for `y' command are different lengths");
          break;
        }
        case 'a': case 'i': case 'c': cmd.text = textArg(); break;
        case ':': if (cmd.a1) err(': doesn\'t want any addresses'); cmd.label = label(); if (!cmd.label) err('":" lacks a label'); break;
        case 'b': case 't': case 'T': cmd.label = label(); break;
        case 'r': case 'R': case 'w': case 'W': cmd.file = label(); break;
        case 'q': case 'Q': case 'l': case 'L': { ws(); const m = /^\d+/.exec(src.slice(i)); if (m) { cmd.code = Number(m[0]); i += m[0].length; } break; }
        case '=': case 'd': case 'D': case 'p': case 'P': case 'n': case 'N': case 'g': case 'G': case 'h': case 'H': case 'x': case 'z': case 'F': break;
        default: err(gnu ? `unknown command: \`${ch}'` : `unsupported command ${ch}`, i);
      }
      ws();
      if (cmd.c !== '}' && cmd.c !== '{' && !'aicbtT:rRwW'.includes(cmd.c) && i < src.length && !/[;\n}#]/.test(src[i]!)) err(gnu ? `extra characters after command` : `unsupported command ${src[i]}`, i + 1);
      cmds.push(cmd);
    }
  }
  if (blocks.length) {
    if (gnu) throw new SedError(`sed: -e expression #1, char 0: unmatched \`{'`);
    for (const b of blocks) cmds[b]!.end = cmds.length;
  }
  for (const cmd of cmds) if ((cmd.c === 'b' || cmd.c === 't' || cmd.c === 'T') && cmd.label && !cmds.some(x => x.c === ':' && x.label === cmd.label)) throw new SedError(gnu ? `sed: can't find label for jump to \`${cmd.label}'` : `sed: can't find label for jump to '${cmd.label}'`, gnu ? 4 : 1);
  return cmds;
}

interface State {
  cmds: Cmd[]; n: boolean; ere: boolean; inPlace?: string; sep: string; separate: boolean;
  files: string[]; fi: number; pend: string[]; eof: boolean; lineNo: number; hold: string; ranges: Record<number, number | false>;
  quit?: number; rc: number; out: Record<string, string>; started: boolean; partial: string;
}

function sed(c: CmdCtx): CmdResult {
  let s = c.st.s as State | undefined;
  if (!s) {
    const r = setup(c);
    if (typeof r === 'number') return r;
    s = c.st.s = r;
  }
  const st = s;
  for (;;) {
    // fill the pending input: for in-place or separate files, one file at a time
    if (!st.eof) {
      const got = readMore(c, st);
      if (got === 'block' && st.pend.length < 2) return { block: { read: 0 } };
    }
    if (!st.pend.length) {
      if (st.eof) return finish(c, st);
      return { block: { read: 0 } };
    }
    const snapshot = JSON.stringify({ pend: st.pend, lineNo: st.lineNo, hold: st.hold, ranges: st.ranges, out: st.out });
    const res = cycle(c, st);
    if (res === 'more') {
      // the cycle needs input that has not arrived: roll back, wait
      Object.assign(st, JSON.parse(snapshot));
      const got = readMore(c, st);
      if (got === 'block') return { block: { read: 0 } };
      continue;
    }
    flushOut(c, st, false);
    if (st.quit !== undefined) { finish(c, st); return st.quit; }
  }
}

/** Read what is available into pend (lines with their newline state); 'block' when stdin has no more yet. */
function readMore(c: CmdCtx, st: State): 'ok' | 'block' {
  if (st.pend.length && st.pend.every(x => x === '\u0000EOF')) { st.pend = []; if (st.separate) st.lineNo = 0; }
  while (st.fi < st.files.length) {
    const f = st.files[st.fi]!;
    if (f === '-') {
      const d = c.read(0);
      if (d === undefined) return 'block';
      if (d === null) {
        if (st.partial) { st.pend.push(st.partial + '\u0000NONL'); st.partial = ''; }
        st.fi++;
        if ((st.inPlace !== undefined || st.separate) && st.pend.length) return 'ok';
        continue;
      }
      const text = st.partial + d;
      const parts = text.split(st.sep);
      st.partial = parts.pop()!;
      st.pend.push(...parts);
      return 'ok';
    }
    if ((st.inPlace !== undefined || st.separate) && st.pend.length) return 'ok';
    const t = readFile(c, f, { gnu: "can't read %s", dirError: x => c.err(bb(c) ? `sed: read error on ${x}: Is a directory` : `sed: couldn't edit ${x}: not a regular file`) });
    st.fi++;
    if (t === undefined) {
      st.rc = bb(c) ? 1 : 2;
      continue;
    }
    if (st.inPlace !== undefined) { st.out[f] = ''; (st as State & { cur?: string }).cur = f; st.lineNo = st.separate ? 0 : st.lineNo; }
    const parts = t.split(st.sep);
    const last = parts.pop()!;
    st.pend.push(...parts);
    if (last !== '') st.pend.push(last + '\u0000NONL');
    if (st.inPlace !== undefined || st.separate) { st.pend.push('\u0000EOF'); return 'ok'; }
  }
  st.eof = true;
  return 'ok';
}

function flushOut(c: CmdCtx, st: State, _final: boolean): void {
  const o = st.out[''];
  if (o) { c.write(o); st.out[''] = ''; }
}

function finish(c: CmdCtx, st: State): number {
  flushOut(c, st, true);
  for (const [f, text] of Object.entries(st.out)) {
    if (f === '') continue;
    try {
      if (st.inPlace) { const orig = readQuiet(c, f); if (orig !== undefined) c.fs.writeFile(st.inPlace.includes('*') ? st.inPlace.replace('*', f) : f + st.inPlace, orig, { cwd: c.cwd, cred: c.cred }); }
      c.fs.writeFile(f, text, { cwd: c.cwd, cred: c.cred });
    } catch (e) { c.err(`sed: couldn't open file ${f}: ${fsMsg(e)}`); st.rc = 4; }
  }
  st.out = { '': '' };
  return st.quit ?? st.rc;
}

/** One cycle: read a line into the pattern space, run the script, print. 'more' when input is missing. */
function cycle(c: CmdCtx, st: State): 'done' | 'more' {
  const take = (): { line: string; nonl: boolean } | 'eof' | 'more' => {
    while (st.pend[0] === '\u0000EOF') { st.pend.shift(); if (st.separate) st.lineNo = 0; }
    if (!st.pend.length) return st.eof ? 'eof' : 'more';
    const raw = st.pend.shift()!;
    st.lineNo++;
    const nonl = raw.endsWith('\u0000NONL');
    return { line: nonl ? raw.slice(0, -5) : raw, nonl };
  };
  const isLast = (): boolean | 'more' => {
    if (st.pend[0] === '\u0000EOF') return true;
    if (st.pend.length) return false;
    return st.eof ? true : 'more';
  };
  const first = take();
  if (first === 'more') return 'more';
  if (first === 'eof') return 'done';
  const target = (st as State & { cur?: string }).cur ?? '';
  // a line printed without its (missing) final newline gets it back when more output follows, as GNU does
  const emit = (t: string) => {
    const k = st.inPlace !== undefined ? target : '';
    const miss = (st as State & { miss?: Record<string, 1> }).miss;
    if (miss?.[k] && t) { st.out[k] = (st.out[k] ?? '') + '\n'; delete miss[k]; }
    st.out[k] = (st.out[k] ?? '') + t;
  };
  let ps = first.line;
  let nonl = first.nonl;
  let appendQ: string[] = [];
  let tflag = false;
  const cmds = st.cmds;
  const nl = st.sep;
  const printPS = () => {
    if (nonl && isLast() === true) { emit(ps); ((st as State & { miss?: Record<string, 1> }).miss ??= {})[st.inPlace !== undefined ? target : ''] = 1; }
    else emit(ps + nl);
  };
  const matchAddr = (a: Addr | { t: 'plus' | 'mult'; n: number }): boolean | 'more' => {
    switch (a.t) {
      case 'line': return st.lineNo === a.n;
      case 'last': return isLast();
      case 'zero': return false;
      case 'step': return a.step <= 0 ? st.lineNo === a.first : st.lineNo >= a.first && (st.lineNo - a.first) % a.step === 0;
      case 're': {
        const re = a.re === '' ? (st as State & { lastRe?: string }).lastRe ?? '' : a.re;
        (st as State & { lastRe?: string }).lastRe = re;
        return compile(re, st.ere, a.flags).test(ps);
      }
    }
    return false;
  };
  const selected = (k: number, cmd: Cmd): boolean | 'more' => {
    if (!cmd.a1) return true;
    if (!cmd.a2) { const r = matchAddr(cmd.a1); return r === 'more' ? r : r !== !!cmd.neg; }
    // ranges: active from a line matching a1 to one matching a2 (a2 as a line number ≤ start ends at once)
    const active = st.ranges[k];
    let r: boolean;
    if (active === undefined || active === false) {
      const m = cmd.a1.t === 'zero' ? st.lineNo >= 1 && active === undefined : matchAddr(cmd.a1);
      if (m === 'more') return 'more';
      if (!m) r = false;
      else {
        r = true;
        const a2 = cmd.a2;
        if (a2.t === 'line' && a2.n <= st.lineNo) st.ranges[k] = false;
        else if (a2.t === 'plus') st.ranges[k] = a2.n === 0 ? false : st.lineNo + a2.n;
        else if (a2.t === 'mult') st.ranges[k] = a2.n <= 0 || st.lineNo % a2.n === 0 ? false : Math.ceil(st.lineNo / a2.n) * a2.n;
        else if (cmd.a1.t === 'zero') { const e = matchAddr(a2); if (e === 'more') return 'more'; st.ranges[k] = e ? false : -1; }
        else st.ranges[k] = -1;
        if (cmd.a1.t === 'zero' && st.ranges[k] === false) st.ranges[k] = -2;
      }
    } else {
      r = true;
      const a2 = cmd.a2;
      if (typeof active === 'number' && active > 0) { if (st.lineNo >= active) st.ranges[k] = false; }
      else if (a2.t === 'line') { if (st.lineNo >= a2.n) st.ranges[k] = false; if (st.lineNo > a2.n) r = false; }
      else { const e = matchAddr(a2 as Addr); if (e === 'more') return 'more'; if (e) st.ranges[k] = false; }
    }
    if (st.ranges[k] === -2) st.ranges[k] = -3 as unknown as false;
    return r !== !!cmd.neg;
  };
  let pc = 0;
  let autoprint = !st.n;
  let restartNoRead = false;
  for (let guard = 0; guard < 1_000_000; guard++) {
    if (pc >= cmds.length) break;
    const cmd = cmds[pc]!;
    const sel = selected(pc, cmd);
    if (sel === 'more') return 'more';
    if (!sel) { pc = cmd.c === '{' ? cmd.end! + 1 : pc + 1; continue; }
    pc++;
    switch (cmd.c) {
      case '{': case '}': case ':': break;
      case '=': emit(st.lineNo + '\n'); break;
      case 'p': printPS(); break;
      case 'P': emit(ps.split('\n')[0] + '\n'); break;
      case 'l': emit(lEscape(ps, cmd.code ?? 70) + '\n'); break;
      case 'd': autoprint = false; pc = cmds.length; break;
      case 'D': {
        const i = ps.indexOf('\n');
        if (i < 0) { autoprint = false; pc = cmds.length; break; }
        ps = ps.slice(i + 1);
        flushAppends();
        pc = 0; restartNoRead = true;
        continue;
      }
      case 'n': {
        const last = isLast();
        if (last === 'more') return 'more';
        if (last) { if (bb(c) || true) { pc = cmds.length; } break; }
        if (!st.n) printPS();
        flushAppends();
        const nx = take();
        if (nx === 'more') return 'more';
        if (nx === 'eof') { pc = cmds.length; break; }
        ps = nx.line; nonl = nx.nonl;
        break;
      }
      case 'N': {
        const last = isLast();
        if (last === 'more') return 'more';
        if (last) { if (!bb(c) && !st.n) { /* GNU prints the pattern space when N has no next line */ } else if (bb(c)) { autoprint = autoprint && true; } pc = cmds.length; break; }
        flushAppends();
        const nx = take();
        if (nx === 'more') return 'more';
        if (nx === 'eof') { pc = cmds.length; break; }
        ps = ps + '\n' + nx.line; nonl = nx.nonl;
        break;
      }
      case 'g': ps = st.hold; break;
      case 'G': ps = ps + '\n' + st.hold; break;
      case 'h': st.hold = ps; break;
      case 'H': st.hold = st.hold + '\n' + ps; break;
      case 'x': { const t = st.hold; st.hold = ps; ps = t; break; }
      case 'z': ps = ''; break;
      case 'F': emit((st.files[Math.max(0, st.fi - 1)] ?? '-') + '\n'); break;
      case 'a': appendQ.push(cmd.text! + '\n'); break;
      case 'i': emit(cmd.text! + '\n'); break;
      case 'c': {
        autoprint = false;
        const k = pc - 1;
        if (!cmd.a2 || st.ranges[k] === false || cmd.neg) emit(cmd.text! + '\n');
        pc = cmds.length;
        break;
      }
      case 'r': { const t = readQuiet(c, cmd.file!); if (t !== undefined) appendQ.push(t.endsWith('\n') || t === '' ? t : t + '\n'); break; }
      case 'R': break;
      case 'w': case 'W': { const t = cmd.c === 'W' ? ps.split('\n')[0]! : ps; writeFileOut(c, st, cmd.file!, t + '\n'); break; }
      case 'y': {
        const from = [...cmd.from!], to = [...cmd.to!];
        ps = [...ps].map(ch => { const k = from.indexOf(ch); return k >= 0 ? to[k] ?? ch : ch; }).join('');
        break;
      }
      case 's': {
        const r = substitute(c, st, cmd, ps);
        if (r !== undefined) {
          ps = r; tflag = true;
          if (cmd.print) for (let k = 0; k < cmd.print; k++) printPS();
          if (cmd.wfile) writeFileOut(c, st, cmd.wfile, ps + '\n');
        }
        break;
      }
      case 'b': pc = jump(cmds, cmd.label); break;
      case 't': if (tflag) { tflag = false; pc = jump(cmds, cmd.label); } break;
      case 'T': if (!tflag) pc = jump(cmds, cmd.label); else tflag = false; break;
      case 'q': st.quit = cmd.code ?? 0; pc = cmds.length; break;
      case 'Q': st.quit = cmd.code ?? 0; autoprint = false; appendQ = []; pc = cmds.length; break;
    }
  }
  void restartNoRead;
  if (autoprint) printPS();
  flushAppends();
  return 'done';

  function flushAppends(): void { for (const a of appendQ) emit(a); appendQ = []; }
}

function jump(cmds: Cmd[], label?: string): number {
  if (!label) return cmds.length;
  const k = cmds.findIndex(x => x.c === ':' && x.label === label);
  return k < 0 ? cmds.length : k + 1;
}

function substitute(c: CmdCtx, st: State, cmd: Cmd, ps: string): string | undefined {
  let reSrc = cmd.re!;
  if (reSrc === '') reSrc = (st as State & { lastRe?: string }).lastRe ?? '';
  else (st as State & { lastRe?: string }).lastRe = reSrc;
  const base = compile(reSrc, st.ere, cmd.fl ?? '');
  const re = new RegExp(base.source, base.flags.includes('g') ? base.flags : base.flags + 'g');
  let count = 0;
  let changed = false;
  const gnu = !bb(c);
  const out = ps.replace(re, (...m: unknown[]) => {
    count++;
    const whole = m[0] as string;
    const nth = cmd.nth ?? 1;
    if (count < nth || (!cmd.global && count > nth)) return whole;
    changed = true;
    const groups = m.slice(0, -2).filter((_, i) => typeof m[m.length - 1] !== 'object' || i < m.length - 3) as (string | undefined)[];
    return expandReplacement(cmd.rep!, groups, gnu);
  });
  return changed ? out : undefined;
}

/** & and \1–\9, \n, and GNU's case conversions \U \L \u \l \E. */
function expandReplacement(rep: string, g: (string | undefined)[], gnu: boolean): string {
  let out = '';
  let mode: 'U' | 'L' | '' = '';
  let once: 'u' | 'l' | '' = '';
  const put = (s: string) => {
    for (const ch of s) {
      let x = mode === 'U' ? ch.toUpperCase() : mode === 'L' ? ch.toLowerCase() : ch;
      if (once) { x = once === 'u' ? x.toUpperCase() : x.toLowerCase(); once = ''; }
      out += x;
    }
  };
  for (let i = 0; i < rep.length; i++) {
    const ch = rep[i]!;
    if (ch === '&') { put(g[0] ?? ''); continue; }
    if (ch !== '\\' || i + 1 >= rep.length) { put(ch); continue; }
    const n = rep[++i]!;
    if (/\d/.test(n)) { put(g[Number(n)] ?? ''); continue; }
    if (n === 'n') { put('\n'); continue; }
    if (n === 't') { put('\t'); continue; }
    if (n === '&') { put('&'); continue; }
    if (gnu && n === 'U') { mode = 'U'; continue; }
    if (gnu && n === 'L') { mode = 'L'; continue; }
    if (gnu && n === 'E') { mode = ''; continue; }
    if (gnu && n === 'u') { once = 'u'; continue; }
    if (gnu && n === 'l') { once = 'l'; continue; }
    put(n);
  }
  return out;
}

function lEscape(s: string, width: number): string {
  let out = '';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\v') out += '\\v';
    else if (ch === '\x07') out += '\\a';
    else if (code < 32 || code >= 127) for (const b of Buffer.from(ch)) out += '\\' + b.toString(8).padStart(3, '0');
    else out += ch;
  }
  if (width > 1) {
    const lines: string[] = [];
    while (out.length > width - 1) { lines.push(out.slice(0, width - 1) + '\\'); out = out.slice(width - 1); }
    lines.push(out);
    out = lines.join('\n');
  }
  return out + '$';
}

function readQuiet(c: CmdCtx, f: string): string | undefined { try { return c.fs.readFile(f, c.cwd, c.cred); } catch { return undefined; } }
function writeFileOut(c: CmdCtx, st: State, f: string, text: string): void {
  if (f === '/dev/stdout') { st.out[''] += text; return; }
  if (f === '/dev/stderr') { c.write(text, 2); return; }
  try { c.fs.writeFile(f, text, { cwd: c.cwd, append: true, cred: c.cred }); } catch { /* ignored */ }
}

function setup(c: CmdCtx): State | number {
  const p = getopt(c, { short: bb(c) ? 'ne:f:i::Er' : 'ne:f:i::ErsuzlE', long: bb(c) ? { expression: 'e:', file: 'f:', 'in-place': 'i?', 'regexp-extended': 'E', quiet: 'n', silent: 'n' } : { expression: 'e:', file: 'f:', 'in-place': 'i?', 'regexp-extended': 'E', quiet: 'n', silent: 'n', separate: 's', 'null-data': 'z', posix: 'POSIX', debug: 'DEBUG', sandbox: 'SANDBOX', 'line-length': 'l:', 'follow-symlinks': 'FS' } });
  if (typeof p === 'number') return p;
  const scripts: { text: string; name: string }[] = [];
  for (const [k, v] of p.list) {
    if (k === 'e') scripts.push({ text: v!, name: '-e' });
    if (k === 'f') {
      const t = readQuiet(c, v!);
      if (t === undefined) { c.err(bb(c) ? `sed: can't open '${v}': No such file or directory` : `sed: couldn't open file ${v}: No such file or directory`); return 1; }
      scripts.push({ text: t.replace(/\n$/, ''), name: v! });
    }
  }
  const args = [...p.args];
  if (!scripts.length) {
    const s = args.shift();
    if (s === undefined) {
      if (bb(c)) { const { bbUsage } = require('./lib') as typeof import('./lib'); c.write(bbUsage(c), 2); return 1; }
      c.err('Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n');
      return 1;
    }
    scripts.push({ text: s, name: '-e' });
  }
  const ere = !!(p.f.E || p.f.r);
  let cmds: Cmd[];
  try { cmds = parseScript(c, scripts, ere); }
  catch (e) { if (e instanceof SedError) { c.err(e.msg); return e.code; } throw e; }
  const inPlace = p.f.i ? p.v.i ?? '' : undefined;
  if (inPlace !== undefined && !args.length) { c.err(bb(c) ? 'sed: no input files' : 'sed: no input files'); return bb(c) ? 1 : 1; }
  return {
    cmds, n: !!p.f.n, ere, inPlace, sep: p.f.z ? '\0' : '\n', separate: !!p.f.s || inPlace !== undefined,
    files: args.length ? args : ['-'], fi: 0, pend: [], eof: false, lineNo: 0, hold: '', ranges: {}, rc: 0, out: { '': '' }, started: false, partial: '',
  };
}

register({ sed });
