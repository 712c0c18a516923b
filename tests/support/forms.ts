/** FormData as the users page's reset-password form sends it. */
export function createResetPasswordForm(userId: number, version: number, password: string): FormData {
  const fd = new FormData();
  fd.set('userId', String(userId));
  fd.set('version', String(version));
  fd.set('password', password);
  return fd;
}
