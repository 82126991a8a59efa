/** The product mark (decorative: the product name always sits next to it). */
export function BrandLogo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="var(--mantine-color-indigo-7)" />
      <path d="M8 10h4v12H8zM14 10h4v12h-4zM20 10h4v12h-4z" fill="#fff" />
    </svg>
  );
}
