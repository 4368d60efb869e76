-- Links used to be kept in the props of every email, sent or not. Those of emails that left the
-- outbox are erased (links are stored only as hashes); queued ones keep theirs until sent, when the
-- sender erases them (outbox.server.ts).
UPDATE "email_outbox" SET "props" = "props" - 'link'
  WHERE "status" IN ('sent', 'failed')
    AND "template" IN ('feedback-invite', 'feedback-reminder', 'teammate-invite', 'signoff-request', 'signoff-reminder');--> statement-breakpoint
UPDATE "email_outbox" SET "props" = "props" - 'withdrawLink'
  WHERE "status" IN ('sent', 'failed') AND "template" = 'signoff-receipt';
