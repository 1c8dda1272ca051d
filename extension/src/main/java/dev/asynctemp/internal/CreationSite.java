package dev.asynctemp.internal;

/**
 * Where and for whom an artifact was created: the caller's stack, captured on the calling thread
 * when the creator was called (not on the worker that did the work), and who the code belonged to
 * (see {@link Scopes}).
 *
 * @param stack the creating call's stack: a throwable made at the call, never thrown
 * @param attribution the scope the artifact belongs to for certain, or why it goes to the run level
 */
public record CreationSite(Throwable stack, Attribution attribution) {
}
