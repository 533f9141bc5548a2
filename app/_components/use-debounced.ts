import { useEffect, useState } from "react";

/** `value` once it has stayed the same for `ms` (a search box, a name typed before the preview follows it). */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}
