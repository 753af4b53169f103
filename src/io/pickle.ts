/**
 * A restricted pickle interpreter: it understands the opcodes `torch.save` emits (protocols
 * 2–5) and builds plain data, never running anything. Globals are resolved against an allowlist
 * the moment they are named; `REDUCE`/`BUILD`/persistent ids are handed to the caller's hooks,
 * which know the few allowed callables. Anything else throws `UnsafePickleError`.
 */
import { TorchPtError, UnsafePickleError } from "./errors.js";

/** A global named by the pickle that passed the allowlist. */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get qualified(): string {
    return `${this.module}.${this.name}`;
  }
}

/** A Python dict (insertion-ordered, keys of any hashable pickle value). */
export class PyDict {
  readonly map = new Map<unknown, unknown>();
  set(k: unknown, v: unknown): void {
    // Python hashes numbers and strings by value; JS Map does too for primitives. Tuples (arrays) by identity.
    this.map.set(k, v);
  }
}

/** A Python tuple: a frozen-by-convention array. */
export class PyTuple extends Array<unknown> {}

/** Hooks supplied by the caller (torch-pt.ts). */
export interface PickleHooks {
  allowed(module: string, name: string): boolean;
  reduce(fn: PyGlobal, args: unknown[]): unknown;
  build(obj: unknown, state: unknown): unknown;
  persistentLoad(pid: unknown): unknown;
}

const MAX_MEMO = 1 << 22;
const UNSAFE: Record<number, string> = {
  0x69: "INST",
  0x6f: "OBJ",
  0x81: "NEWOBJ",
  0x92: "NEWOBJ_EX",
  0x50: "PERSID",
  0x82: "EXT1",
  0x83: "EXT2",
  0x84: "EXT4",
};

const invalid = (msg: string): never => {
  throw new TorchPtError("PICKLE_INVALID", `malformed pickle: ${msg}`);
};

function tuple(items: unknown[]): PyTuple {
  const t = new PyTuple();
  for (const x of items) t.push(x);
  return t;
}

/**
 * Interprets one pickle starting at `start`; returns its value and the offset after STOP.
 * @example const { value, end } = unpickle(bytes, 0, hooks); // fragment
 */
export function unpickle(b: Uint8Array, start: number, hooks: PickleHooks): { value: unknown; end: number } {
  let p = start;
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const need = (n: number) => {
    if (n < 0 || p + n > b.length)
      throw new TorchPtError("TRUNCATED", `pickle truncated at byte ${p}: needs ${n} more bytes`);
  };
  const u8 = () => (need(1), b[p++]!);
  const u32 = () => (need(4), (p += 4), dv.getUint32(p - 4, true));
  const u64 = () => {
    need(8);
    const v = dv.getBigUint64(p, true);
    p += 8;
    if (v > BigInt(b.length)) invalid(`length ${v} exceeds the data`);
    return Number(v);
  };
  const bytes = (n: number) => (need(n), (p += n), b.subarray(p - n, p));
  const utf8 = (n: number) => {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes(n));
    } catch (e) {
      if (e instanceof TorchPtError) throw e;
      return invalid("string is not UTF-8");
    }
  };
  const line = () => {
    const end = b.indexOf(0x0a, p);
    if (end < 0 || end - p > 256) invalid("GLOBAL name missing or too long");
    const s = new TextDecoder("latin1").decode(b.subarray(p, end));
    p = end + 1;
    return s;
  };
  const pop = () => {
    if (stack.length === 0 || (marks.length > 0 && stack.length <= marks[marks.length - 1]!))
      invalid(`stack underflow at byte ${p - 1}`);
    return stack.pop();
  };
  const top = () => {
    if (stack.length === 0) invalid(`empty stack at byte ${p - 1}`);
    return stack[stack.length - 1];
  };
  const popMark = () => {
    const m = marks.pop();
    if (m === undefined) invalid(`no MARK at byte ${p - 1}`);
    return stack.splice(m!);
  };
  const put = (i: number) => {
    if (i >= MAX_MEMO) invalid(`memo index ${i} too large`);
    memo.set(i, top());
  };
  const get = (i: number) => {
    if (!memo.has(i)) invalid(`memo index ${i} was never stored`);
    stack.push(memo.get(i));
  };
  const global = (module: string, name: string) => {
    if (!hooks.allowed(module, name)) {
      throw new UnsafePickleError(
        "PICKLE_GLOBAL_NOT_ALLOWED",
        `pickle refers to the global ${module}.${name}, which is not on the allowlist (tensor rebuild functions, storages, dtypes, OrderedDict, NumPy scalars, dtypes and arrays): refusing to load`,
        `${module}.${name}`,
      );
    }
    stack.push(new PyGlobal(module, name));
  };
  const long = (raw: Uint8Array) => {
    if (raw.length === 0) return 0;
    let v = 0n;
    for (let i = raw.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(raw[i]!);
    if (raw[raw.length - 1]! & 0x80) v -= 1n << BigInt(8 * raw.length);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  };
  const setItems = (d: unknown, items: unknown[]) => {
    if (!(d instanceof PyDict)) invalid("SETITEM(S) on a non-dict");
    if (items.length % 2 !== 0) invalid("SETITEMS with an odd number of items");
    for (let i = 0; i < items.length; i += 2) (d as PyDict).set(items[i], items[i + 1]);
  };
  const append = (l: unknown, items: unknown[]) => {
    if (!Array.isArray(l) || l instanceof PyTuple) invalid("APPEND(S) on a non-list");
    for (const x of items) (l as unknown[]).push(x);
  };

  for (;;) {
    const at = p;
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) invalid("unsupported pickle protocol");
        break;
      case 0x95: // FRAME: a length hint only
        u64();
        break;
      case 0x2e: // STOP
        if (stack.length !== 1 || marks.length !== 0) invalid(`STOP with ${stack.length} values on the stack`);
        return { value: stack[0], end: p };
      case 0x28: // MARK
        marks.push(stack.length);
        break;
      case 0x30: // POP
        pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4a: // BININT
        need(4);
        stack.push(dv.getInt32(p, true));
        p += 4;
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u8() | (u8() << 8));
        break;
      case 0x8a: // LONG1
        stack.push(long(bytes(u8())));
        break;
      case 0x8b: {
        // LONG4
        const n = u32();
        if (n > 4096) invalid(`LONG4 of ${n} bytes`);
        stack.push(long(bytes(n)));
        break;
      }
      case 0x47: // BINFLOAT (big-endian)
        need(8);
        stack.push(dv.getFloat64(p, false));
        p += 8;
        break;
      case 0x58: // BINUNICODE
        stack.push(utf8(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(utf8(u8()));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(utf8(u64()));
        break;
      case 0x54: // BINSTRING (Python 2 str)
        stack.push(new TextDecoder("latin1").decode(bytes(u32())));
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(new TextDecoder("latin1").decode(bytes(u8())));
        break;
      case 0x42: // BINBYTES
        stack.push(bytes(u32()).slice());
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(bytes(u8()).slice());
        break;
      case 0x8e: // BINBYTES8
        stack.push(bytes(u64()).slice());
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new PyDict());
        break;
      case 0x64: {
        // DICT
        const d = new PyDict();
        setItems(d, popMark());
        stack.push(d);
        break;
      }
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x61: {
        // APPEND
        const x = pop();
        append(top(), [x]);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        append(top(), items);
        break;
      }
      case 0x29: // EMPTY_TUPLE
        stack.push(tuple([]));
        break;
      case 0x74: // TUPLE
        stack.push(tuple(popMark()));
        break;
      case 0x85: // TUPLE1
        stack.push(tuple([pop()]));
        break;
      case 0x86: {
        // TUPLE2
        const y = pop();
        stack.push(tuple([pop(), y]));
        break;
      }
      case 0x87: {
        // TUPLE3
        const z = pop();
        const y = pop();
        stack.push(tuple([pop(), y, z]));
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x71: // BINPUT
        put(u8());
        break;
      case 0x72: // LONG_BINPUT
        put(u32());
        break;
      case 0x68: // BINGET
        get(u8());
        break;
      case 0x6a: // LONG_BINGET
        get(u32());
        break;
      case 0x94: // MEMOIZE
        put(memo.size);
        break;
      case 0x63: {
        // GLOBAL
        const module = line();
        global(module, line());
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== "string" || typeof name !== "string") invalid("STACK_GLOBAL needs two strings");
        global(module as string, name as string);
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const fn = pop();
        if (!(fn instanceof PyGlobal)) return invalid("REDUCE of something that is not an allowed global");
        if (!(args instanceof PyTuple)) return invalid(`REDUCE of ${fn.qualified} with non-tuple arguments`);
        stack.push(hooks.reduce(fn, args));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        const obj = pop();
        stack.push(hooks.build(obj, state));
        break;
      }
      case 0x51: // BINPERSID
        stack.push(hooks.persistentLoad(pop()));
        break;
      default: {
        const name = UNSAFE[op];
        if (name !== undefined) {
          throw new UnsafePickleError(
            "PICKLE_OPCODE_NOT_ALLOWED",
            `pickle opcode ${name} at byte ${at} builds arbitrary objects: refusing to load`,
            name,
          );
        }
        invalid(`unsupported opcode 0x${op.toString(16)} at byte ${at}`);
      }
    }
  }
}
