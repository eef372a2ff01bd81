// Account Manager refuses weak API client passwords. The emulator's rule: 12–128 characters, at least three of
// lower case, upper case, digits and symbols, and not containing the client's name.

export function passwordProblem(password: string, clientName?: string): string | undefined {
  if (password.length < 12) return 'must be at least 12 characters long';
  if (password.length > 128) return 'must be at most 128 characters long';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return 'must contain at least three of: lower-case letters, upper-case letters, digits, symbols';
  if (/^(.)\1+$/.test(password)) return 'must not repeat a single character';
  if (clientName && clientName.length >= 4 && password.toLowerCase().includes(clientName.toLowerCase())) {
    return 'must not contain the API client name';
  }
  return undefined;
}
