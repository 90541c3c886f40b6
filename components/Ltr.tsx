import type { ReactNode } from 'react';

/**
 * A phone number, ID, trace ID, hash or code shown on its own: always left to right, isolated
 * from the text around it, also inside right-to-left text. `className` adds e.g. `mono`.
 */
export function Ltr(props: { children: ReactNode; className?: string }) {
  return (
    <bdi dir="ltr" className={props.className}>
      {props.children}
    </bdi>
  );
}
