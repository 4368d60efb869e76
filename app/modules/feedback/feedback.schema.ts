import { z } from "~/utils/zod";
import { decimalNumber, optionalText } from "~/utils/schema-fields";
import { taskOutcomes } from "./usability";

const susAnswer = (item: number) => {
  const message = `Choose an answer for statement ${item}.`;
  return decimalNumber(message).pipe(z.number().int(message).min(1, message).max(5, message));
};


/** The user's feedback form: one outcome per task, the ten SUS items, two open questions. */
export const feedbackSchema = z.object({
  tasks: z
    .array(
      z.object({
        taskId: z.uuid({ error: "This form is out of date; reload the page." }),
        outcome: z.enum(taskOutcomes, { error: "Choose how this task went." }),
        comment: optionalText(1000),
      }),
      { error: "This form is out of date; reload the page." },
    )
    .min(1, "This form is out of date; reload the page."),
  sus1: susAnswer(1),
  sus2: susAnswer(2),
  sus3: susAnswer(3),
  sus4: susAnswer(4),
  sus5: susAnswer(5),
  sus6: susAnswer(6),
  sus7: susAnswer(7),
  sus8: susAnswer(8),
  sus9: susAnswer(9),
  sus10: susAnswer(10),
  confusing: optionalText(2000),
  missing: optionalText(2000),
});
export type FeedbackInput = z.infer<typeof feedbackSchema>;

export const susOf = (input: FeedbackInput) =>
  [input.sus1, input.sus2, input.sus3, input.sus4, input.sus5, input.sus6, input.sus7, input.sus8, input.sus9, input.sus10];
