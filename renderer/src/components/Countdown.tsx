// Time left until a deadline, updated every second.
import { useEffect, useState } from 'react';
import { formatClock } from '../lib/format.js';

export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function Countdown({ deadline, label }: { deadline: string; label: string }) {
  const now = useNow();
  const secondsLeft = Math.max(0, (new Date(deadline).getTime() - now) / 1000);
  return (
    <p className={secondsLeft < 300 ? 'countdown countdown-low' : 'countdown'}>
      {label}{' '}
      <span role="timer" aria-label={label} aria-live="off">
        {secondsLeft > 0 ? formatClock(secondsLeft) : 'deadline passed'}
      </span>
    </p>
  );
}
