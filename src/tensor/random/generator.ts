/**
 * PyTorch's CPU random generator (`at::CPUGeneratorImpl`): MT19937 seeded from the low 32 bits
 * of a 64-bit seed, plus the cached second Box–Muller sample. `getState` returns the same 5056
 * bytes as `torch.get_rng_state()`, so states move between PyTorch and antorcha both ways.
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

/** PyTorch's default CPU seed (`torch.initial_seed()` before any `manual_seed`). */
export const DEFAULT_SEED = 67280421310721n;

/** Size in bytes of a serialized state (same layout as PyTorch's `CPUGeneratorImplState`). */
export const STATE_BYTES = 5056;
const LEGACY_STATE_BYTES = 5048; // PyTorch's older layout without the float normal cache

// Byte offsets of the serialized state (little-endian, C struct layout).
const OFF_SEED = 0;
const OFF_LEFT = 8;
const OFF_SEEDED = 12;
const OFF_NEXT = 16;
const OFF_WORDS = 24;
const OFF_NORMAL_Y = 5024; // cached double normal sample
const OFF_NORMAL_VALID = 5040;
const OFF_FLOAT_NORMAL = 5048;
const OFF_FLOAT_VALID = 5052;

const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);

function toSeed(seed: number | bigint, op: string): bigint {
  let s: bigint;
  if (typeof seed === "number") {
    if (!Number.isSafeInteger(seed)) {
      throw new RangeError(`[${op}] seed must be a safe integer or a bigint: got ${seed}`);
    }
    s = BigInt(seed);
  } else if (typeof seed === "bigint") {
    s = seed;
  } else {
    throw new TypeError(`[${op}] seed must be a number or a bigint: got ${typeof seed}`);
  }
  if (s < I64_MIN || s > U64_MAX) {
    throw new RangeError(`[${op}] seed out of range: got ${s}, expected a value in [-2^63, 2^64 - 1]`);
  }
  return BigInt.asUintN(64, s); // negative seeds wrap like PyTorch's uint64 cast
}

function nonDeterministicSeed(): bigint {
  const words = new Uint32Array(2);
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  if (c?.getRandomValues) c.getRandomValues(words);
  else {
    words[0] = Math.floor(Math.random() * 2 ** 32);
    words[1] = Math.floor(Math.random() * 2 ** 32) ^ Date.now();
  }
  return (BigInt(words[0]!) << 32n) | BigInt(words[1]!);
}

/**
 * A random number generator bit-identical to PyTorch's CPU `torch.Generator`.
 *
 * @example
 * const g = new Generator(42);
 * g.nextUint32(); // same as the first 32-bit draw of torch.Generator().manual_seed(42)
 */
export class Generator {
  private readonly words = new Uint32Array(N);
  private left = 1;
  private next = 0;
  private seedValue = DEFAULT_SEED;
  /** Second Box–Muller sample of `normal_distribution<double>`, or null. */
  nextDoubleNormal: number | null = null;
  /** Cached float normal sample (kept for state compatibility; CPU kernels do not use it). */
  nextFloatNormal: number | null = null;

  /**
   * @param seed initial seed; defaults to PyTorch's default seed 67280421310721.
   * @example new Generator(); new Generator(0); new Generator(2n ** 40n + 3n)
   */
  constructor(seed: number | bigint = DEFAULT_SEED) {
    this.manualSeed(seed);
  }

  /**
   * Reseeds deterministically (like `torch.Generator.manual_seed`); clears cached normals.
   * @example new Generator().manualSeed(1729).nextUint32()
   */
  manualSeed(seed: number | bigint): this {
    this.reseed(toSeed(seed, "manualSeed"));
    return this;
  }

  /**
   * Reseeds from a non-deterministic 64-bit source and returns the new seed (like `Generator.seed()`).
   * @example const s = g.seed(); g.initialSeed() === s // true
   */
  seed(): bigint {
    const s = nonDeterministicSeed();
    this.reseed(s);
    return s;
  }

  /**
   * The seed last set (as an unsigned 64-bit bigint), like `Generator.initial_seed()`.
   * @example new Generator(-1).initialSeed() // 18446744073709551615n
   */
  initialSeed(): bigint {
    return this.seedValue;
  }

  private reseed(s: bigint): void {
    this.seedValue = s;
    this.nextDoubleNormal = null;
    this.nextFloatNormal = null;
    const w = this.words;
    w[0] = Number(s & 0xffffffffn);
    for (let j = 1; j < N; j++) {
      const prev = w[j - 1]!;
      w[j] = (Math.imul(1812433253, (prev ^ (prev >>> 30)) >>> 0) + j) >>> 0;
    }
    this.left = 1;
    this.next = 0;
  }

  private twist(): void {
    const w = this.words;
    let k = 0;
    for (; k < N - M; k++) {
      const y = (w[k]! & UPPER) | (w[k + 1]! & LOWER);
      w[k] = w[k + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; k < N - 1; k++) {
      const y = (w[k]! & UPPER) | (w[k + 1]! & LOWER);
      w[k] = w[k + M - N]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = (w[N - 1]! & UPPER) | (w[0]! & LOWER);
    w[N - 1] = w[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.left = N;
    this.next = 0;
  }

  /**
   * One 32-bit draw (PyTorch's `random()`), as a number in [0, 2^32).
   * @example new Generator(0).nextUint32() // 2357136044
   */
  nextUint32(): number {
    if (--this.left === 0) this.twist();
    let y = this.words[this.next++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * One 64-bit draw (PyTorch's `random64()`): the first 32-bit draw is the high half.
   * @example new Generator(0).nextUint64() // (2357136044n << 32n) | 2546248239n
   */
  nextUint64(): bigint {
    const hi = this.nextUint32();
    const lo = this.nextUint32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /**
   * The low 53 bits of a 64-bit draw as a number (what `uniform_real_distribution<double>` uses).
   * @example new Generator(0).nextUint53() * 2 ** -53 // torch.rand(1, dtype=torch.float64) after manual_seed(0)
   */
  nextUint53(): number {
    const hi = this.nextUint32();
    const lo = this.nextUint32();
    return (hi & 0x1fffff) * 4294967296 + lo;
  }

  /**
   * The full state, byte-compatible with `torch.get_rng_state()` (5056 bytes).
   * @example const s = g.getState(); g.nextUint32(); g.setState(s); // replays the same draw
   */
  getState(): Uint8Array {
    const buf = new Uint8Array(STATE_BYTES);
    const dv = new DataView(buf.buffer);
    dv.setBigUint64(OFF_SEED, this.seedValue, true);
    dv.setInt32(OFF_LEFT, this.left, true);
    dv.setInt32(OFF_SEEDED, 1, true);
    dv.setBigUint64(OFF_NEXT, BigInt(this.next), true);
    for (let i = 0; i < N; i++) dv.setUint32(OFF_WORDS + 8 * i, this.words[i]!, true);
    if (this.nextDoubleNormal !== null) {
      dv.setFloat64(OFF_NORMAL_Y, this.nextDoubleNormal, true);
      dv.setInt32(OFF_NORMAL_VALID, 1, true);
    }
    if (this.nextFloatNormal !== null) {
      dv.setFloat32(OFF_FLOAT_NORMAL, this.nextFloatNormal, true);
      buf[OFF_FLOAT_VALID] = 1;
    }
    return buf;
  }

  /**
   * Restores a state from `getState` (or from `torch.get_rng_state().numpy()`); validates it first.
   * @example g.setState(other.getState()) // fragment
   */
  setState(state: Uint8Array): this {
    const bad = (what: string): never => {
      throw new RangeError(`[setState] malformed generator state: ${what}`);
    };
    if (!(state instanceof Uint8Array)) {
      throw new TypeError(`[setState] state must be a Uint8Array: got ${Object.prototype.toString.call(state)}`);
    }
    if (state.length !== STATE_BYTES && state.length !== LEGACY_STATE_BYTES) {
      bad(`got ${state.length} bytes, expected ${STATE_BYTES} (or legacy ${LEGACY_STATE_BYTES})`);
    }
    const dv = new DataView(state.buffer, state.byteOffset, state.byteLength);
    const left = dv.getInt32(OFF_LEFT, true);
    const seeded = dv.getInt32(OFF_SEEDED, true);
    const next = dv.getBigUint64(OFF_NEXT, true);
    if (seeded !== 1) bad(`seeded flag is ${seeded}, expected 1`);
    if (left < 1 || left > N) bad(`left=${left}, expected 1..${N}`);
    if (next > BigInt(N) || Number(next) + left > N + 1)
      bad(`next=${next} with left=${left}, expected next + left <= ${N + 1}`);
    const words = new Uint32Array(N);
    for (let i = 0; i < N; i++) {
      if (dv.getUint32(OFF_WORDS + 8 * i + 4, true) !== 0) bad(`state word ${i} exceeds 32 bits`);
      words[i] = dv.getUint32(OFF_WORDS + 8 * i, true);
    }
    if (words.every((x) => x === 0)) bad("all MT19937 words are zero");
    const normalValid = dv.getInt32(OFF_NORMAL_VALID, true);
    if (normalValid !== 0 && normalValid !== 1) bad(`normal cache flag is ${normalValid}, expected 0 or 1`);
    let floatValid = 0;
    if (state.length === STATE_BYTES) {
      floatValid = state[OFF_FLOAT_VALID]!;
      if (floatValid > 1) bad(`float normal cache flag is ${floatValid}, expected 0 or 1`);
    }
    this.words.set(words);
    this.seedValue = dv.getBigUint64(OFF_SEED, true);
    this.left = left;
    this.next = Number(next);
    this.nextDoubleNormal = normalValid === 1 ? dv.getFloat64(OFF_NORMAL_Y, true) : null;
    this.nextFloatNormal = floatValid === 1 ? dv.getFloat32(OFF_FLOAT_NORMAL, true) : null;
    return this;
  }
}

/**
 * The process-wide generator used when a sampler gets no generator (PyTorch's `default_generator`).
 * @example defaultGenerator.manualSeed(0)
 */
export const defaultGenerator: Generator = new Generator();

/**
 * Seeds the default generator and returns it (`torch.manual_seed`).
 * @example manualSeed(42); sampleUniform(3, "float32", 0, 1) // same as torch.rand(3) after torch.manual_seed(42) (fragment)
 */
export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator.manualSeed(seed);
}

/**
 * Seeds the default generator non-deterministically and returns the seed (`torch.seed`).
 * @example const s = seed(); initialSeed() === s // true
 */
export function seed(): bigint {
  return defaultGenerator.seed();
}

/**
 * The default generator's seed (`torch.initial_seed`).
 * @example manualSeed(7); initialSeed() // 7n
 */
export function initialSeed(): bigint {
  return defaultGenerator.initialSeed();
}

/**
 * The default generator's state (`torch.get_rng_state`), 5056 bytes.
 * @example const s = getRngState(); setRngState(s)
 */
export function getRngState(): Uint8Array {
  return defaultGenerator.getState();
}

/**
 * Restores the default generator's state (`torch.set_rng_state`).
 * @example setRngState(getRngState())
 */
export function setRngState(state: Uint8Array): void {
  defaultGenerator.setState(state);
}
