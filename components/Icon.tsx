/** The extension's mark: a page with 中, drawn inline so the host page loads nothing. */
export function Icon({ size = 18 }: { size?: number }) {
  return (
    <svg class="icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true">
      <rect x="2" y="2" width="20" height="20" rx="5" fill="#b31b1b" />
      <path d="M12 5.5v13M7.5 9h9v5h-9z" fill="none" stroke="#fff" stroke-width="2" stroke-linejoin="round" />
    </svg>
  );
}
