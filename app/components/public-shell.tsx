import type { CSSProperties, ReactNode } from "react";
import { askedBy, type Brand } from "~/modules/brand/brand";

/** Who asks on a public page: the workspace's brand and the program's product name. */
export type PublicBrand = Brand & { productName: string | null };

/** The accent colour for the page's buttons and links (validated #rrggbb, contrast checked on save). */
function accentStyle(accent: string | null): CSSProperties | undefined {
  if (!accent) return undefined;
  const darker = `color-mix(in oklab, ${accent} 85%, black)`;
  return { "--color-brand-600": accent, "--color-brand-700": accent, "--color-brand-800": darker } as CSSProperties;
}

/**
 * The frame of the pages customers' users and buyers open from an email (no account, no menu).
 * With a brand, it says who asks ("Ledgerly, by Acme Software, asks for your feedback") and keeps a
 * small "Sent with Charter" line; `asks` is what they ask for. `as="div"` for a preview inside a page.
 */
export function PublicShell({ label, brand, asks, as: Frame = "main", children }: { label: string; brand?: PublicBrand | null; asks?: string; as?: "main" | "div"; children: ReactNode }) {
  return (
    <Frame className="mx-auto max-w-2xl px-4 py-8 sm:py-12" style={accentStyle(brand?.accentColor ?? null)}>
      {brand ? (
        <div className="mb-6 flex items-center gap-3 border-b-2 border-brand-600 pb-3 text-sm font-semibold text-slate-700">
          {brand.logoPath ? <img src={brand.logoPath} alt={brand.companyName} className="h-8 w-auto max-w-32 object-contain" height={32} /> : null}
          <p>
            {askedBy(brand, brand.productName)} {asks ?? `asks for your ${label}`}
          </p>
        </div>
      ) : (
        <div className="mb-6 flex items-center gap-2 text-sm font-semibold text-slate-700">
          <img src="/favicon.svg" alt="" className="size-5" width={20} height={20} /> Charter · {label}
        </div>
      )}
      {children}
      {brand ? (
        <p className="mt-10 flex items-center gap-1.5 text-xs text-slate-600">
          <img src="/favicon.svg" alt="" className="size-3.5" width={14} height={14} /> Sent with Charter
        </p>
      ) : null}
    </Frame>
  );
}
