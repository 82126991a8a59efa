import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Breadcrumbs } from '@mantine/core';

/** Admin › [section ›] page. */
export function AdminCrumbs({ section, current }: { section?: { to: string; label: string }; current: ReactNode }) {
  return (
    <Breadcrumbs mb="sm" aria-label="Breadcrumb">
      <Anchor component={Link} to="/admin" size="sm">
        Admin
      </Anchor>
      {section && (
        <Anchor component={Link} to={section.to} size="sm">
          {section.label}
        </Anchor>
      )}
      <span aria-current="page">{current}</span>
    </Breadcrumbs>
  );
}

/** "25" → "0.25", "7.5" → "0.075", "100" → "1.00" — moves the decimal point on the string. */
export function shiftPercent(p: string): string {
  const [int = '0', frac = ''] = p.split('.');
  const digits = (int.padStart(3, '0') + frac).replace(/^0+(?=\d{3})/, '');
  const whole = digits.slice(0, digits.length - 2 - frac.length) || '0';
  const rest = digits.slice(digits.length - 2 - frac.length);
  return `${Number(whole)}.${rest}`;
}
