/** A field people never see or fill; bots that fill every field give themselves away. */
export function Honeypot() {
  return (
    <div aria-hidden="true" className="absolute -left-[9999px] h-px w-px overflow-hidden">
      <label htmlFor="homepage">Leave this field empty</label>
      <input id="homepage" name="homepage" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}
