/**
 * Small palette icons: one glyph per image in the image's own colours, and line icons for the
 * kernel objects (network, namespace, veth pair, bridge). Decorative: always `aria-hidden`.
 */
import type { ReactNode } from 'react';
import type { PaletteImage } from '../gestures/commands';

function Svg({ children, bg }: { children: ReactNode; bg?: string }) {
  return (
    <svg className="pal-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
      {bg ? <rect x="1" y="1" width="22" height="22" rx="5" fill={bg} /> : null}
      {children}
    </svg>
  );
}

const IMAGE_ICONS: Record<PaletteImage, ReactNode> = {
  busybox: (
    <Svg bg="#3f3a22">
      <path d="M12 4.5 19 8v8l-7 3.5L5 16V8z" fill="#d6c27a" />
      <path d="M5 8l7 3.5L19 8M12 11.5V19.5" stroke="#3f3a22" strokeWidth="1.2" fill="none" />
    </Svg>
  ),
  alpine: (
    <Svg bg="#0d597f">
      <path d="M3 18 9 8l3.5 5.5L15 10l6 8z" fill="#e0f2fe" />
      <path d="M9 8 7.3 11h3.5zM15 10l-1.2 2h2.4z" fill="#7dd3fc" />
    </Svg>
  ),
  nginx: (
    <Svg bg="#0b3d1b">
      <path d="M12 3.2 19.6 7.6v8.8L12 20.8 4.4 16.4V7.6z" fill="#009639" />
      <path d="M9.3 15.5v-7l5.4 7v-7" stroke="#fff" strokeWidth="1.7" fill="none" strokeLinejoin="round" />
    </Svg>
  ),
  tomcat: (
    <Svg bg="#3b2f0b">
      <path d="M5 6.5 8.5 10h7L19 6.5V15a7 5 0 0 1-14 0z" fill="#f8dc75" />
      <circle cx="9.6" cy="13" r="1.1" fill="#3b2f0b" />
      <circle cx="14.4" cy="13" r="1.1" fill="#3b2f0b" />
      <path d="M11 15.8h2l-1 1z" fill="#d1a41a" />
    </Svg>
  ),
  centos: (
    <Svg bg="#1e1b3a">
      <rect x="5" y="5" width="6.4" height="6.4" fill="#9ccd2a" />
      <rect x="12.6" y="5" width="6.4" height="6.4" fill="#932279" />
      <rect x="5" y="12.6" width="6.4" height="6.4" fill="#efa724" />
      <rect x="12.6" y="12.6" width="6.4" height="6.4" fill="#5b5bd6" />
    </Svg>
  ),
  redis: (
    <Svg bg="#3b0d0b">
      <path d="M12 5.5 19 8.3 12 11 5 8.3z" fill="#ff6b5f" />
      <path d="M5 11.5 12 14.3l7-2.8M5 14.8 12 17.6l7-2.8" stroke="#dc382d" strokeWidth="2" fill="none" strokeLinejoin="round" />
    </Svg>
  ),
  mysql: (
    <Svg bg="#06303a">
      <ellipse cx="12" cy="7" rx="6" ry="2.4" fill="#00a3c4" />
      <path d="M6 7v10c0 1.3 2.7 2.4 6 2.4s6-1.1 6-2.4V7c0 1.3-2.7 2.4-6 2.4S6 8.3 6 7z" fill="#00758f" />
      <path d="M6 12c0 1.3 2.7 2.4 6 2.4s6-1.1 6-2.4" stroke="#f29111" strokeWidth="1.4" fill="none" />
    </Svg>
  ),
};

export function ImageIcon({ image }: { image: PaletteImage }) {
  return IMAGE_ICONS[image];
}

const line = { fill: 'none', stroke: 'currentColor', strokeWidth: 1.7, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;

export const NetworkIcon = () => (
  <Svg>
    <rect x="3" y="9" width="18" height="6" rx="1.6" {...line} />
    <path d="M6 12h.01M9 12h.01M12 12h.01M7 9V5M17 9V5M12 15v4" {...line} />
  </Svg>
);

export const VmIcon = () => (
  <Svg>
    <rect x="3" y="4" width="18" height="12" rx="1.6" {...line} />
    <path d="M8 20h8M12 16v4M7 8h4" {...line} />
  </Svg>
);

export const NamespaceIcon = () => (
  <Svg>
    <rect x="3.5" y="4.5" width="17" height="15" rx="3" {...line} strokeDasharray="3 2.4" />
    <path d="M8 12h8" {...line} />
  </Svg>
);

export const VethIcon = () => (
  <Svg>
    <rect x="2.5" y="9" width="6" height="6" rx="1.5" {...line} />
    <rect x="15.5" y="9" width="6" height="6" rx="1.5" {...line} />
    <path d="M8.5 12h7" {...line} />
  </Svg>
);

export const BridgeIcon = () => (
  <Svg>
    <rect x="3" y="10" width="18" height="7" rx="1.6" {...line} />
    <path d="M7 10V6M12 10V6M17 10V6M6.5 13.5h11" {...line} />
  </Svg>
);
