/**
 * The members file of an umbrella body (`npx redress umbrella --members <file>`): the member centres whose case
 * ledgers it reviews, each read from the member's private GitHub repository (its `cases/` folder) or from a ledger
 * folder on disk. The file names members and where their ledgers are; it holds nothing about any complaint.
 */
import { z } from 'zod';

/** `owner/name` of a GitHub repository, as GitHub allows them (a name is not "." or ".."). */
const RepositorySchema = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/, 'Write the repository as owner/name, e.g. "cambridge-ely-ccc/complaints".');

/** A branch name as git allows it: no "..", no "//", no leading "-" or "/", no trailing "/" or ".lock", no spaces. */
const BranchSchema = z
  .string()
  .regex(/^(?![-/])(?!.*(?:\.\.|\/\/|@\{))(?!.*(?:\/|\.lock)$)[A-Za-z0-9._/-]{1,250}$/, 'Write a branch name such as "main".');

/** One member centre. Give `repository` or `ledger`, not both. */
export const MemberSchema = z
  .strictObject({
    /** The member's name as the umbrella body knows it: what the report calls it. */
    name: z.string().trim().min(1, 'Give the member a name.').max(120),
    /** `owner/name` of the member's private cases repository: its ledger is the `cases/` folder there. */
    repository: RepositorySchema.optional(),
    /** With `repository`: the branch to read. Default: the repository's default branch. */
    branch: BranchSchema.optional(),
    /** A ledger folder on disk (`<year>/<reference>.json` files), relative to the members file. */
    ledger: z.string().trim().min(1, 'Give the ledger folder.').optional(),
  })
  .superRefine((member, ctx) => {
    if (member.repository === undefined && member.ledger === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: `Say where ${member.name}'s ledger is: "repository: owner/name" or "ledger: <folder>".` });
    }
    if (member.repository !== undefined && member.ledger !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['ledger'], message: 'Give "repository" or "ledger", not both: a member has one ledger.' });
    }
    if (member.branch !== undefined && member.repository === undefined) {
      ctx.addIssue({ code: 'custom', path: ['branch'], message: '"branch" goes with "repository".' });
    }
  });
export type Member = z.infer<typeof MemberSchema>;

export const MembersFileSchema = z
  .strictObject({
    /** The umbrella body, as the report is headed: "NACCC member centres". */
    name: z.string().trim().min(1, 'Give the umbrella body a name.').max(120),
    /** The member centres, in the order the report lists them. */
    members: z.array(MemberSchema).min(1, 'List at least one member.'),
  })
  .superRefine((file, ctx) => {
    // The same member twice would be counted twice in the overall figures.
    const seen = new Map<string, number>();
    file.members.forEach((member, index) => {
      const keys = [`name ${member.name.toLowerCase()}`, ...(member.repository ? [`repository ${member.repository.toLowerCase()}`] : []), ...(member.ledger ? [`ledger ${member.ledger}`] : [])];
      for (const key of keys) {
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, index);
          continue;
        }
        const field = key.slice(0, key.indexOf(' '));
        ctx.addIssue({ code: 'custom', path: ['members', index, field], message: `The same ${field} as member ${first + 1} (${file.members[first]?.name}): list each member once.` });
      }
    });
  });
export type MembersFile = z.infer<typeof MembersFileSchema>;
