/** An email that may break after its "@" in a narrow column, never inside a word. */
export function Email({ email }: { email: string | null | undefined }) {
  if (!email) return <>—</>;
  const at = email.indexOf("@");
  if (at < 0) return <>{email}</>;
  return (
    <>
      {email.slice(0, at + 1)}
      <wbr />
      {email.slice(at + 1)}
    </>
  );
}
