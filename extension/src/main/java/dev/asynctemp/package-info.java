/**
 * Asynchronous temporary files and directories, a port of anyio's async {@code tempfile} module:
 * start at {@link dev.asynctemp.AsyncTempfile}.
 *
 * @since 0.1.0
 */
package dev.asynctemp;
