// The abstract syntax of the POSIX shell (plus the bash forms container scripts use: [[ ]], (( )),
// for ((;;)), function, <<<, &>). Plain JSON: every command node carries an id unique within its
// source unit, so a suspended process can name where it stands (src/runtime/sh/interp.ts).

/** One piece of a word. A word is the list of its pieces; quoting decides splitting and globbing. */
export type Part =
  | { t: 'lit'; v: string }                 // unquoted text: field splitting does not apply, globbing does
  | { t: 'sq'; v: string }                  // '…' (and $'…' after escape processing)
  | { t: 'dq'; p: Part[] }                  // "…": expansions inside, no splitting or globbing
  | { t: 'param'; n: string; op?: string; w?: Word; w2?: Word; len?: true; ind?: Word; bad?: string } // $x ${x…} (bad: the text of a malformed ${…}, reported when expanded)
  | { t: 'cmd'; c: List; bq?: true }        // $(…) or `…`
  | { t: 'arith'; e: string; w: Word }      // $((…)): the text, and the text as a word (expansions inside)
  | { t: 'tilde'; v: string };              // ~ or ~user at the start of a word
export type Word = Part[];

export interface Redir {
  /** The file descriptor redirected (default 1 for output, 0 for input). */
  fd?: number;
  /** '>' '>>' '<' '<>' '>|' '>&' '<&' '&>' '&>>' '<<' '<<-' '<<<' */
  op: string;
  w: Word;
  /** A here-document's body (with expansions unless the delimiter was quoted). */
  here?: Word;
}

export interface Assign { n: string; v: Word; append?: true; arr?: Word[] }

export type Cmd =
  | { t: 'simple'; id: number; a: Assign[]; w: Word[]; r: Redir[]; line: number; src?: [number, number] }
  | { t: 'pipe'; id: number; c: Cmd[]; neg?: true; time?: true }
  | { t: 'and'; id: number; l: Cmd; r: Cmd }
  | { t: 'or'; id: number; l: Cmd; r: Cmd }
  | { t: 'not'; id: number; c: Cmd }
  | { t: 'if'; id: number; arms: { c: List; b: List }[]; else?: List; r: Redir[] }
  | { t: 'while'; id: number; until?: true; c: List; b: List; r: Redir[] }
  | { t: 'for'; id: number; v: string; items?: Word[]; b: List; r: Redir[] }
  | { t: 'cfor'; id: number; init: Word; cond: Word; step: Word; b: List; r: Redir[]; line: number }
  | { t: 'case'; id: number; w: Word; items: { pats: Word[]; b: List; term: string }[]; r: Redir[] }
  | { t: 'group'; id: number; b: List; r: Redir[] }
  | { t: 'sub'; id: number; b: List; r: Redir[] }
  | { t: 'func'; id: number; n: string; body: Cmd }
  | { t: 'dbr'; id: number; e: CondExpr; r: Redir[]; line: number }
  | { t: 'arithcmd'; id: number; e: string; w: Word; r: Redir[]; line: number }
  /** A syntax error met after earlier complete lines: reported when execution reaches it. */
  | { t: 'synerr'; id: number; e: { token: string | null; line: number; expecting?: string; kind?: string; quote?: string; bashToken?: string } };

/** A list of commands, each run in the foreground or (with &) in the background. */
export interface List { id: number; c: { cmd: Cmd; bg?: true }[] }

/** [[ … ]] */
export type CondExpr =
  | { t: 'and' | 'or'; l: CondExpr; r: CondExpr }
  | { t: 'not'; e: CondExpr }
  | { t: 'un'; op: string; a: Word }
  | { t: 'bin'; op: string; a: Word; b: Word }
  | { t: 'word'; a: Word };
