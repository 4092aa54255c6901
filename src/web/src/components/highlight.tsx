/**
 * A document's text with the evidence sentence marked by its character offsets
 * and the trigger word emphasised. Text is rendered as text nodes only.
 */
import { useEffect, useRef } from "preact/hooks";

interface Props {
  text: string;
  start: number;
  end: number;
  trigger?: { start: number; end: number } | null;
}

/** Clamp offsets to the text so a stale record never throws. */
const clamp = (n: number, text: string): number => Math.max(0, Math.min(text.length, n));

export function Highlighted({ text, start, end, trigger }: Props) {
  const mark = useRef<HTMLElement>(null);
  useEffect(() => {
    mark.current?.scrollIntoView?.({ block: "nearest" });
  }, [text, start]);
  const s = clamp(start, text);
  const e = Math.max(s, clamp(end, text));
  const ts = trigger ? clamp(trigger.start, text) : -1;
  const te = trigger ? clamp(trigger.end, text) : -1;
  const inner = ts >= s && te <= e && te > ts
    ? [text.slice(s, ts), <strong class="trigger" key="t">{text.slice(ts, te)}</strong>, text.slice(te, e)]
    : [text.slice(s, e)];
  return (
    <div class="doc-text" tabIndex={0} aria-label="Article text">
      {text.slice(0, s)}
      <mark ref={mark} class="evidence">{inner}</mark>
      {text.slice(e)}
    </div>
  );
}
