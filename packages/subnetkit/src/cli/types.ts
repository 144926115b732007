/** A CLI command group: `run` gets the arguments after the group name and returns the exit code. */
export interface CommandGroup {
  run(args: string[]): Promise<number>;
}
