ALTER TABLE "signoffs" ALTER COLUMN "willingness_to_pay" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "signoffs" ALTER COLUMN "willingness_to_pay" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "closes_on" date;