import { useEffect, useRef } from "react";
import { Notice } from "./page";

/**
 * The result of an action, brought into view and announced: after a post the page may be scrolled
 * far from where the message appears.
 */
export function FlashNotice({ message }: { message: string | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!message || !ref.current) return;
    ref.current.scrollIntoView({ block: "center", behavior: "smooth" });
    ref.current.focus({ preventScroll: true });
  }, [message]);
  if (!message) return null;
  return (
    <div ref={ref} role="status" tabIndex={-1} className="outline-none">
      <Notice tone="green">{message}</Notice>
    </div>
  );
}
