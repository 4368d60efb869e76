import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

/** The frame every Charter email shares: plain, readable in any client and as text. */
export function EmailLayout({ preview, children, footer }: { preview: string; children: ReactNode; footer?: string }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: "#f6f7fb", fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif", margin: 0, padding: "24px 0" }}>
        <Container style={{ backgroundColor: "#ffffff", borderRadius: 8, margin: "0 auto", maxWidth: 560, padding: "32px 28px" }}>
          <Section>{children}</Section>
          <Hr style={{ borderColor: "#e5e7eb", margin: "28px 0 16px" }} />
          <Text style={{ color: "#6b7280", fontSize: 12, lineHeight: "18px", margin: 0 }}>
            {footer ?? "Sent with Charter on behalf of the product team named above."}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export const text = { color: "#111827", fontSize: 15, lineHeight: "24px", margin: "0 0 14px" } as const;
export const heading = { color: "#111827", fontSize: 20, fontWeight: 600, lineHeight: "28px", margin: "0 0 16px" } as const;
export const button = {
  backgroundColor: "#3b3fb6",
  borderRadius: 6,
  color: "#ffffff",
  display: "inline-block",
  fontSize: 15,
  fontWeight: 600,
  padding: "12px 20px",
  textDecoration: "none",
} as const;
export const small = { color: "#4b5563", fontSize: 13, lineHeight: "20px", margin: "14px 0 0", wordBreak: "break-all" } as const;
