/**
 * The role of a Raft node (Raft §5.1, Figure 4).
 *
 * The role-specific state (a candidate's votes, a leader's followers) lives inside `Node` as a
 * discriminated union; this module only names the roles.
 *
 * @module
 */

/** `Follower`, `Candidate` or `Leader`. */
export type Role = 'Follower' | 'Candidate' | 'Leader';

/** All roles, in the order Raft moves through them. */
export const ROLES: readonly Role[] = ['Follower', 'Candidate', 'Leader'];
