/** Gaps in a customer's decision-making unit that stop one of the two tests from running. */
export function coverageGaps({ buyers, users, minUsers }: { buyers: number; users: number; minUsers: number }): string[] {
  const gaps: string[] = [];
  if (buyers === 0) gaps.push("No economic buyer: the valuable test cannot run until someone signs off for this customer.");
  if (users < minUsers)
    gaps.push(
      users === 0
        ? `No users yet: the usable test needs responses from at least ${minUsers}.`
        : `Only ${users} ${users === 1 ? "user" : "users"}: the usable test needs at least ${minUsers} responses.`,
    );
  return gaps;
}
