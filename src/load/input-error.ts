// A problem with a file the user gave: reported as one line "file: problem", exit code 2.
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = "InputError";
  }
}
