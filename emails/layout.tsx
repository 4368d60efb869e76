import { Body } from "@react-email/body";
import { Button as EmailButton } from "@react-email/button";
import { Container } from "@react-email/container";
import { Head } from "@react-email/head";
import { Hr } from "@react-email/hr";
import { Html } from "@react-email/html";
import { Img } from "@react-email/img";
import { Preview } from "@react-email/preview";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import { createContext, useContext, type ComponentProps, type ReactNode } from "react";

/**
 * Who asks, for the header and footer of every email: set by renderEmail from the workspace's
 * settings when the email is sent, so the templates themselves take only their own props.
 */
export type EmailBrand = {
  companyName: string;
  accentColor: string | null;
  /** Absolute address of the logo, or null. */
  logoUrl: string | null;
  /** The header line: "Ledgerly, by Acme Software, asks for your feedback". */
  asks: string;
};

export const EmailBrandContext = createContext<EmailBrand | null>(null);

const CHARTER_ACCENT = "#3b3fb6";

/** The frame every Charter email shares: plain, readable in any client and as text. */
export function EmailLayout({ preview, children, footer }: { preview: string; children: ReactNode; footer?: string }) {
  const brand = useContext(EmailBrandContext);
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: "#f6f7fb", fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif", margin: 0, padding: "24px 0" }}>
        <Container style={{ backgroundColor: "#ffffff", borderRadius: 8, margin: "0 auto", maxWidth: 560, padding: "32px 28px", borderTop: brand ? `4px solid ${brand.accentColor ?? CHARTER_ACCENT}` : undefined }}>
          {brand ? <BrandHeader brand={brand} /> : null}
          <Section>{children}</Section>
          <Hr style={{ borderColor: "#e5e7eb", margin: "28px 0 16px" }} />
          <Text style={{ color: "#6b7280", fontSize: 12, lineHeight: "18px", margin: 0 }}>
            {footer ?? (brand ? `Sent with Charter on behalf of ${brand.companyName}.` : "Sent with Charter on behalf of the product team named above.")}
          </Text>
          {brand && footer ? <Text style={{ color: "#6b7280", fontSize: 12, lineHeight: "18px", margin: "4px 0 0" }}>Sent with Charter on behalf of {brand.companyName}.</Text> : null}
        </Container>
      </Body>
    </Html>
  );
}

function BrandHeader({ brand }: { brand: EmailBrand }) {
  return (
    <Section style={{ margin: "0 0 20px" }}>
      {brand.logoUrl ? <Img src={brand.logoUrl} alt={brand.companyName} height={32} style={{ height: 32, width: "auto", margin: "0 0 8px" }} /> : null}
      <Text style={{ color: "#374151", fontSize: 14, fontWeight: 600, lineHeight: "20px", margin: 0 }}>{brand.asks}</Text>
    </Section>
  );
}

/** The call to action, in the workspace's accent colour when it has one (checked for contrast with white text). */
export function Button(props: ComponentProps<typeof EmailButton>) {
  const brand = useContext(EmailBrandContext);
  return <EmailButton {...props} style={{ ...button, ...props.style, backgroundColor: brand?.accentColor ?? CHARTER_ACCENT }} />;
}

export const text = { color: "#111827", fontSize: 15, lineHeight: "24px", margin: "0 0 14px" } as const;
export const heading = { color: "#111827", fontSize: 20, fontWeight: 600, lineHeight: "28px", margin: "0 0 16px" } as const;
export const button = {
  backgroundColor: CHARTER_ACCENT,
  borderRadius: 6,
  color: "#ffffff",
  display: "inline-block",
  fontSize: 15,
  fontWeight: 600,
  padding: "12px 20px",
  textDecoration: "none",
} as const;
/** Links in running text: a darker blue than the default, underlined (readable, and told apart from the text without colour). */
export const link = { color: "#1d4ed8", textDecoration: "underline" } as const;
export const small = { color: "#4b5563", fontSize: 13, lineHeight: "20px", margin: "14px 0 0", wordBreak: "break-all" } as const;
