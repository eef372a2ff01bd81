import { InvalidArgumentError } from 'commander';

// Option parsers shared by the commands: a bad value fails with the option's name and range, not NaN later on.

export function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    return n;
  };
}
