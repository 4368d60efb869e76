import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { db, type Executor } from "#db/client";
import { workspaceLogos, workspaces } from "#db/schema";
import { recordAudit, type MemberActor } from "~/modules/audit/audit.server";
import { AppError } from "~/utils/errors";
import { MAX_LOGO_BYTES, sniffImageType, type Brand } from "./brand";
import type { BrandInput } from "./brand.schema";

const logoPath = (sha256: string | null) => (sha256 ? `/logos/${sha256}` : null);

/**
 * The brand's columns, for a page's own query to join in (workspaces, then workspace_logos left
 * joined) instead of one more statement.
 */
export const brandColumns = { brandCompanyName: workspaces.companyName, brandAccentColor: workspaces.accentColor, brandLogoSha: workspaceLogos.sha256 };

export const brandOf = (row: { brandCompanyName: string; brandAccentColor: string | null; brandLogoSha: string | null }): Brand => ({
  companyName: row.brandCompanyName,
  accentColor: row.brandAccentColor,
  logoPath: logoPath(row.brandLogoSha),
});

/** Who asks on a workspace's public pages and emails: one statement. */
export async function getBrand(workspaceId: string, tx: Executor = db()): Promise<Brand> {
  const [row] = await tx
    .select(brandColumns)
    .from(workspaces)
    .leftJoin(workspaceLogos, eq(workspaceLogos.workspaceId, workspaces.id))
    .where(eq(workspaces.id, workspaceId))
    .limit(1);
  if (!row) throw new AppError("not_found", "Workspace not found");
  return brandOf(row);
}

/**
 * Saves the company name, accent colour and logo together. The logo's type is read from its bytes:
 * an SVG (which can carry scripts), a renamed file or anything else is refused and nothing is saved.
 */
export async function updateBrand({ actor, input }: { actor: MemberActor; input: BrandInput }) {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only an admin changes the workspace's settings.");
  let logo: { contentType: string; bytes: Buffer; sha256: string } | null = null;
  if (input.logo && input.logo.size > 0 && !input.removeLogo) {
    if (input.logo.size > MAX_LOGO_BYTES) throw new AppError("invalid", `The logo is over ${MAX_LOGO_BYTES / 1024} KB. Nothing was saved.`, "logo");
    const bytes = Buffer.from(await input.logo.arrayBuffer());
    const contentType = sniffImageType(bytes);
    if (!contentType) throw new AppError("invalid", "That file is not a PNG, JPEG or WebP image (SVG is not accepted). Nothing was saved.", "logo");
    logo = { contentType, bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
  }
  await db().transaction(async (tx) => {
    await tx
      .update(workspaces)
      .set({ companyName: input.companyName, accentColor: input.accentColor ?? null })
      .where(eq(workspaces.id, actor.workspaceId));
    if (input.removeLogo) await tx.delete(workspaceLogos).where(eq(workspaceLogos.workspaceId, actor.workspaceId));
    if (logo)
      await tx
        .insert(workspaceLogos)
        .values({ workspaceId: actor.workspaceId, ...logo })
        .onConflictDoUpdate({ target: workspaceLogos.workspaceId, set: { ...logo, updatedAt: new Date() } });
    await recordAudit(tx, actor, {
      workspaceId: actor.workspaceId,
      action: "workspace.brand_changed",
      subjectId: actor.workspaceId,
      details: {
        companyName: input.companyName,
        accentColor: input.accentColor ?? null,
        logo: logo ? { type: logo.contentType, bytes: logo.bytes.length, sha256: logo.sha256 } : input.removeLogo ? "removed" : "unchanged",
      },
    });
  });
}

/** A logo by its content hash, for the public /logos/<sha256> route. */
export async function getLogo(sha256: string) {
  const [row] = await db()
    .select({ contentType: workspaceLogos.contentType, bytes: workspaceLogos.bytes })
    .from(workspaceLogos)
    .where(eq(workspaceLogos.sha256, sha256))
    .limit(1);
  return row ?? null;
}
