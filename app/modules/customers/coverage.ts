/**
 * Gaps in a customer's decision-making unit that stop one of the two tests from running — or, when
 * the program needs IT clearance to count a customer referenceable, the gatekeeper's review.
 */
export function coverageGaps({ buyers, users, gatekeepers = 0, minUsers, itClearanceRequired = false }: { buyers: number; users: number; gatekeepers?: number; minUsers: number; itClearanceRequired?: boolean }): string[] {
  const gaps: string[] = [];
  if (buyers === 0) gaps.push("No economic buyer: the valuable test cannot run until someone signs off for this customer.");
  if (itClearanceRequired && gatekeepers === 0) gaps.push("No technical gatekeeper: this customer cannot be referenceable until IT clears the product.");
  if (users < minUsers)
    gaps.push(
      users === 0
        ? `No users yet: the usable test needs responses from at least ${minUsers}.`
        : `Only ${users} ${users === 1 ? "user" : "users"}: the usable test needs at least ${minUsers} responses.`,
    );
  return gaps;
}
