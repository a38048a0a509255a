// The h1 of a screen. It takes focus when the screen opens, so keyboard and screen-reader users
// start at the top of the new content instead of on a button that no longer exists.
import { useEffect, useRef, type ReactNode } from 'react';

export function ScreenHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
