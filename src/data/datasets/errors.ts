/**
 * Typed errors of the data loaders. `code` is stable (tests and callers branch on it);
 * `file` names the input when there is one.
 */

/** A malformed IDX file (MNIST's format). */
export class IdxFormatError extends Error {
  override name = "IdxFormatError";
  constructor(
    readonly code: string,
    readonly file: string,
    detail: string,
  ) {
    super(`[readIdx] ${file}: ${detail}`);
  }
}

/** A dataset that cannot be found, downloaded or trusted (count/shape/label checks). */
export class DatasetError extends Error {
  override name = "DatasetError";
  constructor(
    readonly code: string,
    message: string,
    readonly file?: string,
  ) {
    super(message);
  }
}

/** A CSV cell or row that cannot become a tensor; `line` and `column` are 1-based. */
export class CsvFormatError extends Error {
  override name = "CsvFormatError";
  constructor(
    readonly code: string,
    readonly file: string,
    readonly line: number,
    readonly column: number,
    detail: string,
  ) {
    super(`[loadCsv] ${file}${line > 0 ? ` line ${line}` : ""}${column > 0 ? `, column ${column}` : ""}: ${detail}`);
  }
}
